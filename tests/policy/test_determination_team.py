"""Managing Unacceptable Customer Actions, Determination Team (seed 001)."""

from caution.accounts.roles import Role
from caution.policy.profiles import load_profile

profile = load_profile("determination-team")


def test_001_12_2_an_instant_ban_is_more_severe_than_restricted_contact():
    assert [level.code for level in profile.levels_by_severity] == ["B", "R"]


def test_001_13_3_the_register_is_the_customer_information_register():
    assert profile.register_name == "Customer Information Register"


def test_001_13_3_investigation_details_are_restricted_so_councillors_cannot_check():
    assert profile.councillor_access == "none"


def test_001_12_1_the_determination_team_decides():
    assert profile.decision_body == "Determination Team"
    assert profile.decision.body == "panel"
    assert profile.role_name(Role.PANEL_MEMBER) == "Determination Team member"


def test_001_12_2_the_customer_may_modify_their_actions_before_contact_is_restricted():
    assert profile.warning.first
    assert profile.warning.comes_first("ABUSE")
    assert profile.warning.comes_first("PERSISTENT")


def test_001_12_2_threats_of_bodily_harm_and_violence_to_premises_bring_an_instant_ban():
    for category in ("THREAT_OF_HARM", "VIOLENCE_TO_PREMISES"):
        assert not profile.warning.comes_first(category)
        assert profile.category(category).suggested_level == "B"


def test_001_12_2_actual_violence_against_a_person_brings_an_instant_ban_too():
    """Our choice: §12.2 names threats of bodily harm; violence itself is no less."""
    assert not profile.warning.comes_first("VIOLENCE")
    assert "VIOLENCE" in profile.decision.interim_categories
    assert profile.category("VIOLENCE").serious


def test_001_10_1_persistent_contact_suggests_restricted_contact():
    assert profile.category("PERSISTENT").suggested_level == "R"


def test_001_3_5_staff_first_ask_the_customer_to_modify_their_actions():
    assert profile.warning.informal_first


def test_001_10_1_restrictions_on_repeated_calls_visits_and_documents():
    assert {option.type for option in profile.restrictions} >= {
        "set_times",
        "named_contact",
        "appointment_only",
        "writing_only",
        "return_documents",
    }


def test_001_9_1_later_letters_are_answered_only_if_they_raise_a_new_issue():
    assert "no_reply_on_answered_issues" in {option.type for option in profile.restrictions}


def test_001_12_2_an_instant_ban_from_council_premises():
    assert "office_ban" in {option.type for option in profile.restrictions}


def test_001_10_2_not_told_where_it_would_escalate_or_they_have_no_fixed_address():
    assert set(profile.notification.exemptions) == {"violent_reaction", "address_unknown"}


def test_001_10_2_the_customer_is_told_the_action_and_the_reasons():
    assert {"action", "reasons"} <= set(profile.notification.elements)


def test_001_9_1_the_letter_says_why_the_behaviour_is_unacceptable_and_what_follows():
    assert {"behaviour_unacceptable", "breach_consequences", "how_to_contact"} <= set(
        profile.notification.elements
    )


def test_001_15_7_there_is_no_appeal_process_yet():
    assert not profile.appeal.allowed
    assert profile.appeal.handler is None


def test_001_11_complaints_can_go_to_the_ombudsman():
    assert profile.appeal.external == "Local Government and Social Care Ombudsman"
