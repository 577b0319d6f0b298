"""Non-voting attendees (issue 15 finding 8): the manager of the department involved,
invited to inform the Review Panel (000 §8.2 step 4), is kept on the invitation, is told,
may be marked present, and never counts towards the quorum or decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.notifications.models import Notification
from caution.register import deciding
from caution.register.models import Caution
from tests.api.conftest import send
from tests.deciding import test_panel as panel_tests
from tests.deciding.test_panel import decide_at, meeting_for, soon
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Harborough's Review Panel and a case before it, as in test_panel.py.
panel = panel_tests.panel
case = panel_tests.case


@pytest.fixture
def department_manager(db):
    return make_user(Role.MANAGER, first_name="Dilys")


def test_000_8_2_the_department_manager_is_kept_on_the_invitation_and_told(
    case, panel, department_manager, register_officer
):
    """000 §8.2 step 4: the panel meets with the manager of the department involved."""
    meeting = meeting_for(case, {**panel, "manager": department_manager}, register_officer)

    assert list(meeting.non_voting.all()) == [department_manager]
    assert department_manager not in meeting.invited.all()
    note = Notification.objects.get(user=department_manager)
    assert "does not vote" in note.body


def test_000_8_2_a_non_voting_attendee_present_does_not_make_the_panel_quorate(
    case, panel, register_officer
):
    """000 §8.2 step 4, §8.4: three panel members are needed; an attendee who informs the
    panel is not one of them, even one who sits on the panel at other times."""
    informing = panel["another"]
    meeting = meeting_for(case, panel, register_officer, non_voting=[informing])
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["dpo"], informing],
        version=meeting.version,
        by=register_officer,
    )

    with pytest.raises(ValidationError, match="not quorate"):
        decide_at(meeting, case, register_officer)
    assert not Caution.objects.exists()


def test_000_8_2_a_non_voting_attendee_cannot_record_the_decision(
    case, panel, department_manager, register_officer
):
    """000 §8.2: the Review Panel decides; the department manager informs it."""
    meeting = meeting_for(case, panel, register_officer, non_voting=[department_manager])
    deciding.meeting_attendance_record(
        meeting,
        attended=[panel["chair"], panel["dpo"], panel["member"], department_manager],
        version=meeting.version,
        by=register_officer,
    )

    with pytest.raises(PermissionDenied):
        decide_at(meeting, case, department_manager)
    assert decide_at(meeting, case, panel["chair"]).meeting == meeting


def test_a_meeting_with_too_few_voting_members_invited_is_refused(case, panel, register_officer):
    with pytest.raises(ValidationError, match="quorum"):
        meeting_for(case, panel, register_officer, non_voting=[panel["member"], panel["another"]])


def test_000_8_2_the_meeting_page_lists_the_attendees_who_do_not_vote(
    client, case, panel, department_manager, register_officer
):
    """000 §8.2 step 4: who attends to inform the panel is on the meeting's record."""
    meeting = meeting_for(case, panel, register_officer, non_voting=[department_manager])
    client.force_login(register_officer)

    page = client.get(reverse("register:meeting", args=[meeting.id])).content.decode()

    assert "Attending, not voting" in page
    assert department_manager.display_name in page


def test_000_8_2_non_voting_attendees_through_the_api(
    client, case, panel, department_manager, register_officer
):
    """000 §8.2 step 4, through the API as on the page."""
    client.force_login(register_officer)

    response = send(
        client,
        "post",
        "/api/meetings",
        {
            "starts_at": soon().isoformat(),
            "cases": [str(case.id)],
            "invited": [user.username for user in panel.values()],
            "non_voting": [department_manager.username],
        },
    )

    assert response.status_code == 201, response.json()
    assert [u["username"] for u in response.json()["non_voting"]] == [department_manager.username]
