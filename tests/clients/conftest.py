"""A client system (a housing repairs scheduler) and the tokens its administrator gives it."""

import datetime as dt

import pytest

from caution.accounts.clients import client_register, client_token_issue
from caution.people.actions import AddressInput
from tests.factories import cautioned

EVERY_FIELD = ["contact", "level", "match", "precautions", "restrictions"]


@pytest.fixture
def scheduler(administrator):
    return client_register(
        name="Repairs scheduler",
        owner="Housing repairs team",
        purpose="Warn operatives before repairs visits",
        by=administrator,
    )


@pytest.fixture
def issue(scheduler, administrator):
    """A token for the scheduler: both operations and every field unless told otherwise."""

    def issue(**scope):
        scope.setdefault("operations", ["alert", "visit_list"])
        scope.setdefault("fields", EVERY_FIELD)
        scope.setdefault("valid_days", 90)
        return client_token_issue(scheduler, **scope, by=administrator)

    return issue


@pytest.fixture
def robert(db):
    """Robert Smith, with a level 1 caution, living at 12 High Street (UPRN 200003741234)."""
    home = AddressInput("12 High Street", "", "Market Harborough", "LE16 7AG", "200003741234")
    return cautioned(
        "Robert",
        "Smith",
        born=dt.date(1975, 3, 14),
        address=home,
        phones=("07700 900123",),
        emails=("bob@example.com",),
    )
