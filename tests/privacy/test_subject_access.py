"""Subject access (000 §8.5: customers may request a copy of their personal information):
one zip, with staff and witness names redacted on request, within one calendar month."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.privacy.models import SubjectAccessRequest
from caution.privacy.retention import deletion_schedule
from caution.privacy.selectors import access_requests
from caution.privacy.subject_access import access_due_on, access_export, access_request_record
from caution.register.cautions import caution_end
from caution.register.models import Restriction

pytestmark = pytest.mark.django_db


def requested(person, dpo, received_on: dt.date | None = None) -> SubjectAccessRequest:
    return access_request_record(
        person, channel="email", received_on=received_on or clock.today(), by=dpo
    )


def unzipped(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 4, 2)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
    ],
)
def test_a_request_is_answered_within_one_calendar_month(received, due):
    assert access_due_on(received) == due


def test_the_export_holds_a_readable_summary_the_data_as_json_and_the_letters(caution, dpo):
    files = unzipped(access_export(requested(caution.person, dpo), redact=False, by=dpo))

    assert {"summary.html", "summary.pdf", "data.json"} <= set(files)
    assert files["summary.pdf"].startswith(b"%PDF")
    data = json.loads(files["data.json"])
    assert data["person"]["names"][0]["family_name"] == "Pratt"
    assert data["person"]["date_of_birth"] == "1979-06-21"
    [incident] = data["incidents"]
    assert incident["witnesses"][0]["name"] == "Ann Lee"
    assert incident["assessment"]["severity"] == "High"
    assert data["cautions"][0]["level"] == "ASSAULT"
    assert data["decisions"][0]["outcome"] == "Caution"
    assert "Pratt" in files["summary.html"].decode()


def test_the_export_shows_who_has_seen_the_record(caution, dpo, client):
    client.force_login(dpo)
    client.get(f"/people/{caution.person_id}/")

    data = json.loads(
        unzipped(access_export(requested(caution.person, dpo), redact=False, by=dpo))["data.json"]
    )

    seen = data["who_has_seen_or_changed_the_record"]
    assert {"who": dpo.display_name, "summary": "Viewed a person's full record"}.items() <= next(
        event for event in seen if event["summary"] == "Viewed a person's full record"
    ).items()


def test_staff_and_witness_names_can_be_replaced_by_roles_wherever_they_appear(
    caution, dpo, reporter
):
    files = unzipped(access_export(requested(caution.person, dpo), redact=True, by=dpo))

    text = files["data.json"].decode() + files["summary.html"].decode()
    for name in ("Ann Lee", "Ann", reporter.display_name, reporter.last_name):
        assert name not in text
    data = json.loads(files["data.json"])
    assert data["incidents"][0]["witnesses"][0]["name"] == "Witness A"
    assert data["incidents"][0]["reported_by"].startswith("Officer ")
    assert data["person"]["names"][0]["given_names"] == "Gary"


def test_an_export_is_audited_and_answers_the_request(caution, dpo):
    access = requested(caution.person, dpo)

    access_export(access, redact=True, by=dpo)

    access.refresh_from_db()
    assert access.completed_on == clock.today()
    assert access.redacted
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT)
    assert list(event.people.all()) == [caution.person]


def test_only_the_data_protection_officer_exports(caution, dpo, register_officer):
    access = requested(caution.person, dpo)

    with pytest.raises(PermissionDenied):
        access_export(access, redact=True, by=register_officer)


def test_overdue_requests_are_listed_first(caution, dpo):
    recent = requested(caution.person, dpo)
    late = requested(caution.person, dpo, received_on=clock.today() - dt.timedelta(days=40))
    answered = requested(caution.person, dpo, received_on=clock.today() - dt.timedelta(days=60))
    access_export(answered, redact=True, by=dpo)

    assert access_requests(dpo) == [late, recent, answered]


def test_an_open_request_pauses_deletion(caution, dpo, register_officer):
    caution_end(caution, reason="Removed at review", version=caution.version, by=register_officer)
    requested(caution.person, dpo)

    [due] = deletion_schedule()

    assert due.paused_by == "Subject access request open"


def test_the_export_lists_the_restriction_rows_ended_ones_too(caution, dpo):
    today = clock.today()
    for label, ends_on in (("Contact in writing only", None), ("Banned from the offices", today)):
        caution.restriction_set.create(
            type=Restriction.FREE_TEXT,
            label=label,
            starts_on=today - dt.timedelta(days=9),
            ends_on=ends_on,
        )
    with clock.frozen_at(clock.now() + dt.timedelta(days=1)):
        files = unzipped(access_export(requested(caution.person, dpo), redact=False, by=dpo))

    [held] = json.loads(files["data.json"])["cautions"]
    assert [(r["what"], r["ends_on"], r["in_force"]) for r in held["restrictions"]] == [
        ("Contact in writing only", None, True),
        ("Banned from the offices", today.isoformat(), False),
    ]
    assert held["restrictions_in_words"] == "Contact in writing only"
