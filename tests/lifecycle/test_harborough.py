"""Harborough's Customer Caution Register (000): an entry taken from a business partner's
register lasts a year unless it is marker 1 (§8.6), is reviewed every 6 months (§8.4),
and its records go 6 months after it ends (our choice, as 002 §4.7)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.incidents.models import Incident
from caution.people.models import Person
from caution.register.models import Caution, Review
from caution.register.reviews import review_record
from tests.factories import review_meeting_held
from tests.journeys.conftest import MONDAY, assess, check, report
from tests.journeys.test_harborough import decide, held
from tests.lifecycle.conftest import on, sweep

pytestmark = pytest.mark.django_db

DAY_ONE = MONDAY.date()


@pytest.fixture(autouse=True)
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def partners_entry(reporter, customer, line_manager, panel, register_officer) -> Caution:
    """Riverside Homes' own register: a threat to their caretaker, marker 2."""
    shared = report(
        reporter,
        customer,
        "THREAT",
        kind=Incident.Kind.THIRD_PARTY,
        agency="Riverside Homes (business partner in the building)",
        what="Riverside Homes' register: threatened their caretaker with a hammer.",
    )
    assess(shared, line_manager, "2")
    at = held(shared, panel, register_officer, present=("chair", "dpo", "facilities"))
    return decide(shared, at, register_officer, level="2", partner_sourced=True).caution


def test_000_8_6_a_partner_sourced_level_2_entry_ends_after_1_year_and_goes_6_months_later(
    partners_entry, reporter, register_officer, django_capture_on_commit_callbacks
):
    one_year = DAY_ONE + relativedelta(years=1)
    assert partners_entry.expires_on == one_year

    six_months = DAY_ONE + relativedelta(months=6)
    sweep(six_months)
    with on(six_months):
        partners_entry.refresh_from_db()
        review_record(
            partners_entry,
            outcome=Review.Outcome.KEEP,
            reasons="The Review Panel's six-monthly review: the risk remains.",
            meeting=review_meeting_held(),
            by=register_officer,
            version=partners_entry.version,
        )

    sweep(one_year - dt.timedelta(days=1))
    with on(one_year - dt.timedelta(days=1)):
        assert check(reporter)
    sweep(one_year)
    partners_entry.refresh_from_db()
    assert partners_entry.status == Caution.Status.EXPIRED
    with on(one_year):
        assert check(reporter) == []

    with django_capture_on_commit_callbacks(execute=True):
        sweep(one_year + relativedelta(months=6))
    assert not Person.objects.filter(id=partners_entry.person_id).exists()
