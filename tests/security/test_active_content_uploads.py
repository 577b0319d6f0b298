"""Evidence that could act when opened is refused, with the reason on the form: a PDF
with a script or an automatic action (however its names are spelt or packed), and the
EICAR anti-virus test file."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caution.incidents.models import Evidence
from tests.security.uploads import pdf

pytestmark = pytest.mark.django_db

OPEN_ACTION_SCRIPT = b"/OpenAction << /S /JavaScript /JS (app.alert('hello')) >>"
# The EICAR test file, kept encoded so that this source file sets no scanner off.
EICAR = base64.b64decode(
    "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
)


def upload(client, draft, data: bytes, name: str, kind=Evidence.Kind.CORRESPONDENCE):
    return client.post(
        reverse("incidents:evidence_add", args=[draft.id]),
        {"kind": kind, "version": draft.version, "file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    "hostile",
    [
        pdf(OPEN_ACTION_SCRIPT),
        pdf(OPEN_ACTION_SCRIPT.replace(b"/OpenAction", b"/Open#41ction")),
        pdf(OPEN_ACTION_SCRIPT, compress_catalog=True),
        pdf(b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (x()) >>] >> >>"),
        pdf(b"/AA << /O << /S /Launch /F (cmd.exe) >> >>"),
    ],
    ids=["open-action", "hex-escaped-name", "in-object-stream", "named-script", "launch"],
)
def test_a_pdf_that_acts_when_opened_is_refused(client, reporter, draft, hostile):
    client.force_login(reporter)

    page = upload(client, draft, hostile, "letter.pdf")

    assert "The selected PDF has scripts or automatic actions in it" in page.content.decode()
    assert not Evidence.objects.exists()


def test_a_plain_pdf_letter_is_kept(client, reporter, draft):
    client.force_login(reporter)

    page = upload(client, draft, pdf(), "letter.pdf")

    assert page.status_code == 302
    assert Evidence.objects.get().content_type == "application/pdf"


def test_the_eicar_test_file_is_refused_whatever_it_is_called(client, reporter, draft):
    client.force_login(reporter)

    page = upload(client, draft, EICAR, "statement.txt")

    assert "The selected file contains a virus" in page.content.decode()
    assert not Evidence.objects.exists()
