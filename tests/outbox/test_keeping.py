"""Sent messages are not kept for ever: a letter's e-mail holds the letter itself."""

import datetime as dt
from zoneinfo import ZoneInfo

from caution.lib import clock
from caution.outbox.actions import outbox_email
from caution.outbox.delivery import outbox_deliver, outbox_prune
from caution.outbox.models import DeliveryAttempt, OutboxMessage

SENT_ON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def test_a_sent_message_and_its_log_are_deleted_after_the_keeping_period(smtp, settings):
    settings.OUTBOX_KEEP_DAYS = 30
    with clock.frozen_at(SENT_ON):
        outbox_email(to=["a@council.example"], subject="S", text="T")
        outbox_deliver()

    with clock.frozen_at(SENT_ON + dt.timedelta(days=29)):
        assert outbox_prune() == 0
    with clock.frozen_at(SENT_ON + dt.timedelta(days=31)):
        assert outbox_prune() == 1

    assert not OutboxMessage.objects.exists()
    assert not DeliveryAttempt.objects.exists()


def test_a_failed_message_is_kept_for_administrators(smtp, settings):
    settings.OUTBOX_KEEP_DAYS = 30
    smtp.replies.append("550 5.1.1 mailbox unavailable")
    with clock.frozen_at(SENT_ON):
        outbox_email(to=["a@council.example"], subject="S", text="T")
        outbox_deliver()

    with clock.frozen_at(SENT_ON + dt.timedelta(days=365)):
        outbox_prune()

    assert OutboxMessage.objects.get().status == OutboxMessage.Status.FAILED
