"""The person is told of an extension or removal where the profile says so (002 §3,
notification.also_on): a review outcome letter is prepared."""

import pytest
from dateutil.relativedelta import relativedelta

from caution.register.models import Review
from caution.register.reviews import review_record
from tests.factories import review_meeting_held
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


def review(caution, outcome, by, **extra):
    meeting = review_meeting_held(by)
    return review_record(
        caution, outcome=outcome, reasons="Reviewed.", meeting=meeting, by=by, **extra
    )


@pytest.fixture
def abuse(settings, customer):
    settings.CAUTION_PROFILE = "cheltenham"
    added = months_ago(6)
    return on_register(
        customer,
        level="ABUSE",
        category="VERBAL_ABUSE",
        added=added,
        expires_on=added + relativedelta(years=1),
    )


def test_002_3_the_person_is_told_of_a_removal(abuse, register_officer):
    done = review(abuse, Review.Outcome.REMOVE, register_officer)

    letter = done.letters.get()
    assert letter.kind == "review_outcome"
    assert "removed" in letter.fields["action"]


def test_002_3_the_person_is_told_of_an_extension(abuse, register_officer):
    later = abuse.expires_on + relativedelta(months=6)

    done = review(abuse, Review.Outcome.KEEP, register_officer, expires_on=later)

    assert done.letters.get().kind == "review_outcome"


def test_002_3_keeping_an_entry_as_it_is_needs_no_letter(abuse, register_officer):
    done = review(abuse, Review.Outcome.KEEP, register_officer)

    assert not done.letters.exists()


def test_003_an_alert_kept_is_not_written_about_but_a_removal_is(
    settings, customer, register_officer
):
    """003 §2.4 and §10.1: the customer is told of their status, so a removal at review is
    written about; an alert kept as it was changes nothing to tell."""
    settings.CAUTION_PROFILE = "dover"
    alert = on_register(customer, level="3", added=months_ago(12))

    kept = review(alert, Review.Outcome.KEEP, register_officer)
    removed = review(alert, Review.Outcome.REMOVE, register_officer)

    assert not kept.letters.exists()
    assert removed.letters.get().kind == "review_outcome"
