"""Personas for the API tests, and a JSON client that speaks as they do."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from tests.factories import make_person, make_user


def send(client, method: str, url: str, data: dict | None = None):
    """A JSON request, as a program using the API sends it."""
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def person(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def manager(db):
    return make_user(Role.MANAGER, first_name="Mo")


@pytest.fixture
def second_manager(db):
    return make_user(Role.MANAGER, first_name="Max")


@pytest.fixture
def panel(db):
    """Harborough's Review Panel: the chair (CMT), the DPO and two more members."""
    return {
        "chair": make_user(Role.DECISION_MAKER, first_name="Chair"),
        "dpo": make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana"),
        "member": make_user(Role.PANEL_MEMBER, first_name="Pam"),
        "another": make_user(Role.PANEL_MEMBER, first_name="Pete"),
    }
