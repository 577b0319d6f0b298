"""With `CLAMD_SOCKET` set, every evidence file is scanned by ClamAV's daemon through its
INSTREAM command, and the daemon's verdict is obeyed; while it cannot answer, no file is
accepted. The daemon here is a small one speaking clamd's protocol on a real Unix socket
(Debian's clamav-daemon needs signature files that cannot be downloaded here)."""

import socketserver
import struct
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caution.incidents.models import Evidence

pytestmark = pytest.mark.django_db

# What this daemon's signatures detect: harmless text standing in for malware.
SIGNATURE = b"pretend-malware-signature"


class Clamd(socketserver.StreamRequestHandler):
    """clamd's INSTREAM: a command line, then chunks each led by its 4-byte length, ended by
    a zero length; the answer is `stream: OK` or `stream: NAME FOUND`."""

    def handle(self):
        command = self.rfile.readline()
        assert command.strip(b"\n\0") in (b"nINSTREAM", b"zINSTREAM"), command
        received = b""
        while size := struct.unpack("!L", self.rfile.read(4))[0]:
            received += self.rfile.read(size)
        self.server.scanned.append(received)
        verdict = b"Pretend.Malware FOUND" if SIGNATURE in received else b"OK"
        self.wfile.write(b"stream: " + verdict + b"\n")


@pytest.fixture
def clamd_socket(settings):
    """A clamd on a Unix socket (kept short: such paths hold at most 107 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="clamd-")) / "clamd.ctl"
    server = socketserver.ThreadingUnixStreamServer(str(path), Clamd)
    server.scanned = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET = str(path)
    yield server
    server.shutdown()
    server.server_close()
    path.unlink()
    path.parent.rmdir()


def upload(client, draft, data: bytes):
    return client.post(
        reverse("incidents:evidence_add", args=[draft.id]),
        {
            "kind": Evidence.Kind.CORRESPONDENCE,
            "version": draft.version,
            "file": SimpleUploadedFile("email.txt", data),
        },
    )


def test_a_file_the_scanner_detects_is_refused(client, reporter, draft, clamd_socket):
    client.force_login(reporter)

    page = upload(client, draft, b"Please see the attached invoice.\n" + SIGNATURE)

    assert "The selected file contains a virus" in page.content.decode()
    assert not Evidence.objects.exists()


def test_a_clean_file_is_scanned_then_kept(client, reporter, draft, clamd_socket):
    client.force_login(reporter)

    page = upload(client, draft, b"Dear Sir,\n\nI am writing again.")

    assert page.status_code == 302
    assert clamd_socket.scanned == [b"Dear Sir,\n\nI am writing again."]
    assert Evidence.objects.count() == 1


def test_no_file_is_accepted_while_the_scanner_cannot_answer(client, reporter, draft, settings):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.ctl"
    client.force_login(reporter)

    page = upload(client, draft, b"Dear Sir,\n\nI am writing again.")

    assert "The file could not be checked for viruses: try again later" in page.content.decode()
    assert not Evidence.objects.exists()
