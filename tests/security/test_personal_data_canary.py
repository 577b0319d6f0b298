"""A personal-data canary (issue 11's battery): a person no one else is called, with a date
of birth, an address and a phone number of their own, typed into the check, a report, a
form with a mistake, a refused request, one for a record that does not exist, a request
that fails with a server error (ADMINS set: Django's AdminEmailHandler mails it), and API
calls with bad input (a NUL byte among them). Every log record (the root logger at DEBUG),
every error e-mail and every URL requested, redirected to or linked from a page must hold
none of it. Runs on SQLite and, with DATABASE_URL, PostgreSQL."""

import datetime as dt
import logging
import re
import uuid
from urllib.parse import unquote_plus

import pytest
from django.core import mail
from django.urls import reverse

from caution.accounts.roles import Role
from caution.register import check_views
from tests.factories import make_person, make_user
from tests.signing_in import SignedInClient

pytestmark = pytest.mark.django_db

GIVEN, FAMILY = "Zephyrine", "Quillonby"
BORN = dt.date(1961, 2, 17)
LINE1, POSTCODE = "41 Quernmoor Close", "GL52 7QX"
PHONE = "07700 900813"
# Each as it could be written: in words, in a URL, with or without spaces.
CANARY = re.compile(
    r"zephyrine|quillonby|quernmoor|1961-02-17|17/0?2/1961|17 february 1961"
    r"|gl52 ?7qx|0?7700 ?900813|\+447700900813",
    re.IGNORECASE,
)
ADMIN = "operations@example.org"
# The pattern of a link in a page: where a browser would go next.
LINK = re.compile(r"""(?:href|src|action)=["']([^"']*)["']""")


class Recorder:
    """Every URL a journey requests, is redirected to or is offered as a link."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def seen(self, response):
        self.urls.append(response.wsgi_request.get_full_path())
        self.urls += [url for url, _ in getattr(response, "redirect_chain", [])]
        if response.get("Location"):
            self.urls.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            self.urls += LINK.findall(response.content.decode())
        return response


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def everything_logged(caplog, settings):
    """Every record any logger lets through at DEBUG, and Django's error e-mails sent."""
    settings.ADMINS = [("Operations", ADMIN)]
    caplog.set_level(logging.DEBUG)
    return caplog


def signed_in(role: Role) -> SignedInClient:
    client = SignedInClient(raise_request_exception=False)
    client.force_login(make_user(role))
    return client


def canary_form() -> dict:
    return {
        "name": f"{GIVEN} {FAMILY}",
        "date_of_birth_0": str(BORN.day),
        "date_of_birth_1": str(BORN.month),
        "date_of_birth_2": str(BORN.year),
        "address": LINE1,
        "postcode": POSTCODE,
        "phone": PHONE,
    }


def canary_json() -> dict:
    return {
        "name": f"{GIVEN} {FAMILY}",
        "date_of_birth": BORN.isoformat(),
        "address": LINE1,
        "postcode": POSTCODE,
        "phone": PHONE,
    }


def post_json(client, path: str, body: dict, method: str = "post"):
    return getattr(client, method)(path, body, content_type="application/json")


def check_journeys(recorder: Recorder) -> None:
    """The check, on the page and through the API, and with a date that is no date."""
    reporter = signed_in(Role.REPORTER)
    recorder.seen(reporter.post(reverse("register:check"), canary_form(), follow=True))
    wrong_date = {**canary_form(), "date_of_birth_0": "31", "date_of_birth_1": "2"}
    page = recorder.seen(reporter.post(reverse("register:check"), wrong_date, follow=True))
    assert "govuk-error-summary" in page.content.decode()
    recorder.seen(post_json(reporter, "/api/check", canary_json()))
    bad = recorder.seen(post_json(reporter, "/api/check", {**canary_json(), "name": "Quillonby\0"}))
    assert bad.status_code == 422


def report_journeys(recorder: Recorder) -> None:
    """A report about the canary, through the API: its details, the person named as new,
    a witness; then a witness whose name carries a NUL byte."""
    reporter = signed_in(Role.REPORTER)
    report = recorder.seen(post_json(reporter, "/api/reports", {"kind": "incident"})).json()
    path = f"/api/reports/{report['id']}"
    details = {
        "version": report["version"],
        "description": f"{GIVEN} {FAMILY} shouted at the officer at {LINE1}, {POSTCODE}",
        "location": LINE1,
    }
    report = recorder.seen(post_json(reporter, path, details, "put")).json()
    new = {
        "given_names": GIVEN,
        "family_name": FAMILY,
        "date_of_birth": BORN.isoformat(),
        "line1": LINE1,
        "postcode": POSTCODE,
    }
    named = recorder.seen(
        post_json(reporter, f"{path}/person", {"version": report["version"], "new": new})
    )
    assert named.status_code == 200
    witness = {"version": named.json()["version"], "name": f"{GIVEN}\0", "statement": PHONE}
    assert recorder.seen(post_json(reporter, f"{path}/witnesses", witness)).status_code == 422


def refused_journeys(recorder: Recorder) -> None:
    """A correction of the canary refused (403), and one for no such person (404), on the
    page and through the API."""
    person = make_person(GIVEN, FAMILY, born=BORN, phones=(PHONE,))
    reporter, officer = signed_in(Role.REPORTER), signed_in(Role.REGISTER_OFFICER)
    correction = {"version": 1, "date_of_birth": BORN.isoformat(), "reason": f"{FAMILY} wrote"}
    for client, person_id, status in ((reporter, person.id, 403), (officer, uuid.uuid4(), 404)):
        page = reverse("people:correct", args=[person_id])
        assert recorder.seen(client.post(page, canary_form())).status_code == status
        api = f"/api/people/{person_id}/corrections"
        assert recorder.seen(post_json(client, api, correction)).status_code == status


def server_error_journey(recorder: Recorder, monkeypatch) -> None:
    """The check fails inside (a fault of ours): a 500, logged and mailed to ADMINS."""

    def broken(query, *, by):
        raise RuntimeError("The matcher failed")

    monkeypatch.setattr(check_views, "check_run", broken)
    reporter = signed_in(Role.REPORTER)
    response = recorder.seen(reporter.post(reverse("register:check"), canary_form()))
    assert response.status_code == 500


def hits_in(texts: list[str]) -> list[str]:
    return [text[:200] for text in texts if CANARY.search(unquote_plus(text))]


def test_the_canary_is_in_no_log_record_error_e_mail_or_url(
    everything_logged, recorder, monkeypatch
):
    check_journeys(recorder)
    report_journeys(recorder)
    refused_journeys(recorder)
    server_error_journey(recorder, monkeypatch)

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    records = [
        f"{formatter.format(record)} {record.args!r}" for record in everything_logged.records
    ]
    errors = [message for message in mail.outbox if ADMIN in message.to]
    e_mails = [
        "\n".join(
            [message.subject, message.body]
            + [str(content) for content, _ in getattr(message, "alternatives", [])]
        )
        for message in errors
    ]
    print(
        f"\ncanary: {len(records)} log records, {len(e_mails)} error e-mails, "
        f"{len(recorder.urls)} URLs: "
        f"{len(hits_in(records)) + len(hits_in(e_mails)) + len(hits_in(recorder.urls))} hits"
    )
    assert len(e_mails) == 1, "the server error was mailed to ADMINS"
    assert hits_in(records) == []
    assert hits_in(e_mails) == []
    assert hits_in(recorder.urls) == []
