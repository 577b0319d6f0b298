"""Reviewing a caution: what happened since the last review, the profile's default when
nothing did (002 §4.2, 003 §10.4), the written justification for circumstances (002 §4.7),
keep / change / remove, and the person told where the profile says so (002 §3)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from caution.accounts.roles import Role
from caution.audit.selectors import history_of
from caution.incidents.models import Incident
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened
from caution.register.cautions import breach_record
from caution.register.models import Caution, Review
from caution.register.reviews import review_record, since_last_review
from tests.factories import make_user, review_meeting_held
from tests.journeys.conftest import check, report
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


def review(caution, outcome, by, reasons="Reviewed with the service.", **extra):
    extra.setdefault("meeting", review_meeting_held(by))
    return review_record(caution, outcome=outcome, reasons=reasons, by=by, **extra)


@pytest.fixture
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


@pytest.fixture
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def abuse(cheltenham, customer):
    """A verbal abuse entry added six months ago, due for review today."""
    return on_register(
        customer,
        level="ABUSE",
        category="VERBAL_ABUSE",
        added=months_ago(6),
        expires_on=months_ago(6) + relativedelta(years=1),
    )


def test_002_4_7_keeping_an_entry_sets_its_next_review_six_months_on(abuse, governance_group):
    review(abuse, Review.Outcome.KEEP, governance_group)

    abuse.refresh_from_db()
    assert abuse.last_reviewed == clock.today()
    assert abuse.next_review == clock.today() + relativedelta(months=6)


def test_003_10_1_keeping_an_alert_sets_its_next_review_a_year_on(
    dover, customer, reviewing_manager
):
    alert = on_register(customer, level="3", category="VIOLENCE", added=months_ago(12))

    review(alert, Review.Outcome.KEEP, reviewing_manager)

    alert.refresh_from_db()
    assert alert.next_review == clock.today() + relativedelta(months=12)


def test_a_next_review_later_than_the_interval_is_refused(abuse, governance_group):
    with pytest.raises(ValidationError) as refused:
        review(
            abuse,
            Review.Outcome.KEEP,
            governance_group,
            next_review=clock.today() + relativedelta(months=7),
        )

    assert "next_review" in refused.value.message_dict


def test_002_4_2_with_no_new_incident_removal_is_the_default(abuse):
    since = since_last_review(abuse)

    assert since.nothing_new
    assert since.preselected == "remove"
    assert "002 §4.2" in since.default_explained


def test_003_10_4_with_no_new_information_the_alert_stays_by_default(dover, customer):
    alert = on_register(customer, level="2", category="ABUSE", added=months_ago(12))

    assert since_last_review(alert).preselected == "keep"


def test_000_with_no_default_the_reviewer_chooses(harborough, customer):
    """000 §8.4 sets no default outcome for the six-monthly review, so none is preselected."""
    entry = on_register(customer, level="2", added=months_ago(6))

    since = since_last_review(entry)
    assert since.nothing_new
    assert since.preselected == ""


def test_002_4_7_a_new_incident_since_the_last_review_leaves_no_default(abuse, reporter, customer):
    report(reporter, customer, "VERBAL_ABUSE")

    since = since_last_review(abuse)
    assert [i.category for i in since.incidents] == ["VERBAL_ABUSE"]
    assert since.preselected == ""


def test_002_4_7_positive_contacts_are_shown_and_support_removal(abuse, reporter, customer):
    report(
        reporter,
        customer,
        "",
        kind=Incident.Kind.POSITIVE,
        what="Polite call about rent; thanked the officer.",
    )

    since = since_last_review(abuse)
    assert len(since.contacts) == 1
    assert since.incidents == []
    assert since.preselected == "remove"


def test_a_breach_since_the_last_review_is_new(abuse, reporter):
    breach_record(
        abuse,
        restriction=None,
        occurred_at=clock.now() - dt.timedelta(days=2),
        description="Phoned the housing office.",
        by=reporter,
    )

    since = since_last_review(abuse)
    assert len(since.breaches) == 1
    assert not since.nothing_new


def test_earlier_events_are_not_new(abuse, reporter, customer):
    with clock.frozen_at(clock.now() - relativedelta(months=7)):
        report(reporter, customer, "VERBAL_ABUSE")

    assert since_last_review(abuse).incidents == []


def test_removing_at_review_takes_the_caution_off_the_check(abuse, governance_group, reporter):
    review(abuse, Review.Outcome.REMOVE, governance_group, reasons="No further incidents.")

    abuse.refresh_from_db()
    assert abuse.status == Caution.Status.REMOVED
    assert abuse.ended_reason == "Removed at review: No further incidents."
    assert check(reporter) == []


def test_003_10_2_a_review_may_lower_the_level(dover, customer, reviewing_manager, reporter):
    alert = on_register(customer, level="3", category="VIOLENCE", added=months_ago(12))

    review(alert, Review.Outcome.CHANGE, reviewing_manager, level="2", precautions="Visit in pairs")

    [shown] = check(reporter)
    assert shown.level_code == "2"
    assert shown.precautions == "Visit in pairs"


def test_a_change_at_review_must_change_something(abuse, governance_group):
    with pytest.raises(ValidationError) as refused:
        review(abuse, Review.Outcome.CHANGE, governance_group, level="ABUSE")

    assert "outcome" in refused.value.message_dict


def test_002_4_7_keeping_a_circumstances_entry_needs_the_services_justification(
    cheltenham, customer, governance_group
):
    entry = on_register(
        customer, level="CIRCUMSTANCES", category="CIRCUMSTANCES", added=months_ago(6)
    )

    with pytest.raises(ValidationError) as refused:
        review(entry, Review.Outcome.KEEP, governance_group)
    kept = review(
        entry,
        Review.Outcome.KEEP,
        governance_group,
        justification="Housing: the risk from the dog at the property remains.",
    )

    assert "justification" in refused.value.message_dict
    assert kept.justification.startswith("Housing:")


def test_002_4_7_removing_a_circumstances_entry_needs_no_justification(
    cheltenham, customer, governance_group
):
    entry = on_register(
        customer, level="CIRCUMSTANCES", category="CIRCUMSTANCES", added=months_ago(6)
    )

    assert review(entry, Review.Outcome.REMOVE, governance_group).outcome == "remove"


def test_a_reporter_cannot_record_a_review(abuse, reporter):
    with pytest.raises(PermissionDenied):
        review(abuse, Review.Outcome.KEEP, reporter)


def test_a_register_officer_records_the_groups_review(abuse, register_officer):
    assert review(abuse, Review.Outcome.KEEP, register_officer).reviewed_by == register_officer


def test_the_review_is_in_the_cautions_history(abuse, governance_group):
    review(abuse, Review.Outcome.KEEP, governance_group, reasons="Still shouting at reception.")

    # Events made at the same moment (the tests' clock stands still) have no order between
    # them, so the review is looked for, not taken as the last.
    summaries = [event.summary for event in history_of(abuse)]
    assert "Reviewed the caution: keep the caution" in summaries
    event = next(e for e in history_of(abuse) if e.summary.startswith("Reviewed"))
    assert event.details["reason"] == "Still shouting at reception."


def test_a_review_opened_before_a_change_is_refused(abuse, governance_group):
    with pytest.raises(ChangedSinceOpened):
        review(abuse, Review.Outcome.KEEP, governance_group, version=abuse.version - 1)


def test_keeping_a_caution_does_not_quietly_drop_a_change_of_level(abuse, governance_group):
    with pytest.raises(ValidationError) as refused:
        review(abuse, Review.Outcome.KEEP, governance_group, level="PERSISTENT")

    assert "choose Change" in " ".join(refused.value.message_dict["outcome"])


def test_004_7_the_chief_officer_and_chair_review_and_a_manager_does_not(
    settings, customer, reviewing_manager
):
    settings.CAUTION_PROFILE = "workington"
    entry = on_register(customer, level="TEMPORARY", added=months_ago(6))
    chair = make_user(Role.DECISION_MAKER, first_name="Frances")

    with pytest.raises(PermissionDenied):
        review(entry, Review.Outcome.KEEP, reviewing_manager)
    assert review(entry, Review.Outcome.KEEP, chair).reviewed_by == chair


def test_a_restriction_that_lapsed_since_the_last_review_is_shown_and_recorded(
    abuse, governance_group
):
    restriction = abuse.restriction_set.get()
    restriction.ends_on = months_ago(1)
    restriction.save(update_fields=["ends_on"])

    lapsed = [f"Contact in writing only; until {months_ago(1):%-d %B %Y}"]
    assert since_last_review(abuse).lapsed == lapsed
    review(abuse, Review.Outcome.KEEP, governance_group)
    [reviewed] = [e for e in history_of(abuse) if e.summary.startswith("Reviewed")]
    assert reviewed.details["restrictions_lapsed"] == lapsed
