"""The decision as question pages (issue 12): quorum and conflicts before the questions,
one part of the decision a page, the answers kept until "check your answers" records them
with the same action as the single form; nothing is recorded before."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.adjusting import adjustment_record
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


def url(incident, step=None):
    if step is None:
        return reverse("register:decision", args=[incident.id])
    if step == "check":
        return reverse("register:decision_check", args=[incident.id])
    return reverse("register:decision_step", args=[incident.id, step])


@pytest.fixture
def cheltenham_case(settings, reporter, person, manager):
    use_profile(settings, "cheltenham")
    return assessed(submitted(reporter, person, "ASSAULT"), manager, level="ASSAULT")


def answer_the_caution_pages(client, incident, *, restriction_end=None):
    client.post(url(incident))
    client.post(url(incident, "outcome"), {"outcome": "caution", "reasons": "Assault."})
    client.post(url(incident, "level"), {"level": "ASSAULT"})
    client.post(
        url(incident, "precautions"),
        {"precautions": ["Officers visit the customer's home only in pairs"], "key_contact": ""},
    )
    restriction = {"add": "yes", "type": "named_contact", "named_contact": "Customer Relations"}
    if restriction_end:
        restriction |= {
            "ends_on_0": restriction_end.day,
            "ends_on_1": restriction_end.month,
            "ends_on_2": restriction_end.year,
        }
    client.post(url(incident, "restrictions"), restriction)
    client.post(url(incident, "restrictions"), {"add": "no"})
    return client.post(
        url(incident, "questions"),
        {"prompt_essential_services": "yes", "prompt_formal_complaint": "no"},
    )


def test_the_pages_record_nothing_before_the_answers_are_checked(
    client, cheltenham_case, second_manager
):
    client.force_login(second_manager)

    answered = answer_the_caution_pages(client, cheltenham_case)

    assert answered.url == url(cheltenham_case, "check")
    assert not Decision.objects.exists()


def test_check_your_answers_records_the_caution_with_its_restriction(
    client, cheltenham_case, second_manager
):
    client.force_login(second_manager)
    answer_the_caution_pages(client, cheltenham_case)
    page = client.get(url(cheltenham_case, "check")).content.decode()
    assert "Check your answers" in page
    assert "Customer Relations" in page

    client.post(url(cheltenham_case, "check"))

    caution = Caution.objects.get()
    assert caution.level == "ASSAULT"
    assert [r.named_contact for r in caution.restriction_set.all()] == ["Customer Relations"]
    assert Incident.objects.get().status == Incident.Status.DECIDED


def test_a_warning_skips_the_caution_pages(client, cheltenham_case, second_manager):
    client.force_login(second_manager)
    client.post(url(cheltenham_case))

    answered = client.post(
        url(cheltenham_case, "outcome"), {"outcome": "warning", "reasons": "First time."}
    )

    assert answered.url == url(cheltenham_case, "check")
    assert client.get(url(cheltenham_case, "level")).url == url(cheltenham_case, "outcome")


def test_an_unanswered_outcome_says_what_to_do(client, cheltenham_case, second_manager):
    client.force_login(second_manager)
    client.post(url(cheltenham_case))

    page = client.post(url(cheltenham_case, "outcome"), {}).content.decode()

    assert "Choose the outcome" in page
    assert "Give the reasons for the decision" in page


def test_a_restriction_outliving_the_caution_is_refused_on_the_check_page(
    client, cheltenham_case, second_manager
):
    client.force_login(second_manager)
    answer_the_caution_pages(
        client, cheltenham_case, restriction_end=clock.today() + dt.timedelta(days=365 * 10)
    )

    page = client.post(url(cheltenham_case, "check")).content.decode()

    assert "There is a problem" in page
    assert "cannot end after the caution expires" in page
    assert url(cheltenham_case, "restrictions") in page
    assert not Caution.objects.exists()


def test_the_reports_account_and_assessment_are_beside_each_question(
    client, cheltenham_case, second_manager
):
    client.force_login(second_manager)
    client.post(url(cheltenham_case))

    page = client.get(url(cheltenham_case, "outcome")).content.decode()

    assert "Threw a chair at the officer." in page
    assert "Violence at the front desk; likely to recur." in page


def test_someone_involved_is_told_before_the_questions(client, settings, reporter, person):
    use_profile(settings, "cheltenham")
    involved = make_user(Role.MANAGER)
    incident = submitted(reporter, person, "ASSAULT", staff=[(involved, False)])
    assessed(incident, make_user(Role.MANAGER), level="ASSAULT")
    client.force_login(involved)

    page = client.get(url(incident)).content.decode()

    assert "You were involved in this incident" in page
    assert ">Start<" not in page


# Under a panel (Harborough): the meeting, held and quorate, before the questions.


@pytest.fixture
def harborough_case(settings, reporter, person, manager):
    use_profile(settings, "harborough")
    return assessed(submitted(reporter, person, "VIOLENCE"), manager, level="1")


@pytest.fixture
def panel():
    return [
        make_user(Role.DECISION_MAKER),
        make_user(Role.DATA_PROTECTION_OFFICER),
        make_user(Role.PANEL_MEMBER),
    ]


def test_a_meeting_not_quorate_links_to_recording_attendance(
    client, harborough_case, panel, register_officer
):
    meeting = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Committee Room 2",
        cases=[harborough_case],
        invited=panel,
        by=register_officer,
    )
    client.force_login(register_officer)

    page = client.get(url(harborough_case)).content.decode()

    assert "not quorate" in page
    assert reverse("register:meeting", args=[meeting.id]) in page
    assert ">Start<" not in page


def test_a_meeting_in_the_future_cannot_decide(client, harborough_case, panel, register_officer):
    deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()) + dt.timedelta(days=1),
        place="Committee Room 2",
        cases=[harborough_case],
        invited=panel,
        by=register_officer,
    )
    client.force_login(register_officer)

    page = client.get(url(harborough_case)).content.decode()

    assert "once it has been held" in page
    assert ">Start<" not in page


def test_the_quorate_meeting_decides_through_the_pages(
    client, harborough_case, panel, register_officer
):
    meeting = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Committee Room 2",
        cases=[harborough_case],
        invited=panel,
        by=register_officer,
    )
    deciding.meeting_attendance_record(
        meeting, attended=panel, version=meeting.version, by=register_officer
    )
    client.force_login(register_officer)
    client.post(url(harborough_case))
    client.post(url(harborough_case, "outcome"), {"outcome": "no_action", "reasons": "One-off."})

    client.post(url(harborough_case, "check"))

    assert Decision.objects.get().meeting == meeting


def test_the_single_form_names_its_meetings_by_date_and_place(
    client, harborough_case, panel, register_officer
):
    deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()).replace(hour=10, minute=0),
        place="Committee Room 2",
        cases=[harborough_case],
        invited=panel,
        by=register_officer,
    )
    client.force_login(register_officer)

    page = client.get(reverse("register:decide", args=[harborough_case.id])).content.decode()

    assert "Choose the meeting that decided" in page
    assert "---------" not in page
    assert f"{clock.today():%-d %B %Y}, 10:00, Committee Room 2" in page


def test_a_person_known_only_by_name_needs_the_reason_on_the_question_pages(
    client, settings, reporter, manager, second_manager
):
    """The identity rule (ADR 0021) holds on the question pages as on the single form: the
    refusal sends the decider back to "who the person is", and nothing is recorded."""
    use_profile(settings, "cheltenham")
    unknown = assessed(
        submitted(reporter, make_person("Nameonly", "Person"), "ASSAULT"), manager, level="ASSAULT"
    )
    client.force_login(second_manager)
    answer_the_caution_pages(client, unknown)

    page = client.post(url(unknown, "check")).content.decode()

    assert "There is a problem" in page
    assert "no date of birth or current address on record" in page
    assert url(unknown, "questions") in page
    assert not Caution.objects.exists()


def test_the_reason_given_on_the_question_pages_lets_the_caution_be_recorded(
    client, settings, reporter, manager, second_manager
):
    use_profile(settings, "cheltenham")
    unknown = assessed(
        submitted(reporter, make_person("Nameonly", "Person"), "ASSAULT"), manager, level="ASSAULT"
    )
    client.force_login(second_manager)
    answer_the_caution_pages(client, unknown)
    client.post(
        url(unknown, "questions"),
        {
            "prompt_essential_services": "yes",
            "prompt_formal_complaint": "no",
            "identified_by": "known_to_staff",
            "identity_reason": "Known to reception staff by sight for years.",
        },
    )
    assert "Known to reception staff by sight" in client.get(url(unknown, "check")).content.decode()

    client.post(url(unknown, "check"))

    decision = Decision.objects.get()
    assert decision.identity_reason == "Known to reception staff by sight for years."
    assert decision.caution is not None


def test_a_restriction_against_an_agreed_adjustment_needs_its_reason_on_the_question_pages(
    client, cheltenham_case, second_manager, register_officer
):
    """The adjustments rule (ADR 0024) holds on the question pages as on the single form: a
    named-contact restriction works against an agreed contact route, so the decision is
    refused until the decider says why it is still proportionate, then recorded with it."""
    adjustment_record(
        cheltenham_case.person,
        kind="contact_route",
        agreed="Calls through a named officer",
        need="Hearing impairment",
        agreed_on=clock.today(),
        agreed_by="Customer Relations Officer",
        by=register_officer,
    )
    client.force_login(second_manager)
    answer_the_caution_pages(client, cheltenham_case)

    refused = client.post(url(cheltenham_case, "check")).content.decode()
    assert "There is a problem" in refused
    assert url(cheltenham_case, "questions") in refused
    assert not Caution.objects.exists()

    client.post(
        url(cheltenham_case, "questions"),
        {
            "prompt_essential_services": "yes",
            "prompt_formal_complaint": "no",
            "adjustment_reason": "The named officer is the agreed route itself.",
        },
    )
    client.post(url(cheltenham_case, "check"))

    assert (
        Decision.objects.get().adjustment_reason == "The named officer is the agreed route itself."
    )
