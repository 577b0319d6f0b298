"""GOV.UK Notify, behind a setting: with a key, e-mails and precompiled letters go through
notifications-python-client to Notify's API, here a local HTTP server standing in for it
(Notify is an external service, the one part these tests cannot run)."""

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from caution.outbox.actions import Attachment, outbox_email, outbox_letter
from caution.outbox.delivery import outbox_deliver
from caution.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
TEMPLATE_ID = str(uuid.uuid4())


class NotifyStandIn:
    """Answers Notify's v2 API as Notify does; `status` makes it refuse."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict, str]] = []
        self.status = 201
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append((self.path, body, self.headers["Authorization"]))
                answer = json.dumps({"id": str(uuid.uuid4())}).encode()
                if stand_in.status >= 400:
                    answer = json.dumps({"errors": [{"error": "Refused"}]}).encode()
                self.send_response(stand_in.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def notify(settings):
    stand_in = NotifyStandIn()
    thread = threading.Thread(
        target=stand_in.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.GOVUK_NOTIFY_API_KEY = f"caution_register-{SERVICE_ID}-{SECRET}"
    settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.GOVUK_NOTIFY_BASE_URL = stand_in.url
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


@pytest.fixture
def letter_pdf():
    name = default_storage.save("letters/notify-test.pdf", ContentFile(b"%PDF-1.7 letter"))
    yield Attachment("letter.pdf", name, "application/pdf")
    default_storage.delete(name)


def test_without_a_notify_key_email_goes_by_smtp(settings):
    settings.GOVUK_NOTIFY_API_KEY = ""

    [message] = outbox_email(to=["a@council.example"], subject="S", text="T")

    assert message.channel == OutboxMessage.Channel.EMAIL


def test_with_a_notify_key_email_goes_through_notify_with_its_template(notify):
    [message] = outbox_email(to=["a@council.example"], subject="A report", text="Open the link.")

    assert outbox_deliver() == 1

    assert message.channel == OutboxMessage.Channel.NOTIFY_EMAIL
    [(path, body, authorization)] = notify.requests
    assert path == "/v2/notifications/email"
    assert body == {
        "email_address": "a@council.example",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "A report", "body": "Open the link."},
        "reference": str(message.event_id),
    }
    token = jwt.decode(authorization.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
    assert token["iss"] == SERVICE_ID


def test_a_notify_email_carries_its_one_attachment_as_a_file(notify, letter_pdf):
    outbox_email(to=["a@example.org"], subject="S", text="T", attachments=[letter_pdf])

    outbox_deliver()

    [(_, body, _)] = notify.requests
    sent = body["personalisation"]["attachment"]
    assert base64.b64decode(sent["file"]) == b"%PDF-1.7 letter"
    assert sent["filename"] == "letter.pdf"


def test_an_email_with_two_attachments_goes_by_smtp_as_notify_sends_one_file(notify, letter_pdf):
    [message] = outbox_email(
        to=["a@example.org"], subject="S", text="T", attachments=[letter_pdf, letter_pdf]
    )

    assert message.channel == OutboxMessage.Channel.EMAIL


def test_a_letter_is_posted_through_notify_as_a_precompiled_pdf(notify, letter_pdf):
    message = outbox_letter(pdf=letter_pdf, reference="letter-2026-0042", postage="first")

    assert outbox_deliver() == 1

    assert message.channel == OutboxMessage.Channel.NOTIFY_LETTER
    [(path, body, _)] = notify.requests
    assert path == "/v2/notifications/letter"
    assert body["reference"] == "letter-2026-0042"
    assert body["postage"] == "first"
    assert base64.b64decode(body["content"]) == b"%PDF-1.7 letter"


def test_letters_are_not_posted_by_notify_unless_it_is_set_up(settings, letter_pdf):
    settings.GOVUK_NOTIFY_API_KEY = ""

    with pytest.raises(ValidationError):
        outbox_letter(pdf=letter_pdf, reference="letter-1")


def test_notify_refusing_the_request_fails_the_message_at_once(notify):
    notify.status = 400
    [message] = outbox_email(to=["a@council.example"], subject="S", text="T")

    outbox_deliver()

    message.refresh_from_db()
    assert (message.status, message.last_error) == ("failed", "GOV.UK Notify 400")


def test_notify_being_unavailable_is_tried_again(notify):
    notify.status = 503
    [message] = outbox_email(to=["a@council.example"], subject="S", text="T")

    outbox_deliver()

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
