"""Whole lives of cautions, from the report to deletion, told day by day: the daily sweep
runs as `caution sweep --as-of DATE`, and each step is taken under the clock of its day."""

import contextlib
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from caution.accounts.roles import Role
from caution.lib import clock
from tests.factories import make_user
from tests.privacy.conftest import (  # noqa: F401 (fixtures used by the tests here)
    customer,
    line_manager,
    monday_morning,
    other_manager,
    private_files,
)

LONDON = ZoneInfo("Europe/London")


@contextlib.contextmanager
def on(day: dt.date):
    """Ten in the morning on `day`."""
    with clock.frozen_at(dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)):
        yield


def sweep(day: dt.date) -> str:
    """The daily sweep, caught up to `day`, as the worker (or an operator) runs it."""
    out = io.StringIO()
    call_command("sweep", f"--as-of={day.isoformat()}", stdout=out)
    return out.getvalue()


@pytest.fixture
def panel(dpo):
    """Harborough's Review Panel (000 §8.3): a CMT chair, the DPO and two managers."""
    return {
        "chair": make_user(Role.DECISION_MAKER, first_name="Claire"),
        "dpo": dpo,
        "environment": make_user(Role.PANEL_MEMBER, first_name="Ellis"),
        "facilities": make_user(Role.PANEL_MEMBER, first_name="Faye"),
    }
