"""Harborough District Council, Customer Caution Register (seed 000)."""

import datetime as dt

from caution.accounts.roles import Role
from caution.policy.profiles import Deadline, load_profile

profile = load_profile("harborough")

TUESDAY_23_DECEMBER_2025 = dt.date(2025, 12, 23)


def test_000_8_2_marker_scores_are_1_violent_2_threatening_3_abusive():
    assert [(level.code, level.label) for level in profile.levels] == [
        ("1", "Violent"),
        ("2", "Potentially violent or threatening aggression"),
        ("3", "Abusive"),
    ]


def test_000_8_2_marker_1_is_the_most_severe():
    assert [level.code for level in profile.levels_by_severity] == ["1", "2", "3"]


def test_000_8_2_each_category_suggests_the_marker_for_its_behaviour():
    suggested = {category.code: category.suggested_level for category in profile.categories}
    assert suggested == {"VIOLENCE": "1", "THREAT": "2", "ABUSE": "3"}


def test_000_8_4_entries_are_reviewed_every_six_months():
    assert profile.review_interval_months == 6


def test_000_8_4_the_review_panel_meets_every_six_months_to_review():
    assert profile.review.meeting_interval_months == 6
    assert profile.review.by.title == "Review Panel"


def test_000_appendix_10_2_an_entry_lasts_at_most_three_years():
    assert profile.maximum_months == 36
    assert {category.expiry_months for category in profile.categories} == {36}
    assert not profile.duration.permanent_allowed


def test_000_8_6_a_partner_sourced_entry_lasts_at_most_a_year():
    assert profile.expiry_months_for("ABUSE", "3", partner=True) == 12
    assert profile.expiry_months_for("THREAT", "2", partner=True) == 12


def test_000_8_6_unless_it_is_marker_1_which_the_panel_reviews_case_by_case():
    assert profile.expiry_months_for("VIOLENCE", "1", partner=True) == 36


def test_000_8_6_the_one_year_limit_is_only_for_partner_sourced_entries():
    assert profile.expiry_months_for("ABUSE", "3") == 36


def test_000_8_1_councillors_use_the_register():
    assert profile.councillor_access == "check"


def test_000_8_1_the_register_is_the_customer_caution_register():
    assert profile.register_name == "Customer Caution Register"


def test_000_8_2_the_review_panel_decides():
    assert profile.decision_body == "Review Panel"
    assert profile.decision.body == "panel"
    assert profile.decision.decider_role == Role.PANEL_MEMBER


def test_000_8_4_panel_quorum_is_3():
    assert profile.decision.panel.quorum == 3


def test_000_8_3_the_panel_is_chaired_by_a_member_of_the_corporate_management_team():
    chair = profile.decision.panel.chair
    assert "Corporate Management Team" in chair.title
    assert chair.role == Role.DECISION_MAKER


def test_000_8_3_the_data_protection_officer_sits_on_the_panel():
    seats = {seat.role: seat.title for seat in profile.decision.panel.seats}
    assert seats[Role.DATA_PROTECTION_OFFICER] == "Data Protection Officer"


def test_000_8_2_the_panel_meets_within_5_calendar_days_of_the_incident_form():
    meeting = profile.decision.panel.meeting_deadline
    assert meeting == Deadline(days=5, working=False)
    # Over Christmas the panel still meets by Sunday 28 December (our reading: calendar days).
    assert meeting.due(TUESDAY_23_DECEMBER_2025) == dt.date(2025, 12, 28)


def test_000_8_2_the_panel_decides_at_that_meeting():
    assert profile.decision.deadline == profile.decision.panel.meeting_deadline


def test_000_8_7_letter_within_2_working_days():
    deadline = profile.notification.deadline
    assert deadline == Deadline(days=2, working=True)
    # Decided on Tuesday 23 December 2025: Christmas, Boxing Day and a weekend follow.
    assert deadline.due(TUESDAY_23_DECEMBER_2025) == dt.date(2025, 12, 29)


def test_000_8_7_the_letter_is_signed_by_the_most_senior_panel_member_present():
    signatory = profile.notification.signatory
    assert "Most senior" in signatory.title
    assert signatory.role == Role.DECISION_MAKER
    assert profile.notification.signatory_attended


def test_000_8_7_no_letter_where_it_risks_a_violent_reaction_or_the_address_is_unknown():
    assert set(profile.notification.exemptions) == {"violent_reaction", "address_unknown"}


def test_000_8_7_the_letter_holds_every_required_element():
    assert set(profile.notification.elements) >= {
        "action",
        "reasons",
        "appeal",
        "future_contact",
        "how_to_contact",
        "restriction_duration",
        "review_date",
        "register_duration",
        "sharing",
        "policy_enclosed",
    }


def test_000_8_7_the_letter_is_in_writing():
    assert profile.notification.delivery == "writing"


def test_000_8_8_appeals_are_stage_2_complaints_answered_within_20_working_days():
    assert profile.appeal.allowed
    assert "Stage 2" in profile.appeal.route
    assert profile.appeal.answer_deadline == Deadline(days=20, working=True)


def test_000_8_8_then_the_local_government_ombudsman():
    assert "Ombudsman" in profile.appeal.external


def test_000_8_3_roles_use_the_councils_titles():
    assert profile.role_name(Role.REGISTER_OFFICER) == "Corporate Health and Safety Officer"
    assert profile.role_name(Role.PANEL_MEMBER) == "Review Panel member"


def test_000_4_precautions_from_the_dynamic_risk_assessment():
    assert {precaution.code for precaution in profile.precautions} == {
        "WITH_COLLEAGUE",
        "NOT_FACE_TO_FACE",
        "ATTACK_ALARM",
        "LIFELINE",
    }


def test_000_appendix_10_2_visits_by_prior_appointment_only():
    assert "appointment_only" in {option.type for option in profile.restrictions}
