"""Dover's Customer Alerts (003): an alert has no expiry; it is reviewed every year
(§10.1) and stays when nothing new has come in (§10.4); it comes off when the tenancy or
licence ends (§10.3), and the records go 6 months later (our choice, as 002 §4.7)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.people.models import Person
from caution.privacy.retention import deletion_schedule
from caution.register import deciding
from caution.register.cautions_expiry import cautions_end_on_leaving
from caution.register.models import Caution, Review
from caution.register.reviews import review_record, since_last_review
from tests.factories import answered
from tests.journeys.conftest import MONDAY, assess, check
from tests.lifecycle.conftest import on, sweep
from tests.privacy.conftest import reported

pytestmark = pytest.mark.django_db

DAY_ONE = MONDAY.date()


@pytest.fixture(autouse=True)
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


@pytest.fixture
def alert(reporter, customer, line_manager, private_files) -> Caution:
    """A level 3 (High) alert placed by the reporting officer's line manager (003 §8)."""
    reporter.manager = line_manager
    reporter.save(update_fields=["manager"])
    incident = assess(reported(reporter, customer, category="VIOLENCE"), line_manager, "3")
    decision = deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="Risk assessment: actual or attempted physical assault on an officer.",
        terms=deciding.CautionTerms(level="3", precautions="Visit in pairs"),
        version=incident.version,
        by=line_manager,
    )
    return decision.caution


def test_003_10_4_a_level_3_alert_stays_at_its_annual_review_with_no_new_information(
    alert, reporter, register_officer
):
    annual_review = DAY_ONE + relativedelta(years=1)
    assert alert.expires_on is None
    assert alert.next_review == annual_review

    sweep(annual_review)
    with on(annual_review):
        alert.refresh_from_db()
        context = since_last_review(alert)
        assert context.nothing_new
        assert context.preselected == Review.Outcome.KEEP
        review_record(
            alert,
            outcome=context.preselected,
            reasons="No further information from the customer or other agencies.",
            by=register_officer,
            version=alert.version,
        )
    sweep(annual_review + dt.timedelta(days=1))

    alert.refresh_from_db()
    assert alert.status == Caution.Status.ACTIVE
    assert alert.next_review == annual_review + relativedelta(years=1)
    with on(annual_review + dt.timedelta(days=1)):
        assert [view.level_code for view in check(reporter)] == ["3"]
    assert deletion_schedule() == []


def test_003_10_3_the_alert_ends_with_the_tenancy_and_the_records_go_6_months_later(
    alert, reporter, register_officer, django_capture_on_commit_callbacks
):
    moved_out = DAY_ONE + relativedelta(months=8)
    sweep(moved_out)
    with on(moved_out):
        cautions_end_on_leaving(alert.person, left_on=moved_out, by=register_officer)
        assert check(reporter) == []

    sweep(moved_out + relativedelta(months=6) - dt.timedelta(days=1))
    assert Person.objects.filter(id=alert.person_id).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(moved_out + relativedelta(months=6))
    assert not Person.objects.filter(id=alert.person_id).exists()
