"""Telling staff. Messages are stored in the service first; e-mail leaves after commit.

E-mail is sent after the transaction commits, so a rolled-back change never e-mails
anyone. The reliable outbox and the worker that sends through it come with the
notifications issue; until then a failed e-mail is logged and the in-app message remains.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from caution.lib import clock
from caution.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(
    users: Iterable, *, subject: str, body: str, url: str = "", safety: bool = False
) -> list[Notification]:
    """Store a message for each user and e-mail those with an address. Never include
    personal data of the person concerned in `subject` or `body`: link to it instead."""
    recipients = {user.pk: user for user in users if user is not None}.values()
    notes = Notification.objects.bulk_create(
        Notification(user=user, subject=subject, body=body, url=url, safety=safety)
        for user in recipients
    )
    addresses = [user.email for user in recipients if user.email]
    if addresses:
        transaction.on_commit(lambda: _email(subject, body, url, addresses))
    return notes


def _email(subject: str, body: str, url: str, addresses: list[str]) -> None:
    text = f"{body}\n\n{settings.CAUTION_BASE_URL}{url}" if url else body
    for address in addresses:
        try:
            send_mail(subject, text, None, [address])
        except OSError:
            log.warning("E-mail notification could not be sent; it is shown in the service")


def notification_mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
