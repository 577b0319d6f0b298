"""CCTV and body-camera footage as evidence (001 §15.2, 002 §3.4): MP4 and WebM, known by
their content, within their own size cap, offered as a download."""

import struct

import pytest
from django.urls import reverse

from caution.incidents import actions
from caution.incidents.models import Evidence
from caution.lib.uploads import UploadRefused

pytestmark = pytest.mark.django_db


def mp4(size: int = 0) -> bytes:
    """The start of an MP4 file: its `ftyp` box (brand isom), then a media box."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
    return ftyp + struct.pack(">I", 8 + size) + b"mdat" + bytes(size)


def webm() -> bytes:
    """An EBML header naming the document type webm, then a segment."""
    header = bytes.fromhex("4286810142F7810142F2810442F381084282847765626D4287810442858102")
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header)]) + header + bytes(64)


def add(draft, reporter, data: bytes, kind: str, name: str) -> Evidence:
    return actions.evidence_add(
        draft, kind=kind, name=name, data=data, version=draft.version, by=reporter
    )


def test_001_15_2_body_camera_footage_is_attached_as_mp4(draft, reporter):
    evidence = add(draft, reporter, mp4(1000), Evidence.Kind.BODY_CAMERA, "bodycam.mp4")
    assert (evidence.content_type, evidence.file.name.rsplit(".", 1)[-1]) == ("video/mp4", "mp4")


def test_002_3_4_cctv_footage_is_attached_as_webm(draft, reporter):
    evidence = add(draft, reporter, webm(), Evidence.Kind.CCTV, "reception.webm")
    assert evidence.content_type == "video/webm"


def test_002_3_4_footage_is_offered_as_a_download_not_played_in_the_page(client, draft, reporter):
    evidence = add(draft, reporter, mp4(100), Evidence.Kind.CCTV, "reception.mp4")
    client.force_login(reporter)
    page = client.get(reverse("incidents:detail", args=[draft.id])).content.decode()
    assert reverse("incidents:evidence", args=[evidence.id]) in page
    assert "<video" not in page
    response = client.get(reverse("incidents:evidence", args=[evidence.id]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "video/mp4"


def test_a_file_named_mp4_that_is_not_video_is_refused(draft, reporter):
    with pytest.raises(UploadRefused, match="must be a"):
        add(draft, reporter, b"MZ\x90\x00" + bytes(200), Evidence.Kind.BODY_CAMERA, "cam.mp4")
    assert not Evidence.objects.exists()


def test_audio_in_an_mp4_box_is_not_body_camera_footage(draft, reporter):
    m4a = struct.pack(">I", 20) + b"ftypM4A " + struct.pack(">I", 0) + b"M4A " + bytes(64)
    with pytest.raises(UploadRefused):
        add(draft, reporter, m4a, Evidence.Kind.BODY_CAMERA, "cam.mp4")


def test_footage_over_the_video_cap_is_refused(draft, reporter, settings):
    settings.CAUTION_EVIDENCE_MAX_MB = 1
    settings.CAUTION_VIDEO_MAX_MB = 2
    add(draft, reporter, mp4(1_500_000), Evidence.Kind.BODY_CAMERA, "short.mp4")
    with pytest.raises(UploadRefused, match="smaller than 2 MB"):
        add(draft, reporter, mp4(2_100_000), Evidence.Kind.BODY_CAMERA, "long.mp4")


def test_a_photo_keeps_the_smaller_cap(draft, reporter, settings):
    settings.CAUTION_EVIDENCE_MAX_MB = 1
    settings.CAUTION_VIDEO_MAX_MB = 50
    with pytest.raises(UploadRefused, match="smaller than 1 MB"):
        add(draft, reporter, b"\xff\xd8\xff" + bytes(1_100_000), Evidence.Kind.PHOTO, "p.jpg")
