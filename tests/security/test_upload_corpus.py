"""A corpus of hostile uploads, each sent through the evidence page as a reporter would:
every one is refused, or neutralised (stored under a name of the server's choosing, of a
type it accepts, rewritten where it is an image, and downloaded as an attachment that a
browser will not run). Issue 11 found a PDF/ZIP polyglot accepted as it was, and a file's
name (right-to-left override, path) shown as given."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from PIL import Image

from caution.incidents import actions
from caution.incidents.models import Evidence
from caution.lib.uploads import EICAR
from tests.security.uploads import pdf, pixel_flood_png

pytestmark = pytest.mark.django_db

RTLO = "\u202e"
SCRIPT = b"<script>alert(document.domain)</script>"


def jpeg(comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "blue").save(out, "JPEG", comment=comment)
    return out.getvalue()


def png_with_text(text: str) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def zipped(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """20 MB of zeros in a few KB, nested: inflating it all would take far more."""
    return zipped("inner.zip", zipped("zeros.bin", b"\0" * 20_000_000))


# (what, file name, kind, content)
CORPUS = [
    ("SVG with script", "map.svg", "correspondence",
     b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("SVG with onload, as a photo", "photo.svg", "photo",
     b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("PDF with JavaScript on opening", "letter.pdf", "correspondence",
     pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")),
    ("PDF with script in a compressed object stream", "letter.pdf", "correspondence",
     pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", compress_catalog=True)),
    ("GIF/JavaScript polyglot", "photo.gif", "photo", b"GIF89a/*\x01\x00\x01\x00*/=1;alert(1)//"),
    ("PDF/ZIP polyglot", "letter.pdf", "correspondence", pdf() + zipped("run.js", b"alert(1)")),
    ("JPEG/HTML polyglot (script in the comment)", "photo.jpg", "photo", jpeg(SCRIPT)),
    ("PNG with script in a text chunk", "photo.png", "photo", png_with_text(SCRIPT.decode())),
    ("HTML page", "letter.html", "correspondence", b"<html><body>" + SCRIPT + b"</body></html>"),
    ("Zip bomb", "evidence.zip", "correspondence", zip_bomb()),
    ("Pixel flood (150 megapixels)", "photo.png", "photo", pixel_flood_png(15_000, 10_000)),
    ("EICAR test file", "eicar.txt", "correspondence", EICAR),
    ("EICAR test file in a text", "notes.txt", "correspondence", b"Notes\n" + EICAR + b"\n"),
    ("Windows program, double extension", "photo.jpg.exe", "photo", b"MZ\x90\x00" + b"\0" * 200),
    ("Windows program, as correspondence", "letter.pdf.exe", "correspondence",
     b"MZ\x90\x00" + b"\0" * 200),
    ("ELF program", "photo.jpg", "photo", b"\x7fELF\x02\x01\x01" + b"\0" * 200),
]  # fmt: skip

# Types a browser may run, or that are archives: never stored.
UNSAFE_TYPES = re.compile(r"html|svg|xml|javascript|zip|octet|x-msdownload")


def upload(client, draft, name: str, kind: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft.refresh_from_db()
    return client.post(
        reverse("incidents:evidence_add", args=[draft.id]),
        {"kind": kind, "version": draft.version, "file": SimpleUploadedFile(name, data)},
    )


def outcome(client, draft, name: str, kind: str, data: bytes) -> str:
    """ "refused", "neutralised", or what went wrong."""
    before = set(Evidence.objects.values_list("id", flat=True))
    response = upload(client, draft, name, kind, data)
    added = Evidence.objects.exclude(id__in=before)
    if not added:
        return "refused" if response.status_code == 200 else f"answered {response.status_code}"
    evidence = added.get()
    stored = evidence.file.name.rsplit("/", 1)[-1]
    if stored != f"{evidence.id}.{stored.rsplit('.', 1)[-1]}":
        return f"stored as {stored}"
    if UNSAFE_TYPES.search(evidence.content_type):
        return f"stored as {evidence.content_type}"
    with evidence.file.open("rb") as file:
        content = file.read()
    if SCRIPT in content or (b"alert(1)" in content and evidence.content_type != "text/plain"):
        return "stored with its script"
    if b"PK\x05\x06" in content:
        return "stored with a ZIP archive inside"
    download = client.get(reverse("incidents:evidence", args=[evidence.id]))
    if not download["Content-Disposition"].startswith("attachment"):
        return "downloaded inline"
    if download.get("X-Content-Type-Options") != "nosniff":
        return "downloaded without nosniff"
    return "neutralised"


def test_every_hostile_upload_is_refused_or_neutralised(client, draft, reporter):
    client.force_login(reporter)

    outcomes = {what: outcome(client, draft, name, kind, data) for what, name, kind, data in CORPUS}

    refused = sum(result == "refused" for result in outcomes.values())
    neutralised = sum(result == "neutralised" for result in outcomes.values())
    print(f"\nupload corpus: {len(CORPUS)} files, {refused} refused, {neutralised} neutralised")
    for what, result in outcomes.items():
        print(f"  {result:12} {what}")
    assert {w: r for w, r in outcomes.items() if r not in {"refused", "neutralised"}} == {}


def test_a_pdf_zip_polyglot_is_refused(client, draft, reporter):
    client.force_login(reporter)

    polyglot = pdf() + zipped("run.js", b"alert(1)")

    assert outcome(client, draft, "letter.pdf", "correspondence", polyglot) == "refused"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (f"photo{RTLO}gpj.exe", "photogpj.exe"),
        ("../../../etc/passwd.jpg", "passwd.jpg"),
        ("..\\..\\windows\\win.jpg", "win.jpg"),
        ("photo.jpg.exe", "photo.jpg.exe"),
    ],
)
def test_a_files_name_is_stored_server_chosen_and_kept_only_cleaned(draft, reporter, given, shown):
    """Through the action, as the API and any other caller passes the name given."""
    evidence = actions.evidence_add(
        draft, kind="photo", name=given, data=jpeg(), version=draft.version, by=reporter
    )

    assert evidence.file.name.rsplit("/", 1)[-1] == f"{evidence.id}.jpg"
    assert evidence.original_name == shown
