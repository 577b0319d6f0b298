"""Putting messages in the outbox, and the administrators' changes to webhook subscriptions.

The enqueueing functions write to the caller's transaction and send nothing themselves:
`caution worker` delivers after commit (caution.outbox.delivery), so a change that rolls
back sends nothing and a crash loses nothing.
"""

import hashlib
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.outbox import addresses
from caution.outbox.access import require_webhook_admin
from caution.outbox.models import (
    EVENTS,
    OutboxMessage,
    SubscriberReference,
    WebhookSubscription,
    new_secret,
)


class Attachment(NamedTuple):
    filename: str
    # A file in the private storage (`default_storage`), where letters keep their PDFs.
    storage_name: str
    mimetype: str


def notify_enabled() -> bool:
    """Whether e-mails and letters go through GOV.UK Notify (a key is set) or SMTP."""
    return bool(settings.GOVUK_NOTIFY_API_KEY)


def _enqueue(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Write the messages; one whose key is already in the outbox is left as it is."""
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    keys = [message.key for message in messages]
    return list(OutboxMessage.objects.filter(key__in=keys).order_by("id"))


def _recipient_key(key: str, address: str) -> str:
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]
    return f"{key}:{digest}"


@transaction.atomic
def outbox_email(
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    attachments: Sequence[Attachment] = (),
    person=None,
    key: str = "",
) -> list[OutboxMessage]:
    """One e-mail per recipient, sent after commit. `key` makes enqueueing idempotent:
    the same key and recipient again adds nothing. Set `person` when the e-mail carries
    the person's data (a letter), so that deleting the person deletes it."""
    if len(key) > 150:
        raise ValueError("An outbox key is at most 150 characters")
    # Notify sends one file per e-mail; an e-mail with more goes by SMTP.
    via_notify = notify_enabled() and len(attachments) <= 1
    channel = OutboxMessage.Channel.NOTIFY_EMAIL if via_notify else OutboxMessage.Channel.EMAIL
    key = key or f"email:{uuid.uuid4()}"
    payload = {
        "subject": subject,
        "text": text,
        "html": html,
        "attachments": [attachment._asdict() for attachment in attachments],
    }
    messages = [
        OutboxMessage(
            channel=channel,
            key=_recipient_key(key, address),
            payload={**payload, "to": address.strip()},
            person=person,
        )
        for address in dict.fromkeys(address for address in to if address.strip())
    ]
    return _enqueue(messages)


@transaction.atomic
def outbox_letter(
    *, pdf: Attachment, reference: str, person=None, key: str = "", postage: str = "second"
) -> OutboxMessage:
    """Post a letter (a PDF in private storage, laid out for Notify's precompiled letters)
    through GOV.UK Notify. Only when Notify is set up: otherwise letters are printed."""
    if not notify_enabled():
        raise ValidationError("Letters are posted by GOV.UK Notify only when it is set up.")
    if postage not in ("first", "second", "economy"):
        raise ValidationError({"postage": "Choose first, second or economy"})
    message = OutboxMessage(
        channel=OutboxMessage.Channel.NOTIFY_LETTER,
        key=key or f"letter:{uuid.uuid4()}",
        payload={"pdf": pdf._asdict(), "reference": reference, "postage": postage},
        person=person,
    )
    return _enqueue([message])[0]


# Administrators' changes: subscriptions, references and failed messages.


def _check_events(events: Sequence[str]) -> list[str]:
    chosen = [event for event in EVENTS if event in events]
    if not chosen:
        raise ValidationError({"events": "Choose at least one event"})
    return chosen


def _check_url(url: str) -> str:
    problem = addresses.url_problem(url.strip())
    if problem:
        raise ValidationError({"url": problem})
    return url.strip()


def _audit(by, verb, summary: str, target, details: dict | None = None) -> None:
    audit_record(by=by, verb=verb, summary=summary, target=target, details=details)


@transaction.atomic
def subscription_create(
    *, name: str, url: str, events: Sequence[str], organisation=None, by
) -> WebhookSubscription:
    require_webhook_admin(by)
    subscription = WebhookSubscription(
        name=name.strip(),
        url=_check_url(url),
        events=_check_events(events),
        organisation=organisation,
    )
    subscription.full_clean()
    subscription.save()
    summary = f"Added webhook subscriber {subscription.name}"
    _audit(by, AuditEvent.Verb.CREATE, summary, subscription)
    return subscription


@transaction.atomic
def subscription_update(
    subscription: WebhookSubscription,
    *,
    name: str,
    url: str,
    events: Sequence[str],
    organisation=None,
    active: bool,
    by,
) -> WebhookSubscription:
    require_webhook_admin(by)
    subscription.name = name.strip()
    subscription.url = _check_url(url)
    subscription.events = _check_events(events)
    subscription.organisation = organisation
    subscription.active = active
    subscription.full_clean()
    subscription.save()
    _audit(
        by,
        AuditEvent.Verb.CHANGE,
        f"Changed webhook subscriber {subscription.name}",
        subscription,
        {"url": subscription.url, "events": subscription.events, "active": active},
    )
    return subscription


@transaction.atomic
def subscription_secret_rotate(subscription: WebhookSubscription, *, by) -> str:
    """A new signing secret, in force at once: the subscriber must be given it."""
    require_webhook_admin(by)
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret"])
    _audit(by, AuditEvent.Verb.CHANGE, "Replaced a webhook signing secret", subscription)
    return subscription.secret


@transaction.atomic
def reference_set(
    subscription: WebhookSubscription, *, person, reference: str, by
) -> SubscriberReference | None:
    """Record the subscriber's own reference for a person; an empty one removes it. `by`
    is an administrator, or the subscriber itself calling the API with a signed request."""
    if by != subscription:
        require_webhook_admin(by)
    reference = reference.strip()
    if len(reference) > 100:
        raise ValidationError({"reference": "A reference is at most 100 characters"})
    existing = SubscriberReference.objects.filter(subscription=subscription, person=person)
    summary = f"Set {subscription.name}'s reference for a person"
    if not reference:
        existing.delete()
        summary = f"Removed {subscription.name}'s reference for a person"
        row = None
    else:
        row, _ = SubscriberReference.objects.update_or_create(
            subscription=subscription,
            person=person,
            defaults={"reference": reference, "updated_at": clock.now()},
        )
    audit_record(
        by=None if by == subscription else by,
        verb=AuditEvent.Verb.CHANGE,
        summary=summary,
        target=subscription,
        details={"by_subscriber": by == subscription},
        people=[person],
    )
    return row


@transaction.atomic
def outbox_message_retry(message: OutboxMessage, *, by) -> OutboxMessage:
    """Send a failed message again, from its first attempt (after the fault is fixed)."""
    require_webhook_admin(by)
    if message.status != OutboxMessage.Status.FAILED:
        raise ValidationError("Only a failed message can be sent again.")
    message.status = OutboxMessage.Status.PENDING
    message.attempts = 0
    message.next_attempt_at = clock.now()
    message.claimed_until = None
    message.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_until"])
    _audit(by, AuditEvent.Verb.CHANGE, "Asked for a failed message to be sent again", message)
    return message
