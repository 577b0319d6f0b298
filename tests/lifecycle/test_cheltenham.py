"""Cheltenham's Personal Safety Register (002): an assault stays 4 years at most
(§4.5.1), is reviewed every 6 months (§4.7), is removed at a review when nothing new has
happened (§4.2), and is deleted 6 months after removal (§4.7)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.accounts.roles import Role
from caution.notifications.models import Notification
from caution.people.models import Person
from caution.privacy.models import Tombstone
from caution.register import deciding
from caution.register.models import Caution, Review
from caution.register.reviews import review_record, since_last_review
from tests.factories import answered, make_user, review_meeting_held
from tests.journeys.conftest import MONDAY, assess, check
from tests.lifecycle.conftest import on, sweep
from tests.privacy.conftest import decided, reported

pytestmark = pytest.mark.django_db

DAY_ONE = MONDAY.date()


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def assault(reporter, customer, line_manager, other_manager, private_files) -> Caution:
    incident = assess(reported(reporter, customer), line_manager, "ASSAULT")
    return decided(incident, other_manager)


def review(caution: Caution, by) -> Review:
    """The Governance Group reviews the entry, with the outcome the profile proposes when
    nothing is new, and "keep" otherwise."""
    caution.refresh_from_db()
    context = since_last_review(caution)
    return review_record(
        caution,
        outcome=context.preselected or Review.Outcome.KEEP,
        reasons="Discussed at the quarterly Governance Group.",
        meeting=review_meeting_held(by),
        by=by,
        version=caution.version,
    )


def test_002_4_5_1_an_assault_expires_after_4_years_when_the_sweep_runs_that_day(assault, reporter):
    four_years = DAY_ONE + relativedelta(years=4)
    assert assault.expires_on == four_years

    sweep(four_years - dt.timedelta(days=1))
    with on(four_years - dt.timedelta(days=1)):
        assert check(reporter)
    sweep(four_years)

    assault.refresh_from_db()
    assert assault.status == Caution.Status.EXPIRED
    with on(four_years):
        assert check(reporter) == []


def test_002_4_2_reviewed_every_6_months_removed_when_nothing_new_and_deleted_6_months_later(
    assault,
    reporter,
    line_manager,
    other_manager,
    register_officer,
    django_capture_on_commit_callbacks,
):
    governance_group = make_user(Role.PANEL_MEMBER, first_name="Gita")
    first_review = DAY_ONE + relativedelta(months=6)
    assert assault.next_review == first_review

    # Three months in, he is rude on the phone: something new for the first review.
    with on(DAY_ONE + relativedelta(months=3)):
        again = assess(
            reported(reporter, assault.person, category="VERBAL_ABUSE", witness="Ben Ode"),
            line_manager,
            "ABUSE",
        )
        deciding.decision_record(
            again,
            answers=answered(),
            outcome="no_action",
            reasons="Already on the register; noted for the review.",
            version=again.version,
            by=other_manager,
        )

    sweep(first_review)
    reminder = Notification.objects.get(user=governance_group)
    assert reminder.subject == "A review of a caution falls due"
    with on(first_review):
        assert review(assault, register_officer).outcome == Review.Outcome.KEEP

    second_review = first_review + relativedelta(months=6)
    assault.refresh_from_db()
    assert assault.next_review == second_review
    sweep(second_review)
    with on(second_review):
        kept_or_removed = review(assault, register_officer)
        assert kept_or_removed.nothing_new
        assert kept_or_removed.outcome == Review.Outcome.REMOVE
        assert check(reporter) == []

    deletion_day = second_review + relativedelta(months=6)
    sweep(deletion_day - dt.timedelta(days=1))
    assert Person.objects.filter(id=assault.person_id).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(deletion_day)
    assert not Person.objects.filter(id=assault.person_id).exists()
    [tombstone] = Tombstone.objects.all()
    assert (tombstone.level, tombstone.ended_as, tombstone.reviews) == ("ASSAULT", "removed", 2)
