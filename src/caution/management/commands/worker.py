"""`caution worker`: the background loop. Each turn runs every periodic step that is due:
delivering the outbox every turn, the daily sweep once a day (looked for every minute, so
a worker started after downtime catches up at once), pruning what was sent long ago every
hour. A new step is one line in `steps()`."""

import dataclasses
import logging
import signal
import threading
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from caution.outbox.delivery import outbox_deliver, outbox_prune
from caution.sweep import sweep_if_due

log = logging.getLogger(__name__)
BATCH = 100


@dataclasses.dataclass
class Periodic:
    name: str
    every_seconds: float  # 0: every turn of the loop
    run: Callable[[threading.Event], object]
    last_run: float = float("-inf")

    def due(self, now: float) -> bool:
        return now - self.last_run >= self.every_seconds


def deliver_outbox(stopping: threading.Event) -> int:
    """Deliver everything due, a batch at a time, until none is left or we are stopping."""
    total = 0
    while not stopping.is_set():
        sent = outbox_deliver(limit=BATCH, stopping=stopping)
        total += sent
        if sent < BATCH:
            break
    return total


def steps() -> list[Periodic]:
    return [
        Periodic("outbox", 0, deliver_outbox),
        Periodic("sweep", 60, lambda stopping: sweep_if_due()),
        Periodic("outbox prune", 3600, lambda stopping: outbox_prune()),
    ]


class Command(BaseCommand):
    help = (
        "Run the background worker: delivers the outbox (e-mails, letters, webhooks) every "
        "second and runs the daily sweep once a day. Stops cleanly on SIGTERM or Ctrl+C, "
        "after the message it is sending."
    )
    # The web server runs the system checks; skipping them here (and so the import of every
    # page's code, PDF rendering included) lets a restarted worker resume within a second.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run each step once and stop")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between turns (default 1)"
        )

    def handle(self, *args, once: bool, interval: float, **options):
        stopping = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_: stopping.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        periodic = steps()
        self._say(f"Worker started: {', '.join(step.name for step in periodic)}")
        try:
            while not stopping.is_set():
                self._turn(periodic, stopping)
                if once:
                    break
                stopping.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            connection.close()
        self._say("Worker stopped")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _turn(self, periodic: list[Periodic], stopping: threading.Event) -> None:
        for step in periodic:
            now = time.monotonic()
            if stopping.is_set() or not step.due(now):
                continue
            step.last_run = now
            close_old_connections()
            try:
                step.run(stopping)
            except Exception as error:
                # The loop must outlive a database restart or a bad message; the step is
                # tried again next turn. Logged by type: an error's text can quote data.
                log.error("Worker step %s failed: %s", step.name, type(error).__name__)
                connection.close()
