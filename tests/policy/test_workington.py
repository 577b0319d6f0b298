"""Workington Town Council, communication restrictions (seed 004)."""

from caution.policy.profiles import load_profile

profile = load_profile("workington")


def test_004_5_restrictions_are_temporary_or_permanent():
    assert {level.code for level in profile.levels} == {"TEMPORARY", "PERMANENT"}
    assert profile.levels_by_severity[0].code == "PERMANENT"


def test_004_5_a_permanent_restriction_has_no_maximum_duration():
    assert profile.maximum_months is None
