"""Group reviews are approved by the group (issue 15 finding 5): a review meeting has the
group invited, attendance, and a quorum of members present who approve each review
recorded at it, as a decision meeting has (000 §8.4; 002 §3.4, §4.7)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.register.models import Review
from caution.register.reviews import (
    review_meeting_attendance_record,
    review_meeting_schedule,
    review_record,
)
from tests.api.conftest import send
from tests.factories import make_user
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def group(db):
    """Three members of Cheltenham's Governance Group (panel member role)."""
    return [make_user(Role.PANEL_MEMBER, first_name=name) for name in ("Gwen", "Gus", "Gil")]


@pytest.fixture
def due(customer):
    return on_register(customer, level="ABUSE", category="VERBAL_ABUSE", added=months_ago(6))


@pytest.fixture
def meeting(group, register_officer):
    return review_meeting_schedule(held_on=clock.today(), by=register_officer)


def present(meeting, users, by):
    return review_meeting_attendance_record(meeting, attended=users, version=meeting.version, by=by)


def removed(due, meeting, by) -> Review:
    return review_record(due, outcome="remove", reasons="No new incident.", meeting=meeting, by=by)


def test_002_4_7_the_group_is_invited_to_its_review_meeting(meeting, group):
    """002 §4.7: removals are discussed at the quarterly Governance Group."""
    assert set(meeting.invited.all()) == set(group)


def test_002_3_4_a_review_at_the_meeting_waits_for_attendance_to_be_recorded(
    due, meeting, register_officer
):
    """002 §3.4: the Governance Group "discuss and approve reviews/removals"."""
    with pytest.raises(ValidationError, match="Record who is present"):
        removed(due, meeting, register_officer)


def test_002_3_4_one_member_alone_cannot_approve_a_removal_for_the_group(
    due, meeting, group, register_officer
):
    """002 §3.4: the Governance Group approves, not one of its members."""
    present(meeting, group[:1], register_officer)

    with pytest.raises(ValidationError, match="not quorate"):
        removed(due, meeting, group[0])
    assert not Review.objects.exists()


def test_002_3_4_a_quorate_group_approves_the_removal_and_who_approved_is_kept(
    due, meeting, group, register_officer
):
    """002 §3.4, §4.7: approved by the Governance Group: those present are recorded."""
    present(meeting, group[:2], register_officer)

    review = removed(due, meeting, group[0])

    assert review.meeting == meeting
    event = AuditEvent.objects.get(summary__startswith="Reviewed the caution")
    assert sorted(event.details["approved_by"]) == sorted(str(u.id) for u in group[:2])


def test_a_member_not_present_cannot_record_the_groups_review(
    due, meeting, group, register_officer
):
    present(meeting, group[:2], register_officer)

    with pytest.raises(PermissionDenied):
        removed(due, meeting, group[2])


def test_000_8_4_the_review_panel_needs_its_quorum_chair_and_dpo_to_review(
    settings, customer, register_officer
):
    """000 §8.4: the Review Panel (a minimum of three, chaired from CMT, with the DPO)
    reviews every six months."""
    settings.CAUTION_PROFILE = "harborough"
    caution = on_register(customer, level="2", added=months_ago(6))
    members = [make_user(Role.PANEL_MEMBER) for _ in range(3)]
    meeting = review_meeting_schedule(held_on=clock.today(), by=register_officer)
    present(meeting, members, register_officer)

    with pytest.raises(ValidationError, match="seats must be filled"):
        review_record(
            caution, outcome="keep", reasons="Still a risk", meeting=meeting, by=members[0]
        )


def test_000_8_4_attendance_is_recorded_on_the_review_meeting_page(
    client, meeting, group, register_officer
):
    """000 §8.4: the Panel meets to review; who attended is minuted."""
    client.force_login(register_officer)
    url = reverse("register:review_meeting", args=[meeting.id])
    assert "not quorate" not in client.get(url).content.decode()

    client.post(url, {"version": meeting.version, "attended": [group[0].id]})

    page = client.get(url).content.decode()
    assert "not quorate" in page
    assert list(meeting.attended.all()) == [group[0]]


def test_002_3_4_attendance_through_the_api(client, meeting, group, register_officer):
    """002 §3.4: the group's attendance, through the API as on the page."""
    client.force_login(register_officer)

    response = send(
        client,
        "post",
        f"/api/review-meetings/{meeting.id}/attendance",
        {"version": meeting.version, "attended": [u.username for u in group[:2]]},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["quorum_problem"] == ""
    assert response.json()["attended"] == sorted(u.username for u in group[:2])


def test_only_invited_members_are_marked_present(meeting, register_officer):
    with pytest.raises(ValidationError):
        present(meeting, [make_user(Role.MANAGER)], register_officer)
