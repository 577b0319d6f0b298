"""Data protection through the JSON API: the same actions, the same refusals."""

import io
import zipfile

import pytest

from caution.lib import clock
from caution.privacy.models import LegalHold
from caution.register.cautions import caution_end
from tests.api.conftest import send

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo_client(client, dpo):
    client.force_login(dpo)
    return client


def test_a_legal_hold_is_placed_and_lifted_with_reasons(caution, dpo_client):
    placed = send(
        dpo_client, "post", f"/api/people/{caution.person_id}/legal-holds", {"reason": "Claim"}
    )
    assert placed.status_code == 201

    lifted = send(
        dpo_client, "post", f"/api/legal-holds/{placed.json()['id']}/lift", {"reason": "Settled"}
    )

    assert lifted.json()["lift_reason"] == "Settled"
    assert not LegalHold.objects.get().active


def test_a_legal_hold_without_a_reason_is_refused_by_field(caution, dpo_client):
    response = send(
        dpo_client, "post", f"/api/people/{caution.person_id}/legal-holds", {"reason": " "}
    )

    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_the_deletion_schedule_gives_dates_without_names(caution, dpo_client, register_officer):
    caution_end(caution, reason="Removed at review", version=caution.version, by=register_officer)

    [due] = send(dpo_client, "get", "/api/data-protection/deletion").json()

    assert due == {"person_id": str(caution.person_id), "due_on": "2026-09-02", "paused_by": ""}


def test_a_subject_access_request_is_logged_and_exported_as_a_zip(caution, dpo_client):
    logged = send(
        dpo_client,
        "post",
        f"/api/people/{caution.person_id}/subject-access-requests",
        {"channel": "letter", "received_on": clock.today().isoformat()},
    )
    assert logged.json()["due_on"] == "2026-04-02"

    exported = send(
        dpo_client, "post", f"/api/subject-access-requests/{logged.json()['id']}/export", {}
    )

    assert exported["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert "data.json" in archive.namelist()


def test_a_rectification_request_is_recorded_and_decided(caution, dpo_client):
    recorded = send(
        dpo_client,
        "post",
        f"/api/people/{caution.person_id}/rectification-requests",
        {"received_on": clock.today().isoformat(), "request": "Wrong phone number"},
    )

    decided = send(
        dpo_client,
        "post",
        f"/api/rectification-requests/{recorded.json()['id']}/decide",
        {"outcome": "corrected", "reason": "Phone number corrected"},
    )

    assert decided.json()["outcome"] == "corrected"


def test_other_staff_get_not_found(caution, client, register_officer):
    client.force_login(register_officer)

    response = send(
        client, "post", f"/api/people/{caution.person_id}/legal-holds", {"reason": "Claim"}
    )

    assert response.status_code == 404
