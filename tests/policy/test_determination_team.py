"""Managing Unacceptable Customer Actions, Determination Team (seed 001)."""

from caution.policy.profiles import load_profile

profile = load_profile("determination-team")


def test_001_12_2_an_instant_ban_is_more_severe_than_restricted_contact():
    assert [level.code for level in profile.levels_by_severity] == ["B", "R"]


def test_001_13_3_the_register_is_the_customer_information_register():
    assert profile.register_name == "Customer Information Register"


def test_001_13_3_investigation_details_are_restricted_so_councillors_cannot_check():
    assert profile.councillor_access == "none"
