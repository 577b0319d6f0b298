"""The data protection officer's pages: requests, exports, legal holds, due for deletion;
and the register officer's "has left the service" (003 §10.3)."""

import io
import zipfile

import pytest

from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.privacy.models import LegalHold, RectificationRequest, SubjectAccessRequest
from caution.privacy.retention import legal_hold_place
from caution.register.cautions import caution_end
from caution.register.models import Caution
from tests.factories import make_caution, make_person

pytestmark = pytest.mark.django_db


def date_fields(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def dpo_client(client, dpo):
    client.force_login(dpo)
    return client


def test_the_data_protection_officer_records_a_request_from_the_persons_page(caution, dpo_client):
    page = dpo_client.get(f"/people/{caution.person_id}/")
    assert "Record a subject access request" in page.content.decode()

    response = dpo_client.post(
        f"/audit/data-protection/subject-access/new/{caution.person_id}/",
        {"channel": "letter", **date_fields("received_on", clock.today())},
    )

    access = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert response.url == f"/audit/data-protection/subject-access/{access.id}/"
    listed = dpo_client.get("/audit/data-protection/").content.decode()
    assert "Gary Pratt" in listed


def test_a_request_without_a_channel_shows_the_error_and_records_nothing(caution, dpo_client):
    response = dpo_client.post(
        f"/audit/data-protection/subject-access/new/{caution.person_id}/",
        date_fields("received_on", clock.today()),
    )

    assert "Choose how the request came in" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_the_export_downloads_as_a_zip_without_personal_data_in_its_name(caution, dpo_client):
    dpo_client.post(
        f"/audit/data-protection/subject-access/new/{caution.person_id}/",
        {"channel": "email", **date_fields("received_on", clock.today())},
    )
    access = SubjectAccessRequest.objects.get()

    response = dpo_client.post(
        f"/audit/data-protection/subject-access/{access.id}/", {"redact": "on"}
    )

    assert response["Content-Type"] == "application/zip"
    assert "Pratt" not in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "data.json" in archive.namelist()


def test_other_staff_cannot_open_the_data_protection_pages(caution, client, register_officer):
    client.force_login(register_officer)

    assert client.get("/audit/data-protection/").status_code == 403
    assert client.get("/audit/data-protection/deletion/").status_code == 403
    url = f"/audit/data-protection/subject-access/new/{caution.person_id}/"
    assert client.get(url).status_code == 403


def test_due_for_deletion_shows_when_and_what_pauses_it(caution, dpo, dpo_client, register_officer):
    caution_end(caution, reason="Removed at review", version=caution.version, by=register_officer)
    legal_hold_place(caution.person, reason="Claim against the council", by=dpo)

    page = dpo_client.get("/audit/data-protection/deletion/").content.decode()

    assert "Gary Pratt" in page
    assert "2 Sep 2026" in page
    assert "Legal hold" in page
    assert AuditEvent.objects.filter(summary="Viewed the records due for deletion").exists()


def test_a_legal_hold_is_placed_with_a_reason_from_the_persons_page(caution, dpo_client):
    response = dpo_client.post(
        f"/audit/data-protection/holds/new/{caution.person_id}/",
        {"reason": "Police investigation, ref 44/2026"},
    )

    assert response.status_code == 302
    assert LegalHold.objects.get().reason == "Police investigation, ref 44/2026"
    page = dpo_client.get(f"/people/{caution.person_id}/").content.decode()
    assert "Lift the legal hold" in page


def test_a_rectification_outcome_is_recorded_on_its_page(caution, dpo_client):
    dpo_client.post(
        f"/audit/data-protection/rectification/new/{caution.person_id}/",
        {"request": "Wrong date of birth", **date_fields("received_on", clock.today())},
    )
    found = RectificationRequest.objects.get()
    response = dpo_client.post(
        f"/audit/data-protection/rectification/{found.id}/",
        {"outcome": "refused", "reason": "The date matches the tenancy agreement."},
    )

    assert response.status_code == 302
    found.refresh_from_db()
    assert found.outcome == "refused"


def test_003_10_3_a_register_officer_records_that_the_person_has_left(
    settings, client, register_officer
):
    settings.CAUTION_PROFILE = "dover"
    person = make_person("Gary", "Pratt")
    make_caution(person, level="3")
    client.force_login(register_officer)
    assert "has left the service" in client.get(f"/people/{person.id}/").content.decode()

    response = client.post(f"/people/{person.id}/left/", date_fields("left_on", clock.today()))

    assert response.status_code == 302
    assert person.cautions.get().status == Caution.Status.REMOVED


def test_003_10_3_leaving_is_not_offered_where_the_policy_does_not_say_so(
    caution, client, register_officer
):
    client.force_login(register_officer)

    assert (
        "has left the service" not in client.get(f"/people/{caution.person_id}/").content.decode()
    )
    assert client.get(f"/people/{caution.person_id}/left/").status_code == 403
