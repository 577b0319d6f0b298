"""A session ends SESSION_MAX_HOURS (12) after sign-in even when it is never idle: a
stolen session cookie kept busy does not last for ever."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BUSY = dt.timedelta(minutes=20)  # within the 30 minutes a session may be idle


class Moment:
    """The time every clock reads (Django's sessions and the project's), moved by hand."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def moment(monkeypatch) -> Moment:
    moment = Moment()
    monkeypatch.setattr(timezone, "now", moment)
    return moment


def busy_until(client, moment: Moment, hours: float) -> None:
    """A request every 20 minutes until `hours` after sign-in."""
    end = moment.at + dt.timedelta(hours=hours)
    while moment.at + BUSY < end:
        moment.at += BUSY
        assert client.get(reverse("register:check")).status_code == 200
    moment.at = end


def test_a_busy_session_is_still_open_just_before_twelve_hours(client, reporter, moment):
    client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    busy_until(client, moment, hours=11.9)

    assert client.get(reverse("register:check")).status_code == 200


def test_a_busy_session_ends_twelve_hours_after_sign_in(client, reporter, moment):
    client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    busy_until(client, moment, hours=12)
    page = client.get(reverse("register:check"))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))


def test_the_api_answers_401_after_twelve_hours(client, reporter, moment):
    client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    busy_until(client, moment, hours=12)
    answer = client.get("/api/notifications")

    assert answer.status_code == 401


def test_signing_in_again_starts_a_new_twelve_hours(client, reporter, moment):
    client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})
    busy_until(client, moment, hours=12)
    client.get(reverse("register:check"))

    client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    assert client.get(reverse("register:check")).status_code == 200
