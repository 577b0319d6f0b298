"""A subscriber that fails is tried again with exponential back-off; after the last attempt
the message is failed and kept for administrators. Every attempt is in the delivery log."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from caution.lib import clock
from caution.outbox.delivery import outbox_deliver, retry_delay
from caution.outbox.models import DeliveryAttempt, OutboxMessage, WebhookSubscription
from tests.factories import make_caution, make_person
from tests.outbox.receivers import free_port

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def back_off(settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    settings.OUTBOX_MAX_ATTEMPTS = 4


def at(minutes: float):
    return clock.frozen_at(NOON + dt.timedelta(minutes=minutes))


def test_a_subscriber_answering_500_is_tried_again_after_one_then_two_minutes(
    housing_system, receiver
):
    receiver.replies.extend([500, 503])
    with at(0):
        make_caution(make_person("Robert", "Smith"))
        assert outbox_deliver() == 0
    message = OutboxMessage.objects.get()
    assert message.next_attempt_at == NOON + dt.timedelta(minutes=1)

    with at(0.9):
        assert outbox_deliver() == 0  # not yet due
    with at(1):
        assert outbox_deliver() == 0
    message.refresh_from_db()
    assert message.next_attempt_at == NOON + dt.timedelta(minutes=3)

    with at(3):
        assert outbox_deliver() == 1
    assert [status for _, _, status in receiver.requests] == [500, 503, 204]


def test_the_delivery_log_keeps_each_attempt_with_its_status_code(housing_system, receiver):
    receiver.replies.append(500)
    with at(0):
        make_caution(make_person("Robert", "Smith"))
        outbox_deliver()
    with at(1):
        outbox_deliver()

    log = list(
        DeliveryAttempt.objects.order_by("attempted_at").values_list(
            "outcome", "status_code", "error"
        )
    )
    assert log == [("retry", 500, "HTTP 500"), ("sent", 204, "")]
    assert all(attempt.duration_ms >= 0 for attempt in DeliveryAttempt.objects.all())


def test_after_the_last_attempt_the_message_is_failed_and_not_tried_again(housing_system, receiver):
    receiver.replies.extend([500] * 10)
    with at(0):
        make_caution(make_person("Robert", "Smith"))
    for minutes in (0, 1, 3, 7):
        with at(minutes):
            outbox_deliver()

    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts, message.last_error) == ("failed", 4, "HTTP 500")
    with at(24 * 60):
        assert outbox_deliver() == 0
    assert len(receiver.requests) == 4


def test_the_wait_doubles_and_stops_growing_at_the_maximum():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 6, 7, 12)] == [
        60,
        120,
        240,
        480,
        1920,
        3600,
        3600,
    ]


def test_a_subscriber_that_cannot_be_reached_is_tried_again(db, receiver):
    WebhookSubscription.objects.create(
        name="Down", url=f"http://127.0.0.1:{free_port()}/", events=["caution.added"]
    )
    make_caution(make_person("Robert", "Smith"))

    outbox_deliver()

    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error == "Could not connect"


def test_a_redirect_counts_as_a_failure(housing_system, receiver):
    receiver.replies.append(302)
    make_caution(make_person("Robert", "Smith"))

    outbox_deliver()

    assert OutboxMessage.objects.get().last_error == "HTTP 302"


def test_a_failing_subscriber_is_tried_once_a_batch_and_holds_up_nobody(housing_system, receiver):
    WebhookSubscription.objects.create(
        name="Down", url=f"http://127.0.0.1:{free_port()}/", events=["caution.added"]
    )
    person = make_person("Robert", "Smith")
    for _ in range(3):
        make_caution(person)

    assert outbox_deliver() == 3

    assert len(receiver.events()) == 3
    down = OutboxMessage.objects.filter(subscription__name="Down")
    assert sorted(down.values_list("attempts", flat=True)) == [0, 0, 1]


def test_events_waiting_for_a_subscriber_switched_off_are_not_sent(housing_system, receiver):
    make_caution(make_person("Robert", "Smith"))
    housing_system.active = False
    housing_system.save()

    outbox_deliver()

    assert receiver.requests == []
    message = OutboxMessage.objects.get()
    assert (message.status, message.last_error) == ("failed", "Subscriber switched off")
