"""The same choices and messages through the JSON API."""

import pytest

from caution.accounts.roles import Role
from caution.notifications import events
from caution.notifications.actions import notify
from caution.notifications.models import MarkerSubscription
from caution.notifications.selectors import preferences_of
from tests.api.conftest import send
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, colleague):
    client.force_login(colleague)
    return client


def test_your_messages_come_newest_first_with_whether_they_are_read(api, colleague):
    notify([colleague], subject="A deadline is near", body="Open the link.", event="deadline_near")

    [note] = api.get("/api/notifications").json()

    assert (note["subject"], note["event"], note["read"]) == (
        "A deadline is near",
        events.DEADLINE_NEAR,
        False,
    )


def test_a_message_is_marked_read(api, colleague):
    [note] = notify([colleague], subject="S", body="B")

    answer = send(api, "post", f"/api/notifications/{note.id}/read")

    assert answer.json()["read"] is True


def test_someone_elses_message_is_not_found(api, officer):
    [note] = notify([officer], subject="S", body="B")

    assert send(api, "post", f"/api/notifications/{note.id}/read").status_code == 404


def test_choices_are_read_and_replaced(api, colleague):
    assert {c["event"] for c in api.get("/api/notifications/choices").json()} == {
        e.key for e in events.OPTIONAL_EVENTS
    }

    answer = send(
        api,
        "put",
        "/api/notifications/choices",
        {"choices": [{"event": "meeting_scheduled", "email": False, "in_app": True}]},
    )

    assert answer.status_code == 200
    assert not preferences_of(colleague)[events.MEETING_SCHEDULED].email
    assert not preferences_of(colleague)[events.DEADLINE_NEAR].in_app


def test_safety_alerts_cannot_be_turned_off_through_the_api(api):
    answer = send(
        api,
        "put",
        "/api/notifications/choices",
        {"choices": [{"event": "safety_alert", "email": False, "in_app": False}]},
    )

    assert answer.status_code == 422


def test_following_and_unfollowing_markers(api, colleague):
    answer = send(api, "put", "/api/notifications/marker", {"system": "Benefits system"})
    assert answer.json() == {"following": True, "system": "Benefits system"}

    send(api, "delete", "/api/notifications/marker")

    assert not MarkerSubscription.objects.filter(user=colleague).exists()


def test_a_councillor_who_may_not_see_the_register_cannot_follow_it(client, settings):
    settings.CAUTION_PROFILE = "cheltenham"
    client.force_login(make_user(Role.COUNCILLOR))

    answer = send(client, "put", "/api/notifications/marker", {"system": "Casework"})

    assert answer.status_code == 403
