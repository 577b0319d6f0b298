"""A session's expiry is renewed at most once a minute, not written on every request, and a
session still ends after SESSION_IDLE_MINUTES without a request (issue 9, item 8)."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

IDLE = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


class Moment:
    """The time every clock reads in these tests, moved on by hand."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, delta: dt.timedelta) -> None:
        self.at += delta


@pytest.fixture
def moment(monkeypatch) -> Moment:
    """Django's sessions read their expiry against `timezone.now`, not the project's clock;
    the project's clock (caution.lib.clock) reads `timezone.now` too, so both travel."""
    moment = Moment()
    monkeypatch.setattr(timezone, "now", moment)
    return moment


def sign_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def visit(client) -> tuple[int, list[str]]:
    """Open the check page: its status, and the statements that wrote a session."""
    with CaptureQueriesContext(connection) as captured:
        status = client.get(reverse("register:check")).status_code
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if "django_session" in query["sql"] and not query["sql"].startswith("SELECT")
    ]
    return status, writes


def test_a_request_within_a_minute_of_the_last_renewal_does_not_write_the_session(
    client, reporter, moment
):
    sign_in(client, reporter)  # signing in saves the session, with its expiry
    moment.advance(dt.timedelta(seconds=59))

    assert visit(client) == (200, [])


def test_a_request_a_minute_after_the_last_renewal_renews_the_expiry(client, reporter, moment):
    sign_in(client, reporter)
    moment.advance(dt.timedelta(seconds=60))

    status, writes = visit(client)

    assert status == 200
    assert len(writes) == 1 and writes[0].startswith("UPDATE")
    assert Session.objects.get().expire_date == moment.at + IDLE
    assert visit(client) == (200, [])  # and not again until a minute later


def test_a_session_in_use_outlives_the_idle_timeout(client, reporter, moment):
    sign_in(client, reporter)
    for _ in range(4):
        moment.advance(IDLE / 3)
        assert visit(client)[0] == 200


def test_an_idle_session_ends_after_the_idle_timeout(client, reporter, moment):
    sign_in(client, reporter)
    moment.advance(dt.timedelta(minutes=5))
    visit(client)  # renews the expiry
    moment.advance(IDLE)

    response = client.get(reverse("register:check"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_idle_session_never_outlives_the_timeout_after_its_last_request(
    client, reporter, moment
):
    """A request within the minute does not renew the expiry, so the session may end up to a
    minute sooner than the timeout after it; never later."""
    sign_in(client, reporter)
    moment.advance(dt.timedelta(seconds=50))
    visit(client)  # not renewed: within the minute
    moment.advance(IDLE - dt.timedelta(seconds=50))

    assert client.get(reverse("register:check")).status_code == 302


def test_visitors_who_are_not_signed_in_and_people_who_signed_out_hold_no_session(
    client, reporter, moment
):
    client.get(reverse("login"))
    assert Session.objects.count() == 0

    sign_in(client, reporter)
    moment.advance(dt.timedelta(minutes=2))
    client.post(reverse("logout"))

    assert Session.objects.count() == 0
