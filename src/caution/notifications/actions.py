"""Telling staff. A message is stored in the service and, by each user's choice, e-mailed
through the outbox, in the caller's transaction: a rolled-back change tells nobody, and a
committed one is never lost. Safety alerts always go by both.

Messages never hold personal data of the person concerned: they say what happened and
link to the page, where the user's rights decide what they see.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.notifications import events, selectors
from caution.notifications.models import (
    Notification,
    Preference,
)
from caution.outbox.actions import outbox_email

log = logging.getLogger(__name__)


def notify(
    users: Iterable,
    *,
    subject: str,
    body: str,
    url: str = "",
    safety: bool = False,
    event: str = "",
    about=None,
) -> list[Notification]:
    """Tell each user of `event` in the service and by e-mail, as they have chosen. Never
    put personal data of the person concerned in `subject` or `body`: link to it instead,
    and give the person as `about`, whom the service names to readers who may see them."""
    safety = safety or event == events.SAFETY_ALERT
    if safety:
        event = events.SAFETY_ALERT
    elif event and event not in events.EVENTS:
        log.warning("Notification event %r is not in notifications/events.py", event)
    recipients = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    channels = selectors.channels_for(recipients, event)
    notes = Notification.objects.bulk_create(
        Notification(
            user=u, event=event, subject=subject, body=body, url=url, safety=safety, about=about
        )
        for u in recipients
        if channels[u.pk].in_app
    )
    addresses = [u.email for u in recipients if u.email and channels[u.pk].email]
    if addresses:
        _email(addresses, subject, email_text(body, url, safety=safety))
    return notes


def email_text(body: str, url: str, *, safety: bool = False) -> str:
    """The e-mail says what the message in the service says, and no more."""
    base = settings.CAUTION_BASE_URL
    parts = [body]
    if url:
        parts.append(f"Open it in the service: {base}{url}")
    if safety:
        parts.append("Safety alerts are always sent by e-mail and in the service.")
    else:
        parts.append(f"Choose which e-mails you get: {base}{reverse('notifications:preferences')}")
    return "\n\n".join(parts) + "\n"


def _email(addresses: list[str], subject: str, text: str) -> None:
    outbox_email(to=addresses, subject=subject, text=text)


def notification_mark_read(notification: Notification, *, by) -> Notification:
    """Mark one of your own messages as read. Not audited: it changes nothing but the
    reader's own list."""
    if notification.user_id != by.pk:
        raise PermissionDenied("This message is not yours.")
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by) -> int:
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def preferences_update(user, *, chosen: dict[str, set[str]], by) -> None:
    """Save how `user` wants to hear of each optional event: `chosen` maps an event key to
    the channels ticked ("email", "in_app"); an event left out has neither."""
    if by.pk != user.pk:
        raise PermissionDenied("You can change only your own notification choices.")
    unknown = set(chosen) - {e.key for e in events.OPTIONAL_EVENTS}
    if unknown:
        raise ValidationError({"__all__": "Choose only from the notifications listed"})
    if any(channels - {"email", "in_app"} for channels in chosen.values()):
        raise ValidationError({"__all__": "Choose e-mail, in the service, or both"})
    Preference.objects.filter(user=user).delete()
    Preference.objects.bulk_create(
        Preference(
            user=user,
            event=e.key,
            email="email" in chosen.get(e.key, set()),
            in_app="in_app" in chosen.get(e.key, set()),
        )
        for e in events.OPTIONAL_EVENTS
    )
    audit_record(by=by, verb=AuditEvent.Verb.CHANGE, summary="Changed notification choices")
