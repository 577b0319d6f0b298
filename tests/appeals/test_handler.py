"""Who handles an appeal: the profile's handler (002 §3.4), more senior than the decision
maker where the profile says so (003 §9.3), never the decision maker or a panel member
who decided (004 §6), and the fallback when the handler is the target (002 §3.4 *)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register import deciding
from caution.register.appeals import appeal_record, handler_choices
from caution.register.models import Appeal, Decision
from tests.appeals.conftest import caution_decided
from tests.factories import answered, make_user
from tests.journeys.conftest import assess, report

pytestmark = pytest.mark.django_db


def record(caution, handler, by, **extra):
    return appeal_record(
        caution,
        channel=Appeal.Channel.EMAIL,
        received_on=clock.today(),
        grounds="The officer misheard me.",
        handler=handler,
        by=by,
        **extra,
    )


def refusal(caution, handler, by, **extra) -> str:
    with pytest.raises(ValidationError) as refused:
        record(caution, handler, by, **extra)
    return " ".join(refused.value.message_dict["handler"])


@pytest.fixture
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


@pytest.fixture
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


def test_003_9_3_a_manager_more_senior_than_the_decider_handles_the_appeal(
    dover, reporter, customer, line_manager, senior, register_officer
):
    caution = caution_decided(reporter, customer, line_manager, "VIOLENCE", "3")

    appeal = record(caution, senior, register_officer)

    assert appeal.handler == senior


def test_003_9_3_a_manager_outside_the_deciders_management_line_is_refused(
    dover, reporter, customer, line_manager, senior, elsewhere, register_officer
):
    caution = caution_decided(reporter, customer, line_manager, "VIOLENCE", "3")

    assert "more senior" in refusal(caution, elsewhere, register_officer)
    assert handler_choices(caution) == [senior]


def test_003_9_3_a_manager_two_levels_up_is_more_senior_too(
    dover, reporter, customer, line_manager, senior, register_officer
):
    director = make_user(Role.DECISION_MAKER, first_name="Dora")
    senior.manager = director
    senior.save(update_fields=["manager"])
    caution = caution_decided(reporter, customer, line_manager, "VIOLENCE", "3")

    assert record(caution, director, register_officer).handler == director


def test_002_3_4_the_handler_holds_the_role_the_profile_names(
    cheltenham, reporter, customer, line_manager, other_manager, register_officer
):
    caution = caution_decided(reporter, customer, line_manager, "ASSAULT", "ASSAULT")

    assert "Executive Director of People and Change" in refusal(
        caution, other_manager, register_officer
    )


def test_002_3_4_footnote_a_target_of_the_behaviour_hands_the_appeal_to_the_chief_executive(
    cheltenham, customer, line_manager, elsewhere, register_officer
):
    targeted_director = make_user(Role.DECISION_MAKER, first_name="Tess")
    caution = caution_decided(
        targeted_director, customer, line_manager, "ASSAULT", "ASSAULT", threatened=True
    )

    message = refusal(caution, targeted_director, register_officer)
    appeal = record(caution, elsewhere, register_officer, fallback=True)

    assert "aimed at" in message and "Chief Executive" in message
    assert appeal.handler_title == "Chief Executive"


def test_002_3_4_the_approver_of_a_complex_case_took_part_and_cannot_handle_its_appeal(
    cheltenham, reporter, customer, line_manager, elsewhere, register_officer
):
    case = assess(report(reporter, customer, "ASSAULT"), line_manager, "ASSAULT")
    decision = deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Assault on an officer.",
        terms=deciding.CautionTerms(level="ASSAULT"),
        complex_case=True,
        version=case.version,
        by=line_manager,
    )
    caution = deciding.decision_approve(decision, by=elsewhere)

    assert "took part in the decision" in refusal(caution, elsewhere, register_officer)


def test_004_6_a_councillor_who_decided_does_not_hear_the_appeal(
    settings, customer, register_officer, councillor
):
    settings.CAUTION_PROFILE = "workington"
    chair = make_user(Role.DECISION_MAKER, first_name="Frances")
    mayor = make_user(Role.DECISION_MAKER, first_name="Mayor")
    case = assess(report(councillor, customer, "PHYSICAL_THREAT"), register_officer, "TEMPORARY")
    meeting = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        cases=[case],
        invited=[register_officer, chair],
        place="Town Hall",
        by=register_officer,
    )
    deciding.meeting_attendance_record(
        meeting, attended=[register_officer, chair], version=meeting.version, by=register_officer
    )
    decision = deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="A physical threat: no warning first (004 §5).",
        terms=deciding.CautionTerms(level="TEMPORARY"),
        meeting=meeting,
        version=case.version,
        by=register_officer,
    )

    assert "took part in the decision" in refusal(decision.caution, chair, register_officer)
    assert record(decision.caution, mayor, register_officer).handler == mayor


def test_the_decision_maker_cannot_handle_the_appeal_against_their_own_decision(
    settings, reporter, customer, register_officer
):
    settings.CAUTION_PROFILE = "cheltenham"
    # A decision maker may decide alone where the manager who would is absent.
    deciding_director = make_user(Role.DECISION_MAKER, first_name="Dee")
    deciding_director.groups.add(*make_user(Role.MANAGER).groups.all())
    caution = caution_decided(reporter, customer, deciding_director, "ASSAULT", "ASSAULT")

    assert "took the decision" in refusal(caution, deciding_director, register_officer)
