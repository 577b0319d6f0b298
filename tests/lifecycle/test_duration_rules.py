"""How long a caution may last, as pure functions of the policy profile (policy/rules.py):
`expiry_limit` (000 Appendix 10.2 three years; 000 §8.6 a partner's entry a year unless
marker 1; measured from the date added) and `default_expiry` (002 §4.5.1 by category),
tested directly, then through the actions that set or extend an expiry."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from caution.accounts.roles import Role
from caution.lib import clock
from caution.policy.profiles import available, load_profile
from caution.policy.rules import default_expiry, expiry_limit
from caution.register import deciding
from caution.register.models import Decision
from tests.factories import answered, change_made, make_caution, make_user
from tests.journeys.conftest import assess, report

ADDED = dt.date(2025, 1, 15)


def test_000_appendix_10_2_an_entry_lasts_at_most_three_years_from_the_date_it_was_added():
    harborough = load_profile("harborough")

    assert expiry_limit(harborough, ADDED, "2", partner=False) == dt.date(2028, 1, 15)


def test_000_8_6_a_partners_entry_lasts_at_most_a_year_unless_it_is_marker_1():
    harborough = load_profile("harborough")

    assert expiry_limit(harborough, ADDED, "2", partner=True) == dt.date(2026, 1, 15)
    assert expiry_limit(harborough, ADDED, "1", partner=True) == dt.date(2028, 1, 15)
    assert default_expiry(harborough, ADDED, "3", "ABUSE", partner=True) == dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("category", "expires_on"),
    [
        ("PERSISTENT", dt.date(2026, 1, 15)),
        ("CIRCUMSTANCES", dt.date(2026, 1, 15)),
        ("VERBAL_ABUSE", dt.date(2026, 1, 15)),
        ("VERBAL_THREAT", dt.date(2026, 1, 15)),
        ("VIOLENCE", dt.date(2027, 1, 15)),
        ("ASSAULT", dt.date(2029, 1, 15)),
    ],
)
def test_002_4_5_1_an_entry_expires_by_its_category_counted_from_the_date_added(
    category, expires_on
):
    cheltenham = load_profile("cheltenham")

    assert default_expiry(cheltenham, ADDED, category, category, partner=False) == expires_on
    assert expiry_limit(cheltenham, ADDED, category, partner=False) == dt.date(2029, 1, 15)


def test_003_10_an_alert_has_no_expiry_and_no_limit():
    dover = load_profile("dover")

    assert default_expiry(dover, ADDED, "3", "VIOLENCE", partner=False) is None
    assert expiry_limit(dover, ADDED, "3", partner=False) is None


@pytest.mark.parametrize("key", available())
def test_no_default_expiry_passes_the_limit_under_any_profile(key):
    profile = load_profile(key)
    for category in profile.categories:
        for level in profile.levels:
            for partner in (False, True):
                default = default_expiry(profile, ADDED, level.code, category.code, partner=partner)
                limit = expiry_limit(profile, ADDED, level.code, partner=partner)
                assert limit is None or (default is not None and default <= limit)


def test_000_8_4_the_next_review_falls_six_months_after_the_last():
    assert load_profile("harborough").review.due_after(ADDED) == dt.date(2025, 7, 15)
    assert load_profile("dover").review.due_after(ADDED) == dt.date(2026, 1, 15)  # 003 §10.1


@pytest.mark.django_db
def test_000_appendix_10_2_an_extension_is_measured_from_the_date_added_not_from_today(
    settings, customer, register_officer
):
    settings.CAUTION_PROFILE = "harborough"
    added = clock.today() - relativedelta(months=30)
    caution = make_caution(
        customer, level="2", date_added=added, expires_on=clock.today() + relativedelta(months=1)
    )

    with pytest.raises(ValidationError, match="at most 36 months from the date it was added"):
        change_made(
            caution,
            "extend",
            expires_on=clock.today() + relativedelta(years=1),
            reason="Another incident",
            by=register_officer,
        )
    change_made(
        caution,
        "extend",
        expires_on=added + relativedelta(years=3),
        reason="Another incident",
        by=register_officer,
    )

    caution.refresh_from_db()
    assert caution.expires_on == added + relativedelta(years=3)


@pytest.mark.django_db
def test_000_appendix_10_2_an_entry_is_not_added_to_last_past_three_years(settings, customer):
    settings.CAUTION_PROFILE = "harborough"
    added = clock.today()

    with pytest.raises(ValidationError, match="at most until"):
        make_caution(
            customer, level="2", date_added=added, expires_on=added + relativedelta(years=4)
        )


@pytest.mark.django_db
def test_002_4_5_1_a_decided_caution_expires_by_its_category_from_the_date_added(
    settings, reporter, customer, line_manager, other_manager
):
    settings.CAUTION_PROFILE = "cheltenham"
    case = assess(report(reporter, customer, "VIOLENCE"), line_manager, "VIOLENCE")

    caution = deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Damage to the reception desk.",
        terms=deciding.CautionTerms(level="VIOLENCE"),
        version=case.version,
        by=other_manager,
    ).caution

    assert caution.expires_on == caution.date_added + relativedelta(years=2)


@pytest.mark.django_db
def test_002_4_5_1_the_cssms_altered_period_is_measured_from_the_day_the_caution_goes_on(
    settings, reporter, customer, line_manager, other_manager
):
    settings.CAUTION_PROFILE = "cheltenham"
    cssm = make_user(Role.DECISION_MAKER, first_name="Cass")
    case = assess(report(reporter, customer, "ASSAULT"), line_manager, "ASSAULT")
    decision = deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Punched the housing officer.",
        terms=deciding.CautionTerms(level="ASSAULT"),
        complex_case=True,
        version=case.version,
        by=other_manager,
    )
    approved_on = clock.now() + dt.timedelta(days=10)

    with clock.frozen_at(approved_on):
        four_years = clock.today() + relativedelta(years=4)
        with pytest.raises(ValidationError, match="at most 48 months"):
            deciding.decision_approve(
                decision, expires_on=four_years + dt.timedelta(days=1), by=cssm
            )
        caution = deciding.decision_approve(decision, expires_on=four_years, by=cssm)

    assert caution.date_added == approved_on.date()
    assert caution.expires_on == caution.date_added + relativedelta(years=4)
