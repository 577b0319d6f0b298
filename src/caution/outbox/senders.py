"""Sending one outbox message by its channel: SMTP, a signed webhook, or GOV.UK Notify.

A sender returns the remote's status code (None for SMTP) once the remote has accepted
the message, or raises SendFailed. Errors are recorded by type and code only: an SMTP or
HTTP error text can quote an address or a name, and the delivery log holds no personal
data.
"""

import contextlib
import http.client
import io
import json
import smtplib
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import parseaddr

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection

from caution.outbox import addresses, signing
from caution.outbox.models import OutboxMessage


class SendFailed(Exception):
    def __init__(self, error: str, *, status_code: int | None = None, permanent: bool = False):
        super().__init__(error)
        self.error = error[:200]
        self.status_code = status_code
        self.permanent = permanent


def message_id(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, derived from the outbox key."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "caution-register"
    return f"<{message.event_id}@{domain}>"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook is never sent on to another address: a redirect is a failed attempt."""

    def redirect_request(self, *args, **kwargs):
        return None


class _CheckedHTTP(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(addresses.checked(http.client.HTTPConnection), req)


class _CheckedHTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(
            addresses.checked(http.client.HTTPSConnection), req, context=self._context
        )


_opener = urllib.request.build_opener(_NoRedirects, _CheckedHTTP, _CheckedHTTPS)
# What the delivery log says of any failure to connect: which failure it was (refused, timed
# out, reset) would tell an administrator which ports are open on any address.
NOT_REACHED = "Could not connect"


class Senders:
    """The senders for one batch of deliveries, sharing one SMTP connection."""

    def __init__(self) -> None:
        self._smtp = None

    def __enter__(self) -> "Senders":
        return self

    def __exit__(self, *exc) -> None:
        self._close_smtp()

    def send(self, message: OutboxMessage) -> int | None:
        channel = OutboxMessage.Channel
        if message.channel == channel.EMAIL:
            return self._email(message)
        if message.channel == channel.WEBHOOK:
            return _webhook(message)
        if message.channel == channel.NOTIFY_EMAIL:
            return _notify_email(message)
        if message.channel == channel.NOTIFY_LETTER:
            return _notify_letter(message)
        raise SendFailed(f"Unknown channel {message.channel}", permanent=True)

    def _email(self, message: OutboxMessage) -> None:
        payload = message.payload
        email = EmailMultiAlternatives(
            subject=payload["subject"],
            body=payload["text"],
            to=[payload["to"]],
            headers={"Message-ID": message_id(message)},
        )
        if payload.get("html"):
            email.attach_alternative(payload["html"], "text/html")
        for attachment in payload.get("attachments", []):
            email.attach(
                attachment["filename"], _read(attachment["storage_name"]), attachment["mimetype"]
            )
        try:
            if self._smtp is None:
                # Opened here, not by send_messages, so that the batch shares it.
                self._smtp = get_connection(timeout=settings.OUTBOX_SEND_TIMEOUT_SECONDS)
                self._smtp.open()
            self._smtp.send_messages([email])
        except smtplib.SMTPResponseException as error:
            self._close_smtp()
            raise SendFailed(
                f"SMTP {error.smtp_code}",
                status_code=error.smtp_code,
                permanent=500 <= error.smtp_code < 600,
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            self._close_smtp()
            codes = [code for code, _ in error.recipients.values()]
            code = codes[0] if codes else None
            raise SendFailed(
                f"SMTP {code}: recipient refused",
                status_code=code,
                permanent=bool(code and code >= 500),
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            self._close_smtp()
            raise SendFailed(type(error).__name__) from None

    def _close_smtp(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _read(storage_name: str) -> bytes:
    try:
        with default_storage.open(storage_name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise SendFailed("Attachment missing from private storage") from None


def webhook_request(message: OutboxMessage, *, now: float) -> urllib.request.Request:
    """The signed POST for a webhook message, signed afresh at each attempt."""
    body = json.dumps(message.payload, separators=(",", ":")).encode()
    timestamp = int(now)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "CautionRegister-Webhooks/1",
        signing.EVENT_HEADER: message.payload["event"],
        signing.EVENT_ID_HEADER: message.payload["id"],
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature(message.subscription.secret, timestamp, body),
    }
    url = message.subscription.url
    host = urllib.parse.urlsplit(url).hostname or ""
    if not url.startswith("https://") and not (
        url.startswith("http://") and addresses.host_allowed(host)
    ):
        raise SendFailed("Not an https address", permanent=True)
    return urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310


def _webhook(message: OutboxMessage) -> int:
    if not message.subscription.active:
        raise SendFailed("Subscriber switched off", permanent=True)
    request = webhook_request(message, now=time.time())
    try:
        with _opener.open(request, timeout=settings.OUTBOX_SEND_TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        raise SendFailed(f"HTTP {error.code}", status_code=error.code) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, addresses.AddressRefused):
            raise SendFailed("Address not allowed", permanent=True) from None
        raise SendFailed(NOT_REACHED) from None
    except OSError:
        raise SendFailed(NOT_REACHED) from None


def _notify_client():
    from notifications_python_client import NotificationsAPIClient

    return NotificationsAPIClient(
        settings.GOVUK_NOTIFY_API_KEY,
        base_url=settings.GOVUK_NOTIFY_BASE_URL,
        timeout=settings.OUTBOX_SEND_TIMEOUT_SECONDS,
    )


def _notify_call(call) -> int:
    """Run one Notify request; its refusals become SendFailed. 400 and 403 (a bad request
    or key) will not come right by retrying; 429 and 5xx might."""
    from notifications_python_client.errors import APIError

    try:
        call()
    except APIError as error:
        code = error.status_code
        raise SendFailed(
            f"GOV.UK Notify {code}", status_code=code, permanent=code in (400, 403)
        ) from None
    return 201


def _notify_email(message: OutboxMessage) -> int:
    from notifications_python_client import prepare_upload

    payload = message.payload
    personalisation = {"subject": payload["subject"], "body": payload["text"]}
    for attachment in payload.get("attachments", [])[:1]:
        data = _read(attachment["storage_name"])
        personalisation["attachment"] = prepare_upload(
            io.BytesIO(data), filename=attachment["filename"]
        )
    return _notify_call(
        lambda: _notify_client().send_email_notification(
            email_address=payload["to"],
            template_id=settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation=personalisation,
            reference=str(message.event_id),
        )
    )


def _notify_letter(message: OutboxMessage) -> int:
    payload = message.payload
    data = _read(payload["pdf"]["storage_name"])
    return _notify_call(
        lambda: _notify_client().send_precompiled_letter_notification(
            reference=payload["reference"], pdf_file=io.BytesIO(data), postage=payload["postage"]
        )
    )
