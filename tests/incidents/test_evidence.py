"""Evidence files: type checked by content, size limited, metadata removed, stored privately."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from caution.audit.models import AuditEvent
from caution.incidents import actions
from caution.incidents.models import Evidence
from caution.lib.uploads import UploadRefused

pytestmark = pytest.mark.django_db


def photo_with_location() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS position
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def add(draft, reporter, data: bytes, kind=Evidence.Kind.PHOTO, name="photo.jpg") -> Evidence:
    return actions.evidence_add(
        draft, kind=kind, name=name, data=data, version=draft.version, by=reporter
    )


def test_a_photo_is_stored_without_its_location_and_camera(draft, reporter):
    original = photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif()
    evidence = add(draft, reporter, original)
    with evidence.file.open("rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        assert not kept.getexif()
        assert kept.size == (40, 30)
    assert evidence.content_type == "image/jpeg"


def test_a_file_is_judged_by_its_content_not_its_name(draft, reporter):
    with pytest.raises(UploadRefused, match="must be a"):
        add(draft, reporter, b"MZ\x90\x00" + bytes(200), name="holiday.jpg")
    assert not Evidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(draft, reporter, settings):
    settings.CAUTION_EVIDENCE_MAX_MB = 1
    with pytest.raises(UploadRefused, match="smaller than 1 MB"):
        add(draft, reporter, b"%PDF-1.4\n" + bytes(1_100_000), kind=Evidence.Kind.CORRESPONDENCE)


def test_a_pdf_letter_is_accepted_as_correspondence(draft, reporter):
    evidence = add(
        draft, reporter, b"%PDF-1.4\n%%EOF\n", kind=Evidence.Kind.CORRESPONDENCE, name="letter.pdf"
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.file.name.endswith(f"{evidence.id}.pdf")


def test_evidence_is_stored_outside_the_static_files_under_a_random_name(draft, reporter, settings):
    evidence = add(draft, reporter, photo_with_location(), name="Robert Smith at home.jpg")
    assert "Robert" not in evidence.file.name
    assert evidence.file.path.startswith(str(settings.STORAGES["default"]["OPTIONS"]["location"]))
    assert not evidence.file.path.startswith(str(settings.STATIC_ROOT))


def test_evidence_is_downloaded_only_by_those_who_may_see_the_report(
    client, draft, reporter, register_officer
):
    from caution.accounts.roles import Role
    from tests.factories import make_user

    evidence = add(draft, reporter, photo_with_location())
    url = reverse("incidents:evidence", args=[evidence.id])
    client.force_login(make_user(Role.REPORTER))
    assert client.get(url).status_code == 404
    actions.incident_submit(draft, version=draft.version, by=reporter)
    client.force_login(register_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(actor=register_officer, summary="Opened evidence").exists()
