"""Workington Town Council, communication restrictions (seed 004)."""

import datetime as dt

from caution.accounts.roles import Role
from caution.policy.profiles import Deadline, load_profile

profile = load_profile("workington")


def test_004_5_restrictions_are_temporary_or_permanent():
    assert {level.code for level in profile.levels} == {"TEMPORARY", "PERMANENT"}
    assert profile.levels_by_severity[0].code == "PERMANENT"


def test_004_5_a_permanent_restriction_has_no_maximum_duration():
    assert profile.maximum_months is None
    assert profile.duration.permanent_allowed


def test_004_5_the_chief_officer_and_chair_of_f_and_gp_decide_together():
    assert profile.decision_body == "Chief Officer and Chair of Finance and General Purposes"
    panel = profile.decision.panel
    assert panel.quorum == 2
    assert [seat.title for seat in panel.seats] == [
        "Chief Officer",
        "Chair of Finance and General Purposes",
    ]


def test_004_5_the_chief_officer_keeps_the_record():
    assert profile.role_name(Role.REGISTER_OFFICER) == "Chief Officer"


def test_004_5_a_warning_comes_first():
    assert profile.warning.first
    assert profile.warning.comes_first("ABUSE")
    assert profile.warning.comes_first("VEXATIOUS")


def test_004_5_except_in_extreme_cases_such_as_a_physical_threat():
    assert not profile.warning.comes_first("PHYSICAL_THREAT")


def test_004_5_the_person_is_told_why_what_and_any_time_limit():
    assert {"behaviour_unacceptable", "action", "restriction_duration"} <= set(
        profile.notification.elements
    )
    assert profile.notification.exemptions == ()


def test_004_5_communication_restrictions_offered():
    assert {option.type for option in profile.restrictions} >= {
        "writing_only",
        "named_contact",
        "social_media_block",
        "no_reply_on_answered_issues",
        "set_times",
        "topics_limited",
        "block_excessive_contact",
        "no_contact",
    }


def test_004_6_appeal_in_writing_within_14_days_of_notification():
    window = profile.appeal.window
    assert window == Deadline(days=14, working=False)
    assert window.due(dt.date(2026, 3, 2)) == dt.date(2026, 3, 16)


def test_004_6_the_mayor_and_chair_of_f_and_gp_hear_the_appeal():
    handler = profile.appeal.handler
    assert handler.title == "The Mayor and the Chair of the Finance and General Purposes Committee"


def test_004_6_or_another_councillor_where_the_chair_took_the_decision():
    assert profile.appeal.handler.fallback.title == "Another councillor the Council deems suitable"
    assert profile.independence.exclude_deciders_from_appeal
