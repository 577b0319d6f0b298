"""Reporting through the JSON API: the same actions and permissions as the pages, refusals
as 4xx with field messages."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.incidents import actions
from caution.incidents.models import Evidence, Incident
from caution.lib import clock
from caution.notifications.models import Notification
from tests.api.conftest import send
from tests.deciding.conftest import submitted
from tests.factories import cautioned, make_user

pytestmark = pytest.mark.django_db
AN_HOUR_AGO = (clock.now() - dt.timedelta(hours=1)).isoformat()
DETAILS = {
    "occurred_at": AN_HOUR_AGO,
    "location": "Reception",
    "channel": "face_to_face",
    "service_area": "Housing",
    "category": "VIOLENCE",
    "description": "He threw a chair at the officer.",
}


@pytest.fixture
def robert(db):
    return cautioned("Robert", "Smith")


@pytest.fixture
def draft(reporter):
    return actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)


@pytest.fixture
def complete_draft(draft, reporter, robert):
    actions.incident_update(
        draft,
        actions.IncidentDetails(**{**DETAILS, "occurred_at": clock.now()}),
        version=1,
        by=reporter,
    )
    actions.incident_person_choose(draft, robert, version=draft.version, by=reporter)
    actions.staff_add(
        draft, name="Sam Carter", threatened=False, version=draft.version, by=reporter
    )
    return draft


def url(incident, part: str = "") -> str:
    return f"/api/reports/{incident.id}" + (f"/{part}" if part else "")


def a_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "blue").save(out, "JPEG")
    return out.getvalue()


def test_a_reporter_starts_a_draft_report(client, reporter):
    client.force_login(reporter)
    response = send(client, "post", "/api/reports", {"kind": "incident"})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["version"]) == ("draft", 1)
    assert Incident.objects.get(id=body["id"]).reported_by == reporter


def test_an_unknown_kind_of_report_gets_a_422_naming_the_field(client, reporter):
    client.force_login(reporter)
    response = send(client, "post", "/api/reports", {"kind": "gossip"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]
    assert not Incident.objects.exists()


def test_the_details_are_saved_over_the_version_read(client, reporter, draft):
    client.force_login(reporter)
    response = send(client, "put", url(draft), {"version": 1, **DETAILS})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["description"] == "He threw a chair at the officer."


def test_a_stale_version_gets_409_and_changes_nothing(client, reporter, draft):
    client.force_login(reporter)
    send(client, "put", url(draft), {"version": 1, **DETAILS})
    response = send(client, "put", url(draft), {"version": 1, **DETAILS, "location": "Car park"})
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.location == "Reception"


def test_bad_input_types_get_a_422_naming_each_field(client, reporter, draft):
    client.force_login(reporter)
    response = send(
        client,
        "put",
        url(draft),
        {"version": "two", "occurred_at": "yesterday", "police_involved": "perhaps"},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"version", "occurred_at", "police_involved"}


def test_a_time_without_a_time_zone_is_refused(client, reporter, draft):
    client.force_login(reporter)
    response = send(client, "put", url(draft), {"version": 1, "occurred_at": "2026-03-02T09:30"})
    assert list(response.json()["errors"]) == ["occurred_at"]


def test_a_category_outside_the_profile_is_refused_by_the_action(client, reporter, draft):
    client.force_login(reporter)
    response = send(client, "put", url(draft), {"version": 1, "category": "RUDENESS"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"category": ["Choose a kind of behaviour from the list"]}


def test_an_incomplete_report_cannot_be_submitted(client, reporter, draft):
    client.force_login(reporter)
    response = send(client, "post", url(draft, "submit"), {"version": 1})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["description"] == ["Describe what happened"]
    assert {"occurred_at", "person", "category", "channel"} <= set(errors)
    draft.refresh_from_db()
    assert draft.status == Incident.Status.DRAFT


def test_a_complete_report_is_submitted_to_the_assessors(client, reporter, complete_draft):
    client.force_login(reporter)
    response = send(
        client, "post", url(complete_draft, "submit"), {"version": complete_draft.version}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_a_submitted_report_can_no_longer_be_changed(client, reporter, person):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(reporter)
    response = send(client, "put", url(incident), {"version": incident.version, **DETAILS})
    assert response.status_code == 422
    assert "can no longer be changed" in response.json()["detail"]


def test_another_reporters_report_answers_404(client, draft):
    client.force_login(make_user(Role.REPORTER, first_name="Ravi"))
    assert send(client, "get", url(draft)).status_code == 404
    assert send(client, "put", url(draft), {"version": 1, **DETAILS}).status_code == 404


def test_staff_who_assess_see_a_report_but_cannot_change_someone_elses(
    client, manager, complete_draft
):
    client.force_login(manager)
    assert send(client, "get", url(complete_draft)).status_code == 200
    response = send(client, "put", url(complete_draft), {"version": 3, **DETAILS})
    assert response.status_code == 404


def test_reading_a_report_is_audited(client, reporter, draft):
    client.force_login(reporter)
    send(client, "get", url(draft))
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.VIEW, target_id=str(draft.id), actor=reporter
    ).exists()


def test_the_report_is_about_someone_the_check_found(client, reporter, draft, robert):
    client.force_login(reporter)
    response = send(
        client, "post", url(draft, "person"), {"version": 1, "person_id": str(robert.id)}
    )
    assert response.status_code == 200
    assert response.json()["person"] == {"id": str(robert.id), "name": "Robert Smith"}


def test_someone_the_check_cannot_show_cannot_be_chosen(client, reporter, draft, person):
    """`person` has no caution, so the reporter's check could never show them."""
    client.force_login(reporter)
    response = send(
        client, "post", url(draft, "person"), {"version": 1, "person_id": str(person.id)}
    )
    assert response.status_code == 404


def test_a_new_person_waits_until_everyone_the_check_shows_is_ruled_out(
    client, reporter, draft, robert
):
    client.force_login(reporter)
    new = {"given_names": "Bob", "family_name": "Smith"}
    refused = send(client, "post", url(draft, "person"), {"version": 1, "new": new})
    assert refused.status_code == 422
    shown = [match["person"] for match in refused.json()["matches"]["people"]]
    assert shown == [str(robert.id)]
    accepted = send(
        client, "post", url(draft, "person"), {"version": 1, "new": {**new, "not_any_of": shown}}
    )
    assert accepted.status_code == 200
    assert accepted.json()["person"]["id"] != str(robert.id)


def test_choosing_and_creating_at_once_is_refused(client, reporter, draft, robert):
    client.force_login(reporter)
    both = {"version": 1, "person_id": str(robert.id), "new": {"family_name": "Smith"}}
    response = send(client, "post", url(draft, "person"), both)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["person_id"]


def test_witnesses_staff_and_contacts_are_added_to_the_draft(client, reporter, manager, draft):
    client.force_login(reporter)
    send(
        client,
        "post",
        url(draft, "witnesses"),
        {"version": 1, "name": "Jo", "statement": "Saw it."},
    )
    send(client, "post", url(draft, "staff"), {"version": 2, "username": manager.username})
    response = send(
        client,
        "post",
        url(draft, "contacts"),
        {"version": 3, "occurred_at": AN_HOUR_AGO, "channel": "phone", "summary": "Rang 9 times"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["witnesses"] == [{"name": "Jo", "statement": "Saw it."}]
    assert body["staff"][0]["user"]["username"] == manager.username
    assert body["contacts"][0]["channel"] == "phone"
    assert body["version"] == 4


def test_an_unknown_username_for_staff_affected_gets_a_422(client, reporter, draft):
    client.force_login(reporter)
    response = send(client, "post", url(draft, "staff"), {"version": 1, "username": "nobody"})
    assert response.json()["errors"] == {"username": ["There is no user with this username"]}


def test_a_witness_without_a_statement_is_refused(client, reporter, draft):
    client.force_login(reporter)
    response = send(
        client, "post", url(draft, "witnesses"), {"version": 1, "name": "Jo", "statement": " "}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["statement"]


def test_a_threatened_member_of_staff_is_alerted_on_submit(
    client, reporter, manager, complete_draft
):
    client.force_login(reporter)
    version = complete_draft.version
    send(
        client,
        "post",
        url(complete_draft, "staff"),
        {"version": version, "username": manager.username, "threatened": True},
    )
    send(client, "post", url(complete_draft, "submit"), {"version": version + 1})
    assert Notification.objects.filter(user=manager, safety=True).exists()


def test_a_photo_is_accepted_as_evidence(client, reporter, draft):
    client.force_login(reporter)
    upload = SimpleUploadedFile("chair.jpg", a_jpeg(), content_type="image/jpeg")
    response = client.post(url(draft, "evidence"), {"kind": "photo", "version": 1, "file": upload})
    assert response.status_code == 201
    evidence = response.json()["evidence"][0]
    assert (evidence["kind"], evidence["name"], evidence["content_type"]) == (
        "photo",
        "chair.jpg",
        "image/jpeg",
    )


def test_random_bytes_named_jpg_are_refused_as_evidence(client, reporter, draft):
    client.force_login(reporter)
    upload = SimpleUploadedFile("chair.jpg", bytes(range(256)) * 4, content_type="image/jpeg")
    response = client.post(url(draft, "evidence"), {"kind": "photo", "version": 1, "file": upload})
    assert response.status_code == 422
    assert response.json()["errors"]["file"] == ["The selected file must be a JPG, PNG, WEBP"]
    assert not Evidence.objects.exists()


def test_an_upload_without_a_file_names_the_field(client, reporter, draft):
    client.force_login(reporter)
    response = client.post(url(draft, "evidence"), {"kind": "photo", "version": 1})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]


def test_my_reports_and_the_assessment_queue(client, reporter, manager, person):
    waiting = submitted(reporter, person, "VIOLENCE")
    mine = actions.incident_start(kind=Incident.Kind.POSITIVE, by=manager)
    client.force_login(manager)
    body = send(client, "get", "/api/reports").json()
    assert [r["id"] for r in body["mine"]] == [str(mine.id)]
    assert [r["id"] for r in body["queue"]] == [str(waiting.id)]


def test_a_reporter_has_no_assessment_queue(client, reporter, person):
    submitted(reporter, person, "VIOLENCE")
    client.force_login(reporter)
    assert send(client, "get", "/api/reports").json()["queue"] == []


def test_every_endpoint_needs_sign_in(client, reporter):
    client.force_login(reporter)
    paths = client.get("/api/openapi.json").json()["paths"]
    client.logout()
    for path, operations in paths.items():
        for method in operations:
            address = re.sub(r"\{\w+\}", str(uuid.uuid4()), path)
            assert send(client, method, address).status_code == 401, (method, path)


def test_a_change_without_the_csrf_token_is_refused(reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    response = send(client, "post", "/api/reports", {"kind": "incident"})
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_the_openapi_description_lists_every_action(client, reporter):
    client.force_login(reporter)
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/reports",
        "/api/reports/{incident_id}",
        "/api/reports/{incident_id}/person",
        "/api/reports/{incident_id}/witnesses",
        "/api/reports/{incident_id}/staff",
        "/api/reports/{incident_id}/contacts",
        "/api/reports/{incident_id}/evidence",
        "/api/reports/{incident_id}/submit",
        "/api/reports/{incident_id}/assessment",
        "/api/reports/{incident_id}/interim-alert",
        "/api/reports/{incident_id}/decision",
        "/api/decisions/{decision_id}/approve",
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/meetings/{meeting_id}/attendance",
        "/api/cautions/{caution_id}",
        "/api/cautions/{caution_id}/amend",
        "/api/cautions/{caution_id}/extend",
        "/api/cautions/{caution_id}/end",
        "/api/cautions/{caution_id}/breaches",
        "/api/dashboard",
    } <= set(paths)
    assert set(paths["/api/reports/{incident_id}/submit"]["post"]["responses"]) >= {
        "200",
        "404",
        "409",
        "422",
    }
