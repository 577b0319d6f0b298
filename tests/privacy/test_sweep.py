"""`caution sweep`: runs every step for a day, records it, catches up after downtime and
changes nothing more when run twice."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.privacy.models import SweepRun
from caution.register.models import Caution
from caution.sweep import STEPS, SWEEP_LOCK, sweep_if_due, sweep_run

pytestmark = pytest.mark.django_db


def sweep(as_of: dt.date | None = None) -> str:
    out = io.StringIO()
    call_command("sweep", *([f"--as-of={as_of}"] if as_of else []), stdout=out)
    return out.getvalue()


def test_the_first_sweep_runs_for_today_and_records_it():
    output = sweep()

    [run] = SweepRun.objects.all()
    assert run.day == clock.today()
    assert set(run.counts) == {name for name, _ in STEPS}
    assert f"Swept {clock.today():%Y-%m-%d}" in output


def test_after_10_days_of_downtime_every_missed_day_is_swept_in_order():
    sweep()
    back = clock.today() + dt.timedelta(days=11)

    output = sweep(back)

    days = list(SweepRun.objects.order_by("day").values_list("day", flat=True))
    assert days == [clock.today() + dt.timedelta(days=n) for n in range(12)]
    assert output.count("Swept") == 11


def test_a_missed_day_is_swept_under_that_days_clock(caution):
    """The caution expires on the day it should, even when that day is swept late."""
    sweep(caution.expires_on - dt.timedelta(days=3))

    sweep(caution.expires_on + dt.timedelta(days=3))

    caution.refresh_from_db()
    assert caution.status == Caution.Status.EXPIRED
    assert caution.ended_on == caution.expires_on
    event = AuditEvent.objects.get(target_id=str(caution.id), summary="A caution expired")
    assert event.at.date() == caution.expires_on


def test_sweeping_the_same_day_twice_changes_nothing_more(caution):
    sweep(caution.expires_on)
    events = AuditEvent.objects.count()
    cautions = list(Caution.objects.values())

    sweep(caution.expires_on)

    assert AuditEvent.objects.count() == events
    assert list(Caution.objects.values()) == cautions
    assert SweepRun.objects.get(day=caution.expires_on).runs == 2


def test_a_sweep_run_reports_what_each_step_did(caution):
    report = sweep_run(as_of=caution.expires_on)

    assert report.counts["expiry"] == 1
    assert report.counts["retention"] == 0


def test_a_date_that_is_not_a_date_is_refused():
    with pytest.raises(CommandError, match="not a date"):
        sweep("23/11/2026")


def explode(*, as_of: dt.date) -> int:
    raise RuntimeError("the mail server is down")


def test_a_day_whose_sweep_failed_is_swept_again_next_time(monkeypatch):
    sweep()
    tomorrow = clock.today() + dt.timedelta(days=1)
    monkeypatch.setattr("caution.sweep.STEPS", (*STEPS, ("boom", explode)))
    with pytest.raises(RuntimeError):
        sweep(tomorrow)
    assert not SweepRun.objects.filter(day=tomorrow).exists()

    monkeypatch.undo()
    sweep(tomorrow)

    assert SweepRun.objects.filter(day=tomorrow).exists()


def test_the_worker_sweeps_once_a_day_however_often_it_asks():
    assert len(sweep_if_due()) == 1
    assert sweep_if_due() == []

    with clock.frozen_at(clock.now() + dt.timedelta(days=2)):
        assert [report.day for report in sweep_if_due()] == [
            clock.today() - dt.timedelta(days=1),
            clock.today(),
        ]


@pytest.mark.django_db(transaction=True)
def test_a_worker_leaves_the_sweep_to_another_worker_already_sweeping():
    """Several machines: two workers never run the day's steps at once."""
    if connection.vendor != "postgresql":
        pytest.skip("The workers of several machines share PostgreSQL; SQLite is one machine's")
    other_worker = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other_worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [SWEEP_LOCK])

        assert sweep_if_due() == []
        assert not SweepRun.objects.exists()
    finally:
        other_worker.close()

    assert len(sweep_if_due()) == 1
