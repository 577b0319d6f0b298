"""Dover District Council, Customer Alerts (seed 003)."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.policy.profiles import Deadline, load_profile

profile = load_profile("dover")


def test_003_6_8_levels_1_to_3_run_low_to_high():
    assert [(level.code, level.label) for level in profile.levels] == [
        ("1", "Low"),
        ("2", "Medium"),
        ("3", "High"),
    ]
    assert [level.code for level in profile.levels_by_severity] == ["3", "2", "1"]


def test_003_6_8_each_level_lists_the_seeds_examples():
    assert [len(level.examples) for level in profile.levels] == [5, 4, 6]


@pytest.mark.parametrize(
    ("category", "level"),
    [
        ("VEXATIOUS", "1"),
        ("PROPERTY_RISK", "1"),
        ("THREAT_OF_HARM", "2"),
        ("AGENCY_INFORMATION", "2"),
        ("VIOLENCE", "3"),
        ("SERIOUS_RISK_ADVICE", "3"),
    ],
)
def test_003_6_8_each_category_suggests_the_level_of_its_examples(category, level):
    assert profile.category(category).suggested_level == level


def test_003_10_1_alerts_are_reviewed_annually():
    assert profile.review_interval_months == 12


def test_003_10_alerts_have_no_fixed_maximum_duration():
    assert profile.maximum_months is None
    assert profile.duration.permanent_allowed
    assert {category.expiry_months for category in profile.categories} == {None}


def test_003_15_6_alerts_are_restricted_so_councillors_cannot_check():
    assert profile.councillor_access == "none"


def test_003_8_1_the_line_manager_of_the_reporting_officer_decides():
    assert profile.decision_body == "Line manager"
    assert profile.decision.body == "single"
    assert profile.decision.decider_role == Role.MANAGER


def test_003_8_7_an_urgent_alert_may_be_added_pending_a_full_risk_assessment():
    assert profile.decision.interim_alert


def test_003_6_1_the_manager_first_asks_the_customer_to_modify_their_behaviour():
    assert profile.warning.first
    assert profile.warning.comes_first("ABUSE")


def test_003_6_2_no_warning_where_the_behaviour_threatens_immediate_safety():
    assert not profile.warning.comes_first("VIOLENCE")
    assert not profile.warning.comes_first("THREAT_OF_HARM")


def test_003_8_5_recommendations_for_future_staff_contact():
    assert [precaution.label for precaution in profile.precautions] == [
        "No further home visits",
        "Visit in pairs",
        "Only male or only female officers to attend",
        "Member of staff to be accompanied by a manager",
        "No face-to-face contact",
        "Contact only in writing",
        "Removal from all corporate social media sites and reports of abuse made",
    ]


def test_003_7_1_restrictions_a_to_g():
    assert [option.type for option in profile.restrictions] == [
        "third_party_only",
        "writing_only",
        "appointment_only",
        "named_contact",
        "set_times",
        "witness_present",
        "social_media_block",
    ]


def test_003_9_1_the_letter_is_hand_delivered_and_the_date_and_time_recorded():
    assert profile.notification.delivery == "hand"
    assert profile.notification.record_delivery_time


def test_003_9_1_the_line_manager_of_the_reporting_officer_writes():
    assert profile.notification.signatory.role == Role.MANAGER
    assert "Line manager" in profile.notification.signatory.title


def test_003_9_1_the_letter_says_why_and_offers_an_appeal_within_14_days():
    assert {"action", "reasons", "appeal", "appeal_deadline"} <= set(profile.notification.elements)


def test_003_9_2_appeal_within_14_days_of_receiving_the_letter():
    window = profile.appeal.window
    assert window == Deadline(days=14, working=False)
    assert window.due(dt.date(2026, 3, 2)) == dt.date(2026, 3, 16)


def test_003_9_3_a_more_senior_manager_decides_the_appeal():
    assert profile.appeal.more_senior
    assert profile.appeal.handler.role == Role.DECISION_MAKER
    assert profile.independence.exclude_deciders_from_appeal


def test_003_9_3_the_appeal_is_answered_within_14_days_of_receipt():
    assert profile.appeal.answer_deadline == Deadline(days=14, working=False)


def test_003_9_4_not_told_where_the_police_probation_or_a_court_asks():
    assert profile.notification.exemptions == ("agency_request",)


def test_003_10_4_with_no_further_information_the_alert_stays():
    assert profile.review.default_outcome == "keep"


def test_003_10_3_alerts_are_removed_when_the_tenancy_ends():
    assert profile.retention.remove_when_tenancy_ends


def test_003_10_2_the_reviewing_manager_reviews():
    assert profile.review.by.role == Role.MANAGER


def test_003_8_1_the_reporters_line_manager_assesses_and_decides():
    assert load_profile("dover").decision.line_manager
