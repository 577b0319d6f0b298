"""Dover District Council, Customer Alerts (seed 003)."""

from caution.policy.profiles import load_profile

profile = load_profile("dover")


def test_003_6_8_levels_1_to_3_run_low_to_high():
    assert [(level.code, level.label) for level in profile.levels] == [
        ("1", "Low"),
        ("2", "Medium"),
        ("3", "High"),
    ]
    assert [level.code for level in profile.levels_by_severity] == ["3", "2", "1"]


def test_003_10_1_alerts_are_reviewed_annually():
    assert profile.review_interval_months == 12


def test_003_10_alerts_have_no_fixed_maximum_duration():
    assert profile.maximum_months is None


def test_003_15_6_alerts_are_restricted_so_councillors_cannot_check():
    assert profile.councillor_access == "none"
