"""Delivering what is due in the outbox: claim one message, send it, record the outcome.

Two workers never send the same message. On PostgreSQL a worker holds the message's row
lock (SELECT ... FOR UPDATE SKIP LOCKED) while it sends, and records the outcome in that
transaction; if the worker dies, the lock goes with its connection and another worker
takes the message at once. SQLite has no row locks, and holding its one write lock while
waiting on a remote server would stall the web pages, so there a worker claims a message
with a conditional UPDATE that writes a lease (OUTBOX_LEASE_SECONDS, longer than any send
may take); if the worker dies, the message is sent when the lease runs out.

Either way the outcome is committed straight after the remote accepts the message. A
crash between those two moments is the one case in which a message is sent twice, and
why receivers are given an id that stays the same on every attempt (docs/adr/0007).
"""

import datetime as dt
import logging
import threading
import time
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from caution.lib import clock
from caution.outbox.models import DeliveryAttempt, OutboxMessage
from caution.outbox.senders import Senders, SendFailed

log = logging.getLogger(__name__)


def outbox_deliver(*, limit: int = 100, stopping: threading.Event | None = None) -> int:
    """Send up to `limit` messages that are due now; the number sent. Stops early, after
    the message in hand, once `stopping` is set (the worker's SIGTERM)."""
    sent = 0
    # A subscriber that fails is left alone for the rest of the batch, so that one system
    # timing out does not hold up every e-mail and every other subscriber behind it.
    failing: set = set()
    with Senders() as senders:
        for _ in range(limit):
            if stopping is not None and stopping.is_set():
                break
            outcome = _deliver_next(senders, failing)
            if outcome is None:
                break
            sent += outcome
    return sent


def outbox_prune() -> int:
    """Delete messages sent more than OUTBOX_KEEP_DAYS ago, with their delivery log: a
    letter's e-mail holds the letter, and is not kept longer than it is needed. Failed and
    waiting messages stay until they are sent or their person is deleted."""
    cutoff = clock.now() - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    sent = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=cutoff)
    deleted = sent.delete()[1]
    return deleted.get(OutboxMessage._meta.label, 0)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off: OUTBOX_RETRY_SECONDS after the first failure, doubling each
    time, never more than OUTBOX_RETRY_MAX_SECONDS."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _due(now: dt.datetime, failing: set):
    due = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    )
    if failing:
        due = due.exclude(subscription__in=failing)
    return due.order_by("next_attempt_at", "id")


def _unclaimed(now: dt.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _deliver_next(senders: Senders, failing: set) -> bool | None:
    """Send the next due message: True if sent, False if it failed, None if none is due."""
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            message = (
                _due(clock.now(), failing)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("subscription")
                .first()
            )
            return None if message is None else _attempt(message, senders, failing)
    message = _claim_with_lease(failing)
    return None if message is None else _attempt(message, senders, failing)


def _claim_with_lease(failing: set) -> OutboxMessage | None:
    now = clock.now()
    # Another worker may claim the message between our read and our UPDATE; try the next.
    for _ in range(5):
        candidate = _due(now, failing).filter(_unclaimed(now)).values_list("id", flat=True).first()
        if candidate is None:
            return None
        token = uuid.uuid4()
        lease = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        claimed = (
            OutboxMessage.objects.filter(id=candidate, status=OutboxMessage.Status.PENDING)
            .filter(_unclaimed(now))
            .update(claimed_until=lease, claim=token)
        )
        if claimed:
            return OutboxMessage.objects.select_related("subscription").get(id=candidate)
    return None


def _attempt(message: OutboxMessage, senders: Senders, failing: set) -> bool:
    started = time.monotonic()
    try:
        status_code = senders.send(message)
    except Exception as error:
        if not isinstance(error, SendFailed):
            # A fault of ours (a bug, a database hiccup): retried like any failure, logged
            # by type only so that no message content reaches the log.
            log.warning("Outbox message %s not sent: %s", message.id, type(error).__name__)
            error = SendFailed(type(error).__name__)
        _record_failure(message, error, _ms_since(started))
        if message.subscription_id:
            failing.add(message.subscription_id)
        return False
    _record_sent(message, status_code, _ms_since(started))
    return True


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _ours(message: OutboxMessage):
    """The message, if this worker still holds it (always true under a row lock)."""
    return OutboxMessage.objects.filter(id=message.id, claim=message.claim)


@transaction.atomic
def _record_sent(message: OutboxMessage, status_code: int | None, duration_ms: int) -> None:
    now = clock.now()
    updated = _ours(message).update(
        status=OutboxMessage.Status.SENT,
        sent_at=now,
        attempts=F("attempts") + 1,
        last_error="",
        claimed_until=None,
        claim=None,
    )
    if not updated:
        log.warning("Outbox message %s was sent after its lease ran out", message.id)
    DeliveryAttempt.objects.create(
        message_id=message.id,
        attempted_at=now,
        outcome=DeliveryAttempt.Outcome.SENT,
        status_code=status_code,
        duration_ms=duration_ms,
    )


@transaction.atomic
def _record_failure(message: OutboxMessage, failure: SendFailed, duration_ms: int) -> None:
    now = clock.now()
    attempts = message.attempts + 1
    gives_up = failure.permanent or attempts >= settings.OUTBOX_MAX_ATTEMPTS
    _ours(message).update(
        status=OutboxMessage.Status.FAILED if gives_up else OutboxMessage.Status.PENDING,
        attempts=attempts,
        next_attempt_at=now + retry_delay(attempts),
        last_error=failure.error,
        claimed_until=None,
        claim=None,
    )
    DeliveryAttempt.objects.create(
        message_id=message.id,
        attempted_at=now,
        outcome=DeliveryAttempt.Outcome.FAILED if gives_up else DeliveryAttempt.Outcome.RETRY,
        status_code=failure.status_code,
        duration_ms=duration_ms,
        error=failure.error,
    )
    if gives_up:
        log.warning("Outbox message %s failed for good: %s", message.id, failure.error)
