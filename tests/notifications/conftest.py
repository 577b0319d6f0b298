"""Staff with e-mail addresses, a day to travel to, and the e-mails the outbox sends."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from caution.accounts.roles import Role
from caution.lib import clock
from caution.outbox.delivery import outbox_deliver
from tests.factories import make_user

# A Tuesday: the bulletin for it goes out on Wednesday.
TUESDAY = dt.datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))
WEDNESDAY = dt.date(2026, 3, 4)


def staff(role: Role, first_name: str, **extra):
    """A user with an e-mail address, so that every channel can be seen."""
    user = make_user(role, first_name=first_name, **extra)
    user.email = f"{user.username}@council.example"
    user.save(update_fields=["email"])
    return user


def emails_to(user) -> list:
    """The e-mails the outbox has delivered to this user (Django's test mailbox)."""
    outbox_deliver()
    return [message for message in mail.outbox if user.email in message.to]


@pytest.fixture
def on_tuesday():
    with clock.frozen_at(TUESDAY):
        yield


@pytest.fixture
def officer(db):
    return staff(Role.REGISTER_OFFICER, "Owen")


@pytest.fixture
def second_officer(db):
    return staff(Role.REGISTER_OFFICER, "Olive")


@pytest.fixture
def colleague(db):
    return staff(Role.REPORTER, "Cara")
