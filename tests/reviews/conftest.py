"""Cautions due for review, under each council's profile, and the people who review them."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register.models import Caution
from tests.factories import make_caution, make_user
from tests.journeys import conftest as journeys

# The journeys' fixtures, shared: customer, monday_morning.
customer = journeys.customer
monday_morning = journeys.monday_morning


@pytest.fixture
def governance_group(db):
    """A member of Cheltenham's Governance Group (panel member role)."""
    return make_user(Role.PANEL_MEMBER, first_name="Gwen")


@pytest.fixture
def reviewing_manager(db):
    return make_user(Role.MANAGER, first_name="Rhys")


def on_register(
    person,
    *,
    level: str,
    category: str = "",
    added: dt.date | None = None,
    expires_on: dt.date | None = None,
    partner_sourced: bool = False,
) -> Caution:
    """A caution added on `added` (today unless said), as a decision would have left it."""
    added = added or clock.today()
    caution = make_caution(person, level=level, date_added=added)
    Caution.objects.filter(id=caution.id).update(
        category=category, expires_on=expires_on, partner_sourced=partner_sourced
    )
    caution.refresh_from_db()
    return caution


def months_ago(months: int) -> dt.date:
    return clock.today() - relativedelta(months=months)
