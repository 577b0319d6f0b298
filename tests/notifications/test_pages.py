"""The pages: your notifications (newest first, unread marked), your choices, and
following additions and removals for your team's marker."""

import datetime as dt
import re

import pytest

from caution.lib import clock
from caution.notifications import events
from caution.notifications.actions import notify
from caution.notifications.models import MarkerSubscription, Notification
from caution.notifications.selectors import preferences_of
from tests.notifications.conftest import TUESDAY

pytestmark = pytest.mark.django_db


def message(user, subject, *, at=TUESDAY):
    with clock.frozen_at(at):
        [note] = notify(
            [user], subject=subject, body="Open the link.", url="/dashboard/", event="deadline_near"
        )
    return note


@pytest.fixture
def signed_in(client, colleague):
    client.force_login(colleague)
    return client


def test_the_list_shows_the_newest_first(signed_in, colleague):
    message(colleague, "Older")
    message(colleague, "Newer", at=TUESDAY + dt.timedelta(hours=1))

    page = signed_in.get("/notifications/").content.decode()

    assert page.index("Newer") < page.index("Older")


def test_unread_notifications_are_marked_and_counted(signed_in, colleague):
    message(colleague, "A deadline is near")

    page = signed_in.get("/notifications/").content.decode()

    assert "1 unread notification." in page
    assert "Unread" in page


def test_the_navigation_shows_how_many_are_unread(signed_in, colleague):
    message(colleague, "One")
    message(colleague, "Two")

    page = signed_in.get("/notifications/").content.decode()

    assert "Notifications (2 unread)" in page


def test_a_notification_can_be_marked_as_read(signed_in, colleague):
    note = message(colleague, "A deadline is near")

    response = signed_in.post(f"/notifications/{note.id}/read/")

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_not_found(signed_in, officer):
    note = message(officer, "Not yours")

    assert signed_in.post(f"/notifications/{note.id}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_as_read_needs_a_form_not_a_link(signed_in, colleague):
    note = message(colleague, "A deadline is near")

    assert signed_in.get(f"/notifications/{note.id}/read/").status_code == 405


def test_all_can_be_marked_as_read_at_once(signed_in, colleague, officer):
    message(colleague, "One")
    message(colleague, "Two")
    message(officer, "Someone else's")

    signed_in.post("/notifications/read/", follow=True)

    assert not Notification.objects.filter(user=colleague, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=officer, read_at__isnull=True).exists()


def ticked(page: str, name: str, value: str) -> bool:
    """Whether the checkbox `name`=`value` is ticked on the page."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', page).group(0)
    return "checked" in tag


def test_the_choices_page_shows_safety_alerts_as_always_on(signed_in):
    page = signed_in.get("/notifications/choices/").content.decode()

    assert "Safety alerts: always on" in page
    assert 'name="safety_alert"' not in page


def test_the_choices_page_starts_from_the_defaults(signed_in):
    page = signed_in.get("/notifications/choices/").content.decode()

    assert ticked(page, "meeting_scheduled", "email")
    assert not ticked(page, "caution_added", "email")
    assert ticked(page, "caution_added", "in_app")


def test_the_choices_page_saves_the_ticked_channels(signed_in, colleague):
    response = signed_in.post(
        "/notifications/choices/",
        {"meeting_scheduled": ["in_app"], "register_bulletin": ["email", "in_app"]},
    )

    assert response.status_code == 302
    chosen = preferences_of(colleague)
    assert (chosen[events.MEETING_SCHEDULED].email, chosen[events.MEETING_SCHEDULED].in_app) == (
        False,
        True,
    )
    assert chosen[events.REGISTER_BULLETIN].email
    assert not chosen[events.DEADLINE_NEAR].email and not chosen[events.DEADLINE_NEAR].in_app


def test_a_channel_that_does_not_exist_is_refused_on_the_form(signed_in):
    response = signed_in.post("/notifications/choices/", {"meeting_scheduled": ["pigeon"]})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_following_markers_from_the_page(signed_in, colleague):
    response = signed_in.post("/notifications/markers/", {"system": "Benefits system"})

    assert response.status_code == 302
    assert MarkerSubscription.objects.get(user=colleague).system == "Benefits system"


def test_following_markers_without_a_system_shows_the_error(signed_in):
    response = signed_in.post("/notifications/markers/", {"system": ""})

    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the system that holds your team" in page


def test_stopping_following_markers_from_the_page(signed_in, colleague):
    signed_in.post("/notifications/markers/", {"system": "Benefits system"})

    signed_in.post("/notifications/markers/", {"stop": "1"})

    assert not MarkerSubscription.objects.filter(user=colleague).exists()
