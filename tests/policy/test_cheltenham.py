"""Cheltenham Borough Council, Personal Safety Register (seed 002)."""

import pytest

from caution.accounts.roles import Role
from caution.policy.profiles import load_profile

profile = load_profile("cheltenham")


def test_002_4_5_1_levels_are_the_incident_categories_least_to_most_severe():
    assert [level.code for level in sorted(profile.levels, key=lambda level: level.severity)] == [
        "PERSISTENT",
        "CIRCUMSTANCES",
        "ABUSE",
        "VIOLENCE",
        "ASSAULT",
    ]


def test_002_4_5_1_entries_are_reviewed_six_monthly():
    assert profile.review_interval_months == 6


def test_002_4_5_1_the_longest_entry_physical_assault_is_four_years():
    assert profile.maximum_months == 48


def test_002_3_2_councillors_ask_democratic_services():
    assert profile.councillor_access == "none"
    assert "Democratic Services" in profile.councillor_note


@pytest.mark.parametrize(
    ("category", "level", "months"),
    [
        ("PERSISTENT", "PERSISTENT", 12),
        ("CIRCUMSTANCES", "CIRCUMSTANCES", 12),
        ("VERBAL_ABUSE", "ABUSE", 12),
        ("VERBAL_THREAT", "ABUSE", 12),
        ("SERIOUS_THREAT", "ABUSE", 12),
        ("VIOLENCE", "VIOLENCE", 24),
        ("ASSAULT", "ASSAULT", 48),
    ],
)
def test_002_4_5_1_each_incident_category_has_its_restriction_period(category, level, months):
    assert profile.category(category).suggested_level == level
    assert profile.expiry_months_for(category, level) == months


def test_002_4_5_1_assault_expires_after_4_years():
    assert profile.expiry_months_for("ASSAULT", "ASSAULT") == 48


def test_002_4_5_1_a_warning_letter_expires_after_6_months():
    assert profile.warning.expiry_months == 6


def test_002_4_4_informal_first_then_a_warning_then_restrictions():
    assert profile.warning.informal_first
    assert profile.warning.first
    assert profile.warning.comes_first("PERSISTENT")
    assert profile.warning.comes_first("VERBAL_ABUSE")


@pytest.mark.parametrize("category", ["VIOLENCE", "ASSAULT", "SERIOUS_THREAT"])
def test_002_4_4_violence_or_serious_threats_bypass_the_warning(category):
    assert not profile.warning.comes_first(category)


def test_002_4_4_a_verbal_threat_that_is_not_serious_comes_after_a_warning():
    assert profile.warning.comes_first("VERBAL_THREAT")
    assert profile.category("SERIOUS_THREAT").serious


def test_002_1_an_entry_for_circumstances_has_no_warning_stage():
    """002 §1, §4.7: circumstances "rather than particular incidents" are not behaviour."""
    assert not profile.warning.comes_first("CIRCUMSTANCES")


def test_002_4_5_2_a_manager_not_involved_with_the_customer_decides():
    assert profile.decision.body == "single"
    assert profile.decision.decider_role == Role.MANAGER
    assert profile.independence.exclude_involved


def test_002_3_4_the_cssm_approves_complex_or_sensitive_cases():
    approval = profile.decision.approval
    assert approval.title == "Customer and Support Services Manager"
    assert approval.role == Role.DECISION_MAKER


def test_002_3_4_the_executive_director_acts_when_the_cssm_is_absent_or_the_target():
    assert profile.decision.approval.fallback.title == "Executive Director of People and Change"
    assert profile.independence.exclude_targets


def test_002_4_5_1_the_cssm_may_alter_the_restriction_period():
    assert profile.decision.approver_may_change_expiry


def test_002_3_4_the_cssm_signs_the_letters():
    assert profile.notification.signatory.title == "Customer and Support Services Manager"
    assert profile.notification.signatory.fallback.title == (
        "Executive Director of People and Change"
    )


def test_002_3_4_the_executive_director_of_people_and_change_handles_appeals():
    assert profile.appeal.allowed
    assert profile.appeal.handler.title == "Executive Director of People and Change"


def test_002_3_4_the_chief_executive_considers_appeals_when_the_director_took_part():
    assert profile.appeal.handler.fallback.title == "Chief Executive"
    assert profile.independence.exclude_deciders_from_appeal


def test_002_4_6_the_entry_and_restrictions_stay_while_the_appeal_is_decided():
    assert profile.appeal.caution_stays


def test_002_4_6_an_external_review_by_the_ombudsman():
    assert profile.appeal.external == "Local Government and Social Care Ombudsman"


def test_002_4_2_without_further_incidents_the_entry_is_removed_at_review():
    assert profile.review.default_outcome == "remove"


def test_002_4_7_the_governance_group_meets_quarterly_to_approve_removals():
    assert profile.review.by.title == "Governance Group"
    assert profile.review.meeting_interval_months == 3


def test_002_4_7_details_are_kept_6_months_after_removal_then_deleted():
    assert profile.retention.after_removal_months == 6


def test_002_4_7_entries_for_personal_circumstances_must_be_justified_at_review():
    justified = {category.code for category in profile.categories if category.justify_at_review}
    assert justified == {"CIRCUMSTANCES"}


def test_002_3_customers_are_always_told_of_their_entry():
    assert profile.notification.exemptions == ()


def test_002_3_customers_are_told_of_any_extension_or_removal():
    assert set(profile.notification.also_on) >= {"extension", "removal"}


def test_002_4_5_the_letter_explains_incidents_restrictions_reasons_breach_appeal_review():
    assert set(profile.notification.elements) >= {
        "incident",
        "action",
        "reasons",
        "breach_consequences",
        "appeal",
        "review_date",
    }


def test_002_4_5_2_actions_that_can_be_taken():
    assert {option.type for option in profile.restrictions} == {
        "set_times",
        "named_contact",
        "behaviour_agreement",
        "office_ban",
        "social_media_block",
    }
    assert "PAIRS" in {precaution.code for precaution in profile.precautions}


def test_002_3_4_roles_use_the_councils_titles():
    assert profile.role_name(Role.DECISION_MAKER) == "Customer and Support Services Manager"
    assert profile.role_name(Role.REGISTER_OFFICER) == "Customer Relations Officer"
    assert profile.role_name(Role.PANEL_MEMBER) == "Governance Group member"
