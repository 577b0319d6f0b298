"""The several-machines drill (issue 13, docs/operators/deployment.md): two `caution serve`
and two `caution worker` processes share one PostgreSQL database and one S3-compatible
bucket (moto's server on loopback). Staff send checks, reports with evidence, and letters
(signed, then e-mailed) through both web processes; mid-way one web and one worker are
killed with SIGKILL, and the clients carry on with the survivors. Then: every request was
answered, at once or on a retry to the other web process; every report's evidence is in
the bucket; every outbox message was delivered once.

PostgreSQL only: the processes share the test database, as machines share the council's.
"""

import contextlib
import dataclasses
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from caution.accounts.roles import Role
from caution.incidents.models import Evidence, Incident
from caution.letters.models import Letter
from caution.outbox.models import OutboxMessage
from tests.factories import cautioned, make_user
from tests.letters.conftest import decided
from tests.outbox.receivers import SmtpReceiver, free_port
from tests.signing_in import SignedInClient

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.s3]

REPO = Path(__file__).resolve().parents[2]
CHECKS, REPORTS, LETTERS = 24, 8, 8
KILL_AFTER = 0.5  # of the jobs done
DRILL_SECONDS = 110  # the whole drill, processes' start included, stays under 2 minutes
EVIDENCE = b"%PDF-1.4\n% the letter he sent the housing officer\n%%EOF\n"
CSRF = "drill" + "x" * 27  # the cookie and header the API compares (32 characters)


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "The drill shares one PostgreSQL database between four processes (SQLite is "
            "one machine's); it runs in CI's PostgreSQL pass."
        )


class Refused(Exception):
    """A web process could not be reached, or dropped the connection: try the other."""


@dataclasses.dataclass
class Tally:
    """How each request ended."""

    answered: int = 0
    retried: int = 0  # answered by the other web process after a dropped connection
    already_done: int = 0  # the retry found the first attempt had been committed
    failed: list = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def add(self, field: str) -> None:
        with self.lock:
            setattr(self, field, getattr(self, field) + 1)


class Webs:
    """The web processes a load balancer would spread requests over: round robin over
    those still answering; a request whose connection fails goes to the next one, and the
    one that failed is taken out of the rotation (the load balancer's health check)."""

    def __init__(self, ports: list[int], tally: Tally) -> None:
        self.ports, self.tally = list(ports), tally
        self.turn = 0
        self.lock = threading.Lock()

    def _next(self) -> list[int]:
        with self.lock:
            self.turn += 1
            start = self.turn % len(self.ports)
            return self.ports[start:] + self.ports[:start]

    def _down(self, port: int) -> None:
        with self.lock:
            if port in self.ports and len(self.ports) > 1:
                self.ports.remove(port)

    def request(self, session: str, method: str, path: str, body=None, *, done=(200, 201)):
        """The answer's status and JSON. A status in `done` counts as answered; on a retry a
        409 or 422 means the first attempt was committed before its process died."""
        for attempt, port in enumerate(self._next()):
            try:
                status, data = _send(port, session, method, path, body)
            except Refused:
                self._down(port)
                continue
            if status in done:
                self.tally.add("retried" if attempt else "answered")
                return status, data
            if attempt and status in (409, 422):
                self.tally.add("already_done")
                return status, data
            self.tally.failed.append((method, path, status, data))
            return status, data
        self.tally.failed.append((method, path, "no web process answered", None))
        return None, None


def _send(port: int, session: str, method: str, path: str, body) -> tuple[int, dict]:
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
    if isinstance(body, tuple):  # a multipart upload: (fields, file name, bytes)
        payload, headers["Content-Type"] = _multipart(*body)
    elif body is not None:
        payload, headers["Content-Type"] = json.dumps(body), "application/json"
    else:
        payload = None
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        link.request(method, path, payload, headers)
        response = link.getresponse()
        content = response.read()
    except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
        raise Refused from error
    finally:
        link.close()
    return response.status, (json.loads(content) if content else {})


def _multipart(fields: dict, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def signed_in(user) -> str:
    """A session in the shared database, as the sign-in pages leave it (second factor
    included): any web process reads it."""
    client = SignedInClient()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# The work ------------------------------------------------------------------------------------


def a_check(webs: Webs, reporter: str) -> None:
    webs.request(reporter, "POST", "/api/check", {"name": "Robert Smith"})


def a_report(webs: Webs, reporter: str, person_id: str) -> str | None:
    """A report about Robert with one piece of evidence, submitted; its id."""
    status, report = webs.request(reporter, "POST", "/api/reports", {"kind": "incident"})
    if status != 201:
        return None
    path = f"/api/reports/{report['id']}"
    details = {
        "occurred_at": "2026-03-02T09:00:00+00:00",
        "location": "Council offices, reception",
        "channel": Incident.Channel.FACE_TO_FACE,
        "service_area": "Housing",
        "category": "VIOLENCE",
        "description": "He shouted that he would hit me and threw a chair.",
    }
    evidence = lambda version: (  # noqa: E731 (a multipart upload: fields, name, bytes)
        {"kind": Evidence.Kind.CORRESPONDENCE, "version": version},
        "letter-from-him.pdf",
        EVIDENCE,
    )
    steps = [
        ("PUT", path, lambda version: {**details, "version": version}),
        ("POST", f"{path}/person", lambda version: {"person_id": person_id, "version": version}),
        ("POST", f"{path}/staff", lambda version: {"name": "Rita Reporter", "version": version}),
        ("POST", f"{path}/evidence", evidence),
        ("POST", f"{path}/submit", lambda version: {"version": version}),
    ]
    for method, where, body in steps:
        version = webs.request(reporter, "GET", path)[1]["version"]
        webs.request(reporter, method, where, body(version))
    return report["id"]


def a_letter(webs: Webs, officer: str, signatory: str, letter_id: str) -> None:
    """Sent for sign-off, signed (the PDF goes to the bucket), e-mailed (the worker reads it
    back from the bucket to attach it)."""
    path = f"/api/letters/{letter_id}"
    webs.request(officer, "POST", f"{path}/submit")
    webs.request(signatory, "POST", f"{path}/sign")
    webs.request(officer, "POST", f"{path}/deliver", {"method": Letter.Method.EMAIL})


# The processes -------------------------------------------------------------------------------


def _environment(bucket, data_dir: Path, smtp_port: int) -> dict:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    url = (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "AWS_"))},
        **bucket.environment(),
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,  # one key for every machine: the sessions' hashes
        "CAUTION_DATA_DIR": str(data_dir),
        "CAUTION_PROFILE": settings.CAUTION_PROFILE,
        # Its letters ask for replies: they go out only with the council's address.
        "CAUTION_COUNCIL_ADDRESS": "|".join(settings.CAUTION_COUNCIL_ADDRESS),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DEFAULT_FROM_EMAIL": "caution-register@council.example",
        "OUTBOX_RETRY_SECONDS": "1",
    }


@contextlib.contextmanager
def processes(env: dict, logs: Path, ports: list[int]):
    """Two web processes on `ports` and two workers, all stopped at the end."""
    caution = [sys.executable, "-m", "caution"]
    commands = {
        f"web {port}": [*caution, "serve", "--port", str(port), "--threads", "4"] for port in ports
    }
    commands |= {f"worker {n}": [*caution, "worker", "--interval", "0.2"] for n in (1, 2)}
    running = {}
    try:
        for name, command in commands.items():
            with (logs / f"{name.replace(' ', '-')}.log").open("w") as log:
                running[name] = subprocess.Popen(
                    command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT
                )
        for port in ports:
            _wait_for(port, running[f"web {port}"])
        yield running
    finally:
        for process in running.values():
            if process.poll() is None:
                process.terminate()
        for process in running.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the web process on {port} stopped"
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    pytest.fail(f"nothing listening on {port} within a minute")


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


# The drill -----------------------------------------------------------------------------------


def test_two_webs_and_two_workers_survive_losing_one_of_each(
    on_postgresql, private_files_in_s3, tmp_path, settings
):
    started = time.monotonic()
    settings.CAUTION_PROFILE = "harborough"
    reporter = make_user(Role.REPORTER, first_name="Rita")
    robert = cautioned("Robert", "Smith")
    cases = [decided("harborough") for _ in range(LETTERS)]
    reporting = signed_in(reporter)
    letters = [
        (signed_in(case.officer), signed_in(case.signatory), str(case.letter.id)) for case in cases
    ]
    tally = Tally()
    ports = [free_port(), free_port()]
    webs = Webs(ports, tally)
    with SmtpReceiver() as smtp:
        smtp.delay = 0.05  # a real server's round trip, so that a worker is killed mid-send
        env = _environment(private_files_in_s3, tmp_path, smtp.port)
        with processes(env, tmp_path, ports) as running:
            jobs = (
                [lambda: a_check(webs, reporting)] * CHECKS
                + [lambda: a_report(webs, reporting, str(robert.id))] * REPORTS
                + [lambda o=o, s=s, i=i: a_letter(webs, o, s, i) for o, s, i in letters]
            )
            jobs = jobs[::3] + jobs[1::3] + jobs[2::3]  # every kind of work throughout
            done = Counter()
            killed = threading.Event()

            def run(job):
                job()
                with tally.lock:
                    done["jobs"] += 1
                    due = done["jobs"] >= len(jobs) * KILL_AFTER and not killed.is_set()
                    if due:
                        killed.set()
                if due:  # mid-way, with other clients' requests in flight
                    running[f"web {ports[0]}"].send_signal(signal.SIGKILL)
                    running["worker 1"].send_signal(signal.SIGKILL)

            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(run, jobs))
            load_seconds = time.monotonic() - started
            outbox = OutboxMessage.objects.all()
            settled = _wait_until(
                lambda: (
                    not outbox.exclude(status=OutboxMessage.Status.SENT).exists()
                    and len(set(smtp.message_ids())) >= outbox.count()
                ),
                seconds=max(5, DRILL_SECONDS - (time.monotonic() - started)),
            )
            assert running[f"web {ports[1]}"].poll() is None
            assert running["worker 2"].poll() is None

        received = smtp.message_ids()
        emails = outbox.filter(channel=OutboxMessage.Channel.EMAIL)
        expected = {f"<{message.event_id}@council.example>" for message in emails}
        reports = Incident.objects.filter(reported_by=reporter, status=Incident.Status.SUBMITTED)
        evidence = Evidence.objects.filter(incident__in=reports)
        in_bucket = {item.file.name: private_files_in_s3.read(item.file.name) for item in evidence}
        issued = Letter.objects.filter(id__in=[i for _, _, i in letters], sha256__gt="")
        letters_intact = sum(
            hashlib.sha256(private_files_in_s3.read(letter.pdf.name)).hexdigest() == letter.sha256
            for letter in issued
        )
        seconds = time.monotonic() - started
        print(
            f"\nSeveral-machines drill: {len(jobs)} jobs ({CHECKS} checks, {REPORTS} reports "
            f"with evidence, {LETTERS} letters signed and e-mailed) through 2 web processes; "
            f"web {ports[0]} and worker 1 killed (SIGKILL) after {int(len(jobs) * KILL_AFTER)}.\n"
            f"  requests: {tally.answered} answered, {tally.retried} retried on the other web "
            f"process and answered, {tally.already_done} retried and found already done, "
            f"{len(tally.failed)} failed\n"
            f"  reports submitted: {reports.count()}, evidence files in the bucket: "
            f"{len(in_bucket)} of {evidence.count()}; letters issued: {issued.count()}, "
            f"PDFs in the bucket matching their hash: {letters_intact}\n"
            f"  outbox: {outbox.count()} messages, "
            f"{outbox.filter(status=OutboxMessage.Status.SENT).count()} sent; SMTP received "
            f"{len(received)} ({len(received) - len(set(received))} repeated)\n"
            f"  load {load_seconds:.1f} s, whole drill {seconds:.1f} s"
        )

    assert tally.failed == []
    assert tally.retried + tally.already_done > 0  # the kill did land on requests
    assert reports.count() == REPORTS
    assert len(in_bucket) == evidence.count() == REPORTS
    assert all(data == EVIDENCE for data in in_bucket.values())
    assert issued.count() == letters_intact == LETTERS
    assert settled
    assert set(received) == expected  # none lost, none unknown
    # A message sent by the killed worker after the SMTP server took it, but before its
    # success was committed, is sent again, with the same Message-ID (docs/adr/0007).
    assert len(received) - len(set(received)) <= 1
    assert seconds < 120
