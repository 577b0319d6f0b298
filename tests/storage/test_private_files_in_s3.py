"""Private files in an S3-compatible bucket (CAUTION_STORAGE=s3): evidence, letters,
exports and the outbox's attachments are written to and read from the bucket, never
reachable there by a link, and still served only through the service's audited pages."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.incidents import actions as incidents
from caution.incidents.models import Evidence
from caution.letters import actions as letters
from caution.lib import clock
from caution.lib.storage import s3_storage
from caution.outbox.actions import Attachment, outbox_email
from caution.outbox.delivery import outbox_deliver
from caution.outbox.models import OutboxMessage
from caution.privacy.subject_access import (
    access_export,
    access_request_record,
    access_review_confirm,
)
from tests.letters.conftest import decided, monday_morning  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def in_the_bucket(private_files_in_s3):
    return private_files_in_s3


def evidence_added(draft, reporter) -> Evidence:
    return incidents.evidence_add(
        draft,
        kind=Evidence.Kind.CORRESPONDENCE,
        name="letter.pdf",
        data=PDF,
        version=draft.version,
        by=reporter,
    )


def issued_letter(case):
    letter = letters.letter_submit(case.letter, by=case.officer)
    return letters.letter_sign(letter, by=case.signatory)


def test_evidence_is_stored_in_the_bucket(draft, reporter, in_the_bucket):
    evidence = evidence_added(draft, reporter)

    assert in_the_bucket.keys() == [evidence.file.name]
    assert in_the_bucket.read(evidence.file.name) == PDF


def test_evidence_is_downloaded_from_the_bucket_through_the_audited_page(
    client, draft, reporter, register_officer
):
    evidence = evidence_added(draft, reporter)
    incidents.incident_submit(draft, version=draft.version, by=reporter)
    client.force_login(register_officer)

    response = client.get(reverse("incidents:evidence", args=[evidence.id]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(actor=register_officer, summary="Opened evidence").exists()


def test_a_file_in_the_bucket_grants_nobody_but_the_owner(draft, reporter, in_the_bucket):
    evidence = evidence_added(draft, reporter)

    acl = in_the_bucket.client().get_object_acl(Bucket=in_the_bucket.name, Key=evidence.file.name)

    grantees = {grant["Grantee"].get("URI") for grant in acl["Grants"]}
    assert grantees == {None}  # the owner's canonical id only: no AllUsers, no AuthenticatedUsers


def test_no_link_to_a_file_in_the_bucket_is_ever_made(draft, reporter):
    evidence = evidence_added(draft, reporter)

    with pytest.raises(NotImplementedError, match="own pages"):
        evidence.file.url  # noqa: B018 (the property is what is tested)


def test_a_second_file_of_the_same_name_does_not_replace_the_first(in_the_bucket):
    first = default_storage.save("evidence/2026/03/7.pdf", ContentFile(b"first"))
    second = default_storage.save("evidence/2026/03/7.pdf", ContentFile(b"second"))

    assert first != second
    assert in_the_bucket.read(first) == b"first"


def test_a_public_acl_is_refused_when_the_service_starts():
    with pytest.raises(ImproperlyConfigured, match="AWS_DEFAULT_ACL must leave files private"):
        s3_storage(bucket="caution", acl="public-read")


def test_an_issued_letter_is_kept_in_the_bucket_and_downloaded_matching_its_hash(
    client, settings, in_the_bucket
):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    letter = issued_letter(case)
    client.force_login(case.signatory)

    download = client.get(reverse("letters:pdf", args=[letter.id]))

    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == letter.sha256
    assert hashlib.sha256(in_the_bucket.read(letter.pdf.name)).hexdigest() == letter.sha256


def test_a_letter_changed_in_the_bucket_is_refused(client, settings, in_the_bucket):
    """000 §8.2 step 8: the copy on file is the one sent, wherever it is kept."""
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    letter = issued_letter(case)
    in_the_bucket.client().put_object(
        Bucket=in_the_bucket.name, Key=letter.pdf.name, Body=b"%PDF-1.7 something else"
    )
    client.force_login(case.signatory)

    download = client.get(reverse("letters:pdf", args=[letter.id]))

    assert download.status_code == 409


def test_a_subject_access_export_holds_the_letters_read_from_the_bucket(settings, dpo):
    settings.CAUTION_PROFILE = "harborough"
    letter = issued_letter(decided("harborough"))
    request = access_request_record(
        letter.person, channel="email", received_on=clock.today(), by=dpo
    )
    access_review_confirm(request, redact=False, by=dpo)

    content = access_export(request, by=dpo)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        stored = archive.read(f"letters/{letter.reference}.pdf")
    assert hashlib.sha256(stored).hexdigest() == letter.sha256


def test_the_outbox_attaches_a_letter_read_from_the_bucket(smtp):
    name = default_storage.save("letters/2026/03/letter.pdf", ContentFile(PDF))
    outbox_email(
        to=["person@example.org"],
        subject="Your letter",
        text="Your letter is attached.",
        attachments=[Attachment("letter.pdf", name, "application/pdf")],
    )

    assert outbox_deliver() == 1

    [message] = smtp.messages
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content() == PDF


def test_an_attachment_missing_from_the_bucket_fails_the_message_for_a_retry(smtp):
    outbox_email(
        to=["person@example.org"],
        subject="Your letter",
        text="Your letter is attached.",
        attachments=[Attachment("letter.pdf", "letters/gone.pdf", "application/pdf")],
    )

    assert outbox_deliver() == 0

    message = OutboxMessage.objects.get()
    assert message.last_error == "Attachment missing from private storage"
    assert smtp.messages == []
