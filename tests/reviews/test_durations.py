"""How long a caution kept at review may last: three years at Harborough (000 Appendix
10.2), a year for a partner's entry unless marker 1 (000 §8.6), four years for an assault
at Cheltenham (002 §4.5.1), and no end at all where permanent entries are allowed (004 §5)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register import deciding
from caution.register.cautions_terms import expiry_problem
from caution.register.models import Caution, Decision, Review
from caution.register.reviews import review_record
from tests.factories import answered, make_person, make_user, review_meeting_held
from tests.journeys.conftest import assess, report
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


def keep(caution, by, expires_on):
    return review_record(
        caution,
        outcome=Review.Outcome.KEEP,
        reasons="Risk remains.",
        meeting=review_meeting_held(by),
        by=by,
        expires_on=expires_on,
    )


def refusal(caution, by, expires_on) -> str:
    with pytest.raises(ValidationError) as refused:
        keep(caution, by, expires_on)
    return " ".join(refused.value.message_dict["expires_on"])


@pytest.fixture
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


def test_000_appendix_10_2_an_entry_is_kept_at_most_three_years(
    harborough, customer, register_officer
):
    added = months_ago(30)
    entry = on_register(customer, level="2", added=added, expires_on=added + relativedelta(years=1))

    message = refusal(entry, register_officer, added + relativedelta(years=3, days=1))
    keep(entry, register_officer, added + relativedelta(years=3))

    entry.refresh_from_db()
    assert "at most until" in message
    assert entry.expires_on == added + relativedelta(years=3)


def test_000_8_6_a_partners_entry_is_kept_at_most_a_year_unless_marker_1(
    harborough, customer, register_officer
):
    added = months_ago(6)
    entry = on_register(
        customer,
        level="2",
        added=added,
        expires_on=added + relativedelta(months=9),
        partner_sourced=True,
    )

    assert refusal(entry, register_officer, added + relativedelta(months=13))
    keep(entry, register_officer, added + relativedelta(months=12))


def test_000_8_6_a_marker_1_partner_entry_may_be_kept_to_three_years(
    harborough, customer, register_officer
):
    added = months_ago(6)
    entry = on_register(
        customer,
        level="1",
        added=added,
        expires_on=added + relativedelta(years=1),
        partner_sourced=True,
    )

    keep(entry, register_officer, added + relativedelta(years=3))


def test_002_4_5_1_an_assault_entry_lasts_at_most_four_years(settings, customer, register_officer):
    settings.CAUTION_PROFILE = "cheltenham"
    added = months_ago(42)
    entry = on_register(
        customer,
        level="ASSAULT",
        category="ASSAULT",
        added=added,
        expires_on=added + relativedelta(years=4),
    )

    assert refusal(entry, register_officer, added + relativedelta(years=4, days=1))


def test_004_5_a_permanent_entry_is_allowed_where_the_profile_allows_it(settings, customer):
    settings.CAUTION_PROFILE = "workington"
    entry = on_register(customer, level="PERMANENT", added=months_ago(6))

    assert expiry_problem(entry, None) == ""


def test_000_appendix_10_2_no_entry_is_without_an_end_at_harborough(harborough, customer):
    entry = on_register(customer, level="2", added=months_ago(6))

    assert "without an end date" in expiry_problem(entry, None)


def test_restrictions_that_lasted_as_long_as_the_caution_are_extended_with_it(
    settings, reporter, register_officer
):
    settings.CAUTION_PROFILE = "cheltenham"
    person = make_person("Gary", "Pratt", born=dt.date(1979, 6, 21))
    with clock.frozen_at(clock.now() - relativedelta(months=6)):
        case = assess(report(reporter, person, "VIOLENCE"), register_officer, "VIOLENCE")
        caution = deciding.decision_record(
            case,
            answers=answered(),
            outcome=Decision.Outcome.CAUTION,
            reasons="Damage to the reception desk.",
            terms=deciding.CautionTerms(
                level="VIOLENCE", restrictions=(deciding.RestrictionInput(type="office_ban"),)
            ),
            version=case.version,
            by=make_user(Role.MANAGER),
        ).caution
    later = caution.expires_on + relativedelta(months=6)

    keep(caution, register_officer, later)

    assert caution.restriction_set.get().ends_on == later
    assert f"until {later:%-d %B %Y}" in Caution.objects.get(id=caution.id).restrictions
