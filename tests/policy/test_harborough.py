"""Harborough District Council, Customer Caution Register (seed 000)."""

from caution.policy.profiles import load_profile

profile = load_profile("harborough")


def test_000_8_2_marker_scores_are_1_violent_2_threatening_3_abusive():
    assert [(level.code, level.label) for level in profile.levels] == [
        ("1", "Violent"),
        ("2", "Potentially violent or threatening aggression"),
        ("3", "Abusive"),
    ]


def test_000_8_2_marker_1_is_the_most_severe():
    assert [level.code for level in profile.levels_by_severity] == ["1", "2", "3"]


def test_000_8_4_entries_are_reviewed_every_six_months():
    assert profile.review_interval_months == 6


def test_000_appendix_10_2_an_entry_lasts_at_most_three_years():
    assert profile.maximum_months == 36


def test_000_8_1_councillors_use_the_register():
    assert profile.councillor_access == "check"


def test_000_8_1_the_register_is_the_customer_caution_register():
    assert profile.register_name == "Customer Caution Register"
