"""Legal action considered or taken against a person over a caution: an injunction,
possession or other, where it stands and when (003 §6.2, §7.1, §8.4; 004 §5), recorded
from the caution page and the API, audited, and shown on the caution and at review."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.register.models import LegalAction
from tests.api.conftest import send
from tests.factories import make_caution, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


@pytest.fixture
def caution(dover):
    return make_caution(make_person("Robert", "Smith"), level="3")


def form(**values) -> dict:
    on = values.pop("on", clock.today() - dt.timedelta(days=3))
    return {
        "kind": "possession",
        "status": "sought",
        "on_0": on.day,
        "on_1": on.month,
        "on_2": on.year,
        "note": "County Court, claim 4QZ12345",
        **values,
    }


def test_003_6_2_legal_action_is_recorded_from_the_caution_page_and_shown_there(
    client, caution, register_officer
):
    client.force_login(register_officer)
    response = client.post(f"/cautions/{caution.id}/legal-action/", form())
    assert response.status_code == 302
    page = client.get(f"/cautions/{caution.id}/").content.decode()
    assert "Possession, sought" in page
    assert "County Court, claim 4QZ12345" in page
    assert AuditEvent.objects.filter(
        summary="Recorded legal action: Possession: sought", target_id=str(caution.id)
    ).exists()


def test_003_8_4_legal_action_is_shown_at_review(client, caution, register_officer):
    LegalAction.objects.create(
        caution=caution, kind="injunction", status="considered", on=clock.today(), note="Ask legal"
    )
    client.force_login(register_officer)
    page = client.get(f"/cautions/{caution.id}/review/").content.decode()
    assert "Legal action (1)" in page
    assert "Injunction, considered" in page


def test_a_legal_action_dated_in_the_future_is_refused_with_a_govuk_error(
    client, caution, register_officer
):
    client.force_login(register_officer)
    response = client.post(
        f"/cautions/{caution.id}/legal-action/", form(on=clock.today() + dt.timedelta(days=1))
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "The date must be today or in the past" in response.content.decode()
    assert not LegalAction.objects.exists()


def test_004_5_legal_action_is_recorded_through_the_api(client, settings, register_officer):
    settings.CAUTION_PROFILE = "workington"
    caution = make_caution(make_person("Mary", "Jones"), level="TEMPORARY")
    client.force_login(register_officer)
    on = clock.today().isoformat()
    response = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/legal-actions",
        {"kind": "injunction", "status": "granted", "on": on, "note": "Non-contact order"},
    )
    assert response.status_code == 201
    record = client.get(f"/api/cautions/{caution.id}").json()
    assert [(a["kind"], a["status"]) for a in record["legal_actions"]] == [
        ("injunction", "granted")
    ]


def test_other_legal_action_needs_a_note_in_the_api(client, caution, register_officer):
    client.force_login(register_officer)
    response = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/legal-actions",
        {"kind": "other", "status": "considered", "on": clock.today().isoformat()},
    )
    assert response.status_code == 422
    assert "note" in response.content.decode()
    assert not LegalAction.objects.exists()


def test_a_reporter_cannot_record_legal_action(client, caution):
    client.force_login(make_user(Role.REPORTER))
    response = client.post(f"/cautions/{caution.id}/legal-action/", form())
    assert response.status_code == 403
    assert not LegalAction.objects.exists()
