"""How fast the outbox delivers: messages per second to a local SMTP server (aiosmtpd) and
to a local webhook receiver (http.server), both on loopback.

For each channel: a fresh database, --messages messages enqueued through the product's own
functions (outbox_email; webhooks_publish for one subscriber), then delivered by
outbox_deliver, the function `caution worker` runs, in batches of 100 until none is due.
The time counted is delivery only: claim, send, record the outcome and the delivery log.

    uv run python bench/outbox.py --messages 2000
    uv run python bench/outbox.py --messages 2000 \\
        --database-url postgres://postgres@127.0.0.1:5432/caution_bench

The receivers run in this process, in threads, so the figures are a floor: a real mail
server or subscriber on another machine takes the receiving work off the worker's CPU
(and adds the network's round trip instead).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.outbox.receivers

from benchdb import BenchDatabase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    database = BenchDatabase(args.database_url)
    database.configure()
    from tests.outbox.receivers import SmtpReceiver, WebhookReceiver

    print(f"{args.messages} messages each, database: {database.vendor}")
    try:
        with SmtpReceiver() as smtp:
            database.fresh()
            rate = _email(smtp, args.messages)
            print(f"e-mail to SMTP on loopback: {rate:8.0f} messages/s")
        with WebhookReceiver() as receiver:
            from django.conf import settings

            settings.CAUTION_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # the receiver on loopback
            database.fresh()
            rate = _webhooks(receiver, args.messages)
            print(f"webhooks to HTTP on loopback: {rate:7.0f} messages/s")
    finally:
        database.close()


def _deliver_all(expected: int, arrived) -> float:
    from caution.outbox.delivery import outbox_deliver

    started = time.perf_counter()
    while outbox_deliver(limit=100):
        pass
    elapsed = time.perf_counter() - started
    if arrived() != expected:
        raise SystemExit(f"Only {arrived()} of {expected} messages arrived")
    return expected / elapsed


def _email(smtp, messages: int) -> float:
    from django.conf import settings

    from caution.outbox.actions import outbox_email

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    for n in range(messages):
        outbox_email(
            to=[f"officer{n}@council.example"],
            subject="A report awaits your assessment",
            text="A report has been submitted.\n\nhttps://caution.example/reports/x/",
        )
    return _deliver_all(messages, lambda: len(smtp.messages))


def _webhooks(receiver, messages: int) -> float:
    from caution.outbox.models import EVENTS, WebhookSubscription
    from caution.people.actions import NameInput, person_create
    from caution.register.announcing import webhooks_publish
    from caution.register.cautions import caution_add

    WebhookSubscription.objects.create(name="Housing", url=receiver.url, events=list(EVENTS))
    person = person_create(names=[NameInput("Robert", "Smith")], by=None)
    caution = caution_add(person=person, level="1", by=None)  # publishes one event
    for _ in range(messages - 1):
        webhooks_publish(caution, "caution.changed")
    return _deliver_all(messages, lambda: len(receiver.events()))


if __name__ == "__main__":
    main()
