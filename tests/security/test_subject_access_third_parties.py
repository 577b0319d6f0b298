"""A subject access export is reviewed for other people's data before it is released:
issue 11 found a neighbour's name, date of birth and phone number in a report, and a
witness's son in a statement, in `data.json`, `summary.html` and the PDF with redaction
on, and nothing flagging them. Now the page highlights them, the export's review notes
list them, and the export is refused until the officer confirms the review (audited)."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from caution.audit.models import AuditEvent
from caution.incidents.models import Incident, Witness
from caution.lib import clock
from caution.privacy.subject_access import (
    access_export,
    access_request_record,
    access_review_confirm,
)
from tests.privacy.conftest import (
    caution,
    cheltenham,
    customer,
    line_manager,
    monday_morning,
    other_manager,
    private_files,
)

__all__ = [
    "caution",
    "cheltenham",
    "customer",
    "line_manager",
    "monday_morning",
    "other_manager",
    "private_files",
]

pytestmark = pytest.mark.django_db

NEIGHBOUR = (
    "Punched the housing officer at the front desk. His neighbour Sandra Kowalski "
    "(born 12/03/1961, phone 07700 900123) came in with him; Gary Pratt gave 07700 900461."
)
STATEMENT = "I saw him punch the officer. My son Jake was with me and saw it too."


@pytest.fixture
def access(caution, dpo):
    Incident.objects.filter(person=caution.person).update(description=NEIGHBOUR)
    Witness.objects.filter(incident__person=caution.person).update(statement=STATEMENT)
    return access_request_record(caution.person, channel="email", received_on=clock.today(), by=dpo)


def unzipped(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def reviewed_export(access, dpo) -> dict[str, bytes]:
    access_review_confirm(access, redact=True, by=dpo)
    return unzipped(access_export(access, by=dpo))


def test_the_review_notes_list_the_third_parties_named_in_free_text(access, dpo):
    notes = json.loads(reviewed_export(access, dpo)["data.json"])["review_notes"]

    flagged = {
        note["where"]: (note["names"], note["dates"], note["phone_numbers"])
        for note in notes["passages_flagged"]
    }
    assert flagged["Report 1: what happened"] == (
        ["Sandra Kowalski"],
        ["12/03/1961"],
        ["07700 900123"],
    )
    assert flagged["Report 1, witness statement 1: statement"] == (["Jake"], [], [])


def test_the_summary_and_its_pdf_carry_the_review_notes(access, dpo):
    files = reviewed_export(access, dpo)

    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files["summary.pdf"])).pages)
    for text in (files["summary.html"].decode(), pdf):
        notes = " ".join(text[text.index("Review notes") :].split())
        assert "Sandra Kowalski" in notes
        assert "07700 900123" in notes


def test_the_data_subjects_own_name_and_phone_are_not_flagged(access, dpo):
    notes = json.loads(reviewed_export(access, dpo)["data.json"])["review_notes"]

    found = json.dumps(notes["passages_flagged"])
    assert "Pratt" not in found
    assert "07700 900461" not in found


def test_the_review_page_highlights_names_dates_and_phone_numbers(access, dpo, client):
    client.force_login(dpo)

    page = client.get(f"/audit/data-protection/subject-access/{access.id}/").content.decode()

    assert '<mark data-kind="name">Sandra Kowalski</mark>' in page
    assert '<mark data-kind="date">12/03/1961</mark>' in page
    assert '<mark data-kind="phone">07700 900123</mark>' in page
    assert '<mark data-kind="name">Jake</mark>' in page


def test_the_page_gives_no_export_before_the_review_is_confirmed(access, dpo, client):
    client.force_login(dpo)
    url = f"/audit/data-protection/subject-access/{access.id}/"

    response = client.post(url, {"redact": "on", "export": "Download the export"})

    assert response["Content-Type"].startswith("text/html")
    assert "Review the export" in response.content.decode()


def test_the_export_is_refused_until_the_review_is_confirmed(access, dpo):
    with pytest.raises(ValidationError, match="Review the export"):
        access_export(access, by=dpo)


def test_confirming_the_review_is_audited_with_what_was_flagged(access, dpo):
    access_review_confirm(access, redact=True, by=dpo)

    event = AuditEvent.objects.get(summary__startswith="Reviewed a subject access export")
    assert event.actor == dpo
    assert event.details["passages_flagged"] == 2
    assert list(event.people.all()) == [access.person]


def test_the_export_is_refused_when_the_text_changed_after_the_review(access, dpo):
    access_review_confirm(access, redact=True, by=dpo)
    Incident.objects.filter(person=access.person).update(description="Her brother Tom saw it.")

    with pytest.raises(ValidationError, match="changed since"):
        access_export(access, by=dpo)
