"""Profiles where a panel decides: Harborough's Review Panel (000 §8.2-8.4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caution.accounts.roles import Role
from caution.lib import clock
from caution.notifications.models import Notification
from caution.register import deciding
from caution.register.models import Caution
from tests.deciding.conftest import assessed, submitted
from tests.factories import answered, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(db):
    """Chair (CMT), the DPO and two more panel members."""
    return {
        "chair": make_user(Role.DECISION_MAKER, first_name="Chair"),
        "dpo": make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana"),
        "member": make_user(Role.PANEL_MEMBER, first_name="Pam"),
        "another": make_user(Role.PANEL_MEMBER, first_name="Pete"),
    }


def soon(days: int = 0) -> dt.datetime:
    return timezone.localtime(clock.now()) + dt.timedelta(days=days)


def meeting_for(incident, panel, by, days=0, **extra):
    return deciding.meeting_schedule(
        starts_at=soon(days),
        place="Committee room",
        cases=[incident],
        invited=list(panel.values()),
        by=by,
        **extra,
    )


def decide_at(meeting, incident, by):
    return deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="Panel agreed: violence at reception; credible risk to staff.",
        terms=deciding.CautionTerms(level="1", precautions="Visit in pairs"),
        meeting=meeting,
        version=incident.version,
        by=by,
    )


@pytest.fixture
def case(reporter, person, manager):
    return assessed(submitted(reporter, person, "VIOLENCE"), manager, "1")


def test_000_8_2_the_panel_meets_within_5_days_of_the_incident_form(case, panel, register_officer):
    with pytest.raises(ValidationError, match="must meet by"):
        meeting_for(case, panel, register_officer, days=9)
    late = meeting_for(
        case, panel, register_officer, days=9, late_reason="Chair on leave; next quorate date"
    )
    assert late.cases.get() == case


def test_members_are_invited_and_told(case, panel, register_officer):
    meeting = meeting_for(case, panel, register_officer)
    assert set(meeting.invited.all()) == set(panel.values())
    assert Notification.objects.filter(
        user=panel["chair"], subject__contains="Review Panel"
    ).exists()


def test_000_8_4_a_panel_of_fewer_than_three_cannot_decide(case, panel, register_officer):
    meeting = meeting_for(case, panel, register_officer)
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["dpo"]],
        version=meeting.version,
        by=register_officer,
    )
    with pytest.raises(ValidationError, match="not quorate"):
        decide_at(meeting, case, register_officer)
    assert not Caution.objects.exists()


def test_000_8_2_a_member_who_was_the_target_does_not_count_towards_the_quorum(
    reporter, person, manager, panel, register_officer
):
    case = assessed(
        submitted(reporter, person, "VIOLENCE", staff=[(panel["member"], True)]), manager, "1"
    )
    meeting = meeting_for(case, panel, register_officer)
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["dpo"], panel["member"]],
        version=meeting.version,
        by=register_officer,
    )
    with pytest.raises(ValidationError, match="not quorate"):
        decide_at(meeting, case, register_officer)


def test_000_8_3_the_chair_and_the_dpo_must_be_present(case, panel, register_officer):
    meeting = meeting_for(case, panel, register_officer)
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["member"], panel["another"]],
        version=meeting.version,
        by=register_officer,
    )
    with pytest.raises(ValidationError, match="Data Protection Officer"):
        decide_at(meeting, case, register_officer)


def test_000_8_2_a_quorate_panel_decides_and_its_reasons_are_minuted(case, panel, register_officer):
    meeting = meeting_for(case, panel, register_officer)
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["dpo"], panel["member"]],
        version=meeting.version,
        by=register_officer,
    )
    decision = decide_at(meeting, case, register_officer)
    assert decision.meeting == meeting
    assert decision.reasons.startswith("Panel agreed")
    assert decision.caution.status == Caution.Status.ACTIVE


def test_a_panel_case_is_not_decided_outside_a_meeting(case, panel):
    with pytest.raises(ValidationError, match="at a meeting"):
        deciding.decision_record(
            case,
            answers=answered(),
            outcome="no_action",
            reasons="x",
            version=case.version,
            by=panel["chair"],
        )


def test_only_invited_members_can_be_marked_present(case, panel, register_officer, reporter):
    meeting = meeting_for(case, panel, register_officer)
    with pytest.raises(ValidationError, match="invited"):
        deciding.meeting_attendance_record(
            meeting, attended=[reporter], version=meeting.version, by=register_officer
        )


def test_000_8_6_a_partner_sourced_entry_lasts_at_most_a_year_unless_level_1(
    case, panel, register_officer
):
    from dateutil.relativedelta import relativedelta

    meeting = meeting_for(case, panel, register_officer)
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["dpo"], panel["member"]],
        version=meeting.version,
        by=register_officer,
    )
    decision = deciding.decision_record(
        case,
        answers=answered(),
        outcome="caution",
        reasons="From a business partner's register.",
        terms=deciding.CautionTerms(
            level="2", partner_sourced=True, partner_told_person_on=clock.today()
        ),
        meeting=meeting,
        version=case.version,
        by=register_officer,
    )
    assert decision.caution.expires_on == clock.today() + relativedelta(years=1)


def test_only_the_register_officer_or_a_decision_maker_calls_a_meeting(case, panel, reporter):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        meeting_for(case, panel, reporter)


def test_attendance_is_refused_for_a_meeting_that_has_not_happened(case, panel, register_officer):
    tomorrow = meeting_for(case, panel, register_officer, days=1)

    with pytest.raises(ValidationError, match="once it has been held"):
        deciding.meeting_attendance_record(
            tomorrow,
            attended=list(panel.values()),
            version=tomorrow.version,
            by=register_officer,
        )
    assert not tomorrow.attended.exists()
