"""Cheltenham Borough Council, Personal Safety Register (seed 002)."""

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
