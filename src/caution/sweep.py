"""The daily sweep: reviews falling due, overdue letters, expiry and deletion, run once a
day by `caution worker` and on demand by `caution sweep [--as-of DATE]`. It calls into
every app, so it lives above them all, at project level (docs/architecture.md).

Every step is idempotent (a second run for the same day changes nothing more), and the
sweep records each day it ran, so that after downtime it catches up on every missed day,
in order, one day at a time, each under the clock of that day.
"""

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from caution.letters.actions import letters_escalate_overdue
from caution.lib import clock
from caution.privacy.models import SweepRun
from caution.privacy.retention import retention_purge
from caution.register.announcing import bulletin_send, markers_chase
from caution.register.cautions_expiry import cautions_expire
from caution.register.reviews import reviews_sweep
from caution.register.sharing import agreements_lapse
from caution.reporting.digest import checks_digest_send

# The steps, in order: reviews are marked before cautions expire, and deletion comes last
# so that nothing ended today is deleted before its retention period. The digest of unusual
# checks runs on Mondays only (reporting/digest.py).
STEPS: tuple[tuple[str, Callable[..., int]], ...] = (
    ("reviews", reviews_sweep),
    ("letters", letters_escalate_overdue),
    ("bulletin", bulletin_send),
    ("expiry", cautions_expire),
    ("sharing", agreements_lapse),
    ("markers", markers_chase),
    ("retention", retention_purge),
    ("checks digest", checks_digest_send),
)
# When a past day is swept, the clock reads this time of that day.
SWEEP_TIME = dt.time(6, 0)
# The PostgreSQL advisory lock a worker holds while it sweeps: any number, the same in all.
SWEEP_LOCK = 0x43415554494F4E  # "CAUTION"


@dataclasses.dataclass
class SweepReport:
    """What one day's sweep did: how many of each thing, by step."""

    day: dt.date
    counts: dict[str, int]

    def __str__(self) -> str:
        done = ", ".join(f"{step} {count}" for step, count in self.counts.items())
        return f"{self.day:%Y-%m-%d}: {done}"


def sweep_run(*, as_of: dt.date) -> SweepReport:
    """Run every step for one day and record that the day was swept."""
    counts = {name: int(step(as_of=as_of) or 0) for name, step in STEPS}
    with transaction.atomic():
        run, _ = SweepRun.objects.select_for_update().get_or_create(day=as_of)
        run.runs += 1
        run.finished_at = clock.now()
        run.counts = counts
        run.save(update_fields=["runs", "finished_at", "counts"])
    return SweepReport(as_of, counts)


def _moment(day: dt.date) -> dt.datetime:
    """The clock for sweeping `day`: now if it is today, otherwise early that morning."""
    if day == clock.today():
        return clock.now()
    return dt.datetime.combine(day, SWEEP_TIME, tzinfo=ZoneInfo(settings.TIME_ZONE))


def days_to_sweep(until: dt.date) -> list[dt.date]:
    """Every day after the last one swept, up to `until`; `until` alone the first time, or
    when it was swept already (a run for recovery)."""
    last = SweepRun.objects.filter(day__lt=until).order_by("-day").first()
    first = last.day + dt.timedelta(days=1) if last else until
    return [first + dt.timedelta(days=n) for n in range((until - first).days + 1)]


def sweep_catch_up(*, until: dt.date | None = None) -> list[SweepReport]:
    """Sweep every missed day up to `until` (today by default), oldest first."""
    until = until or timezone.localdate(clock.now())
    reports = []
    for day in days_to_sweep(until):
        with clock.frozen_at(_moment(day)):
            reports.append(sweep_run(as_of=day))
    return reports


def sweep_if_due() -> list[SweepReport]:
    """For the worker's loop: catch up to today unless today has been swept already, or
    another worker is sweeping now (several machines: docs/operators/deployment.md)."""
    if _swept_today():
        return []
    with _sweeping_alone() as alone:
        # Checked again once alone: the worker that held the lock may have just finished.
        if not alone or _swept_today():
            return []
        return sweep_catch_up()


def _swept_today() -> bool:
    return SweepRun.objects.filter(day=timezone.localdate(clock.now())).exists()


@contextlib.contextmanager
def _sweeping_alone() -> Iterator[bool]:
    """True while this worker alone sweeps. On PostgreSQL a session advisory lock, let go
    when the sweep ends or the worker's connection does (a worker killed mid-sweep); other
    workers skip the sweep meanwhile rather than wait. SQLite is one machine's database,
    and its write lock already lets one sweep's transaction through at a time."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SWEEP_LOCK])
        alone = cursor.fetchone()[0]
    try:
        yield alone
    finally:
        if alone:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK])
