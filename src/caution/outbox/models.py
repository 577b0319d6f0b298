"""What leaves the service: e-mails, GOV.UK Notify letters and webhooks, written to the
outbox in the transaction that caused them and delivered by `caution worker`
(docs/adr/0007-outbox.md)."""

import secrets
import uuid

from django.core.validators import URLValidator
from django.db import models

from caution.lib import clock

EVENTS = ("caution.added", "caution.changed", "caution.removed")
# Sent to every system whatever events it chose: switch off the marker with this marker
# reference (after its partner's sharing agreement ended). It holds nothing else (ADR 0022).
MARKER_OFF = "marker.off"
EVENT_CHOICES = [
    ("caution.added", "A caution is added"),
    ("caution.changed", "A caution is changed or extended"),
    ("caution.removed", "A caution ends (removed or expired)"),
]


def event_id_for(key: str) -> uuid.UUID:
    """The id a receiver sees for the message with this outbox key (the webhook event id,
    the e-mail Message-ID): the same on every attempt, so a repeat is recognisable."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"caution-outbox:{key}")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """Another council system (housing, CRM) told when cautions are added, changed or
    removed, so it can switch its own marker on and off (002 §3.1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("Name of the system", max_length=120)
    url = models.URLField(
        "Address events are sent to",
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
    )
    secret = models.CharField(max_length=100, default=new_secret)
    active = models.BooleanField(default=True)
    events = models.JSONField(default=list)
    # A partner's system hears only of cautions shared with that partner.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubscriberReference(models.Model):
    """The subscriber system's own reference for a person (its customer or tenancy number),
    sent in place of anything that identifies the person."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="references"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="subscriber_references"
    )
    reference = models.CharField(max_length=100)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "person"], name="one_reference_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class OutboxMessage(models.Model):
    """One message waiting to leave, or sent. Written in the caller's transaction, so a
    change that rolls back sends nothing; delivered after commit by the worker."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        WEBHOOK = "webhook", "Webhook"
        NOTIFY_EMAIL = "notify_email", "E-mail by GOV.UK Notify"
        NOTIFY_LETTER = "notify_letter", "Letter by GOV.UK Notify"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: will not be retried"

    channel = models.CharField(max_length=20, choices=Channel.choices)
    # Unique: enqueueing the same key twice is a no-op. The e-mail Message-ID and the
    # webhook event id are derived from it, so receivers can recognise a repeat.
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    # SQLite has no row locks: a worker claims a message by writing a lease (docs/adr/0007).
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True)
    # Why the last attempt failed, without personal data: a status code or error type.
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the message carries the person's data: deleting the person deletes it.
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.id}"

    @property
    def event_id(self) -> uuid.UUID:
        return event_id_for(self.key)


class DeliveryAttempt(models.Model):
    """The delivery log: one row per attempt to send a message."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        RETRY = "retry", "Failed: will retry"
        FAILED = "failed", "Failed: given up"

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="log")
    attempted_at = models.DateTimeField(default=clock.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField()
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} {self.attempted_at:%d/%m/%Y %H:%M}"
