"""Every review by the body the profile names (issue 15, the rest of finding 5): where a
group approves reviews, a review, removal included, is recorded only at one of its review
meetings with its quorum present; where one person reviews, they still review alone. A
manager asked to attend a review meeting is listed as an attendee who does not vote."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register.models import Caution, Review
from caution.register.reviews import (
    review_meeting_attendance_record,
    review_meeting_schedule,
    review_quorum_problem,
    review_record,
)
from tests.api.conftest import send
from tests.factories import make_user
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def due(cheltenham, customer):
    return on_register(customer, level="ABUSE", category="VERBAL_ABUSE", added=months_ago(6))


def test_000_8_4_a_review_without_a_meeting_is_refused_for_the_review_panel(
    customer, register_officer
):
    """000 §8.4: the Review Panel undertakes the six-monthly review, not one officer."""
    caution = on_register(customer, level="2", added=months_ago(6))

    with pytest.raises(ValidationError) as refused:
        review_record(caution, outcome="keep", reasons="Still a risk.", by=register_officer)

    assert refused.value.message_dict["meeting_id"] == [
        "Reviews are approved by the Review Panel at a review meeting: record it from the "
        "meeting's page"
    ]
    assert not Review.objects.exists()


def test_002_3_4_one_member_cannot_remove_an_entry_without_the_governance_group(
    due, governance_group
):
    """002 §3.4, §4.7: the Governance Group discusses and approves removals."""
    with pytest.raises(ValidationError, match="approved by the Governance Group"):
        review_record(due, outcome="remove", reasons="Nothing new.", by=governance_group)

    due.refresh_from_db()
    assert due.status == Caution.Status.ACTIVE


def test_002_4_7_the_review_page_without_a_meeting_explains_and_links_to_the_meetings(
    client, due, governance_group, register_officer
):
    """002 §4.7: the removal is discussed at the quarterly Governance Group meeting."""
    meeting = review_meeting_schedule(held_on=clock.today(), by=register_officer)
    client.force_login(governance_group)

    page = client.get(reverse("register:review", args=[due.id])).content.decode()

    assert "approved by the Governance Group at a review meeting" in page
    assert reverse("register:review_meeting", args=[meeting.id]) in page
    assert "Record the review" not in page


def test_002_3_4_the_api_refuses_a_review_without_a_meeting_naming_the_field(
    client, due, governance_group
):
    client.force_login(governance_group)

    response = send(
        client,
        "post",
        f"/api/cautions/{due.id}/reviews",
        {"version": due.version, "outcome": "remove", "reasons": "Nothing new."},
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["meeting_id"]
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("profile", "level", "role"),
    [
        ("dover", "1", Role.MANAGER),
        ("workington", "TEMPORARY", Role.DECISION_MAKER),
        ("determination-team", "R", Role.PANEL_MEMBER),
    ],
)
def test_where_one_person_reviews_they_review_without_a_meeting(
    settings, customer, profile, level, role
):
    """003 §10.2: the reviewing manager; 004 §7 and 001: reviewed as decided."""
    settings.CAUTION_PROFILE = profile
    caution = on_register(customer, level=level, added=months_ago(6))

    review = review_record(caution, outcome="keep", reasons="Still a risk.", by=make_user(role))

    assert review.meeting is None


def test_000_2_1_a_manager_asked_to_attend_a_review_meeting_is_invited_not_voting(
    client, customer, register_officer
):
    """000 §2.1: managers "attend any Review Panel, as requested"."""
    manager = make_user(Role.MANAGER, first_name="Mandy")
    make_user(Role.PANEL_MEMBER)
    meeting = review_meeting_schedule(
        held_on=clock.today(), non_voting=[manager], by=register_officer
    )
    client.force_login(register_officer)

    page = client.get(reverse("register:review_meeting", args=[meeting.id])).content.decode()

    assert list(meeting.non_voting.all()) == [manager]
    assert manager not in meeting.invited.all()
    assert "as an attendee who does not vote" in manager.notifications.get().body
    assert "Attending, not voting" in page
    assert manager.display_name in page


def test_000_2_1_an_attendee_who_does_not_vote_is_not_counted_for_the_quorum(register_officer):
    """000 §8.4: three members of the Panel; a department's manager present informs it,
    even one who sits on the Panel at other times."""
    chair = make_user(Role.DECISION_MAKER)
    dpo = make_user(Role.DATA_PROTECTION_OFFICER)
    manager = make_user(Role.PANEL_MEMBER)
    meeting = review_meeting_schedule(
        held_on=clock.today(), invited=[chair, dpo], non_voting=[manager], by=register_officer
    )

    review_meeting_attendance_record(
        meeting, attended=[chair, dpo, manager], version=meeting.version, by=register_officer
    )

    assert "2 eligible member(s) present, 3 needed" in review_quorum_problem(meeting)


def test_an_attendee_who_does_not_vote_cannot_record_the_groups_review(customer, register_officer):
    caution = on_register(customer, level="2", added=months_ago(6))
    panel = [
        make_user(Role.DECISION_MAKER),
        make_user(Role.DATA_PROTECTION_OFFICER),
        make_user(Role.PANEL_MEMBER),
    ]
    manager = make_user(Role.PANEL_MEMBER)
    meeting = review_meeting_schedule(
        held_on=clock.today(), invited=panel, non_voting=[manager], by=register_officer
    )
    review_meeting_attendance_record(
        meeting, attended=[*panel, manager], version=meeting.version, by=register_officer
    )

    with pytest.raises(PermissionDenied):
        review_record(caution, outcome="keep", reasons="Risk remains.", meeting=meeting, by=manager)
    assert not Review.objects.exists()
