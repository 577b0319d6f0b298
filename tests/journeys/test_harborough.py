"""Harborough District Council's Customer Caution Register (seed 000): an incident form
goes to the Corporate Health and Safety Officer, who calls the Review Panel within five
days; a quorate panel with its chair and the Data Protection Officer decides, minuted."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.incidents.selectors import assessment_queue
from caution.lib import clock
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.factories import answered, make_user
from tests.journeys.conftest import assess, check, report

pytestmark = pytest.mark.django_db

VIOLENCE = "Pushed the officer against the counter and threw a chair at the screen."


@pytest.fixture(autouse=True)
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def panel(dpo):
    """The Review Panel (000 §8.3): a CMT chair, the DPO and two service managers."""
    return {
        "chair": make_user(Role.DECISION_MAKER, first_name="Claire"),
        "dpo": dpo,
        "environment": make_user(Role.PANEL_MEMBER, first_name="Ellis"),
        "facilities": make_user(Role.PANEL_MEMBER, first_name="Faye"),
    }


@pytest.fixture
def case(reporter, customer, line_manager):
    """An incident form, assessed by a manager who was not involved."""
    return assess(report(reporter, customer, "VIOLENCE", what=VIOLENCE), line_manager, "1")


def on_day(days: int, hour: int = 14) -> dt.datetime:
    start = timezone.localtime(clock.now()).replace(hour=hour, minute=0)
    return start + dt.timedelta(days=days)


def meeting(case, panel, register_officer, *, days: int = 0, **extra):
    return deciding.meeting_schedule(
        starts_at=on_day(days),
        place="Symington Building, committee room 2",
        cases=[case],
        invited=list(panel.values()),
        by=register_officer,
        **extra,
    )


def held(case, panel, register_officer, present: tuple[str, ...]):
    called = meeting(case, panel, register_officer)
    return deciding.meeting_attendance_record(
        called,
        attended=[panel[name] for name in present],
        version=called.version,
        by=register_officer,
    )


def decide(case, at, by, *, level: str = "1", partner_sourced: bool = False) -> Decision:
    return deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Violence at reception: a credible and continuing risk to staff.",
        terms=deciding.CautionTerms(
            level=level,
            precautions="Meet or visit with a colleague",
            restrictions=(
                deciding.RestrictionInput(
                    type="appointment_only", named_contact="Claire, Review Panel Chair"
                ),
                deciding.RestrictionInput(type="writing_only", channels=("letter", "email")),
            ),
            key_contact="Corporate Health and Safety Officer",
            partner_sourced=partner_sourced,
            # 000 §8.6: the partner told the person before its entry goes on.
            partner_told_person_on=clock.today() if partner_sourced else None,
        ),
        meeting=at,
        version=case.version,
        by=by,
    )


def test_000_8_2_an_incident_form_goes_through_the_review_panel_to_the_check(
    reporter, customer, line_manager, panel, register_officer
):
    """000 §8.2 steps 1-7: form, manager, panel meeting, marker score, register updated."""
    incident = report(reporter, customer, "VIOLENCE", what=VIOLENCE, witness="Sam Hill")
    assert incident in assessment_queue(line_manager)
    assert incident not in assessment_queue(reporter)
    assess(incident, line_manager, "1")
    at = held(incident, panel, register_officer, present=("chair", "dpo", "environment"))

    decision = decide(incident, at, register_officer)

    [shown] = check(reporter)
    assert (shown.level_code, shown.level_label) == ("1", "Violent")
    assert shown.precautions == "Meet or visit with a colleague"
    assert "by prior appointment with the Panel Chair only; contact Claire" in shown.restrictions
    assert "Contact on this matter in writing" in shown.restrictions
    assert "only by letter, e-mail" in shown.restrictions
    assert decision.meeting == at
    assert decision.reasons.startswith("Violence at reception")  # "All decisions are minuted"


def test_000_8_2_no_name_appears_on_the_register_until_the_panel_approves_it(
    case, panel, register_officer, reporter
):
    meeting(case, panel, register_officer)
    assert check(reporter) == []


def test_000_8_2_the_panel_is_called_within_5_days_of_the_incident_form(
    case, panel, register_officer
):
    """Five calendar days from Monday's form: Saturday is in time, Sunday is late."""
    assert meeting(case, panel, register_officer, days=5).cases.get() == case
    with pytest.raises(ValidationError, match="must meet by 7 March 2026"):
        meeting(case, panel, register_officer, days=6)


def test_000_8_2_a_late_meeting_records_why_it_could_not_be_sooner(case, panel, register_officer):
    late = meeting(
        case, panel, register_officer, days=8, late_reason="Chair on leave; first quorate date"
    )
    assert late.cases.get() == case


def test_000_8_4_a_panel_of_two_cannot_decide(case, panel, register_officer):
    at = held(case, panel, register_officer, present=("chair", "dpo"))
    with pytest.raises(ValidationError, match=r"2 eligible member\(s\) present, 3 needed"):
        decide(case, at, register_officer)
    assert not Caution.objects.exists()
    case.refresh_from_db()
    assert case.status == Incident.Status.ASSESSED


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        (("dpo", "environment", "facilities"), "Chair, from the Corporate Management Team"),
        (("chair", "environment", "facilities"), "Data Protection Officer"),
    ],
)
def test_000_8_3_the_cmt_chair_and_the_dpo_must_both_sit(
    case, panel, register_officer, present, missing
):
    at = held(case, panel, register_officer, present=present)
    with pytest.raises(ValidationError, match=missing):
        decide(case, at, register_officer)


def test_000_8_2_a_panel_member_who_was_threatened_does_not_decide_the_case(
    customer, line_manager, panel, register_officer
):
    own_case = assess(
        report(panel["environment"], customer, "THREAT", threatened=True), line_manager, "2"
    )
    at = held(own_case, panel, register_officer, present=("chair", "dpo", "environment"))
    with pytest.raises(ValidationError, match="not quorate"):
        decide(own_case, at, register_officer, level="2")


def test_000_appendix_10_2_an_entry_lasts_at_most_three_years_reviewed_every_six_months(
    case, panel, register_officer
):
    """Appendix 10.2: "a maximum period of three years"; 000 §8.4: six-monthly review."""
    at = held(case, panel, register_officer, present=("chair", "dpo", "environment"))
    caution = decide(case, at, register_officer).caution
    assert caution.expires_on == clock.today() + relativedelta(years=3)
    assert caution.next_review == clock.today() + relativedelta(months=6)


@pytest.mark.parametrize(("level", "years"), [("2", 1), ("3", 1), ("1", 3)])
def test_000_8_6_a_partners_entry_lasts_a_year_unless_it_is_marker_1(
    reporter, customer, line_manager, panel, register_officer, level, years
):
    """Information from a business partner's own register goes through the same panel."""
    shared = report(
        reporter,
        customer,
        "THREAT",
        kind=Incident.Kind.THIRD_PARTY,
        agency="Riverside Homes (business partner in the building)",
        what="Riverside Homes' register: threatened their caretaker with a hammer.",
    )
    assess(shared, line_manager, level)
    at = held(shared, panel, register_officer, present=("chair", "dpo", "facilities"))
    caution = decide(shared, at, register_officer, level=level, partner_sourced=True).caution
    assert caution.expires_on == clock.today() + relativedelta(years=years)


def test_000_8_1_councillors_see_the_entry_in_their_read_only_copy(
    case, panel, register_officer, councillor
):
    at = held(case, panel, register_officer, present=("chair", "dpo", "environment"))
    decide(case, at, register_officer)
    assert [view.level_label for view in check(councillor)] == ["Violent"]
