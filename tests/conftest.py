"""Named personas, as healthchecks' tests have alice, bob and charlie."""

import pytest

from caution.accounts.models import Organisation
from caution.accounts.roles import Role
from tests.factories import make_user


@pytest.fixture
def reporter(db):
    return make_user(Role.REPORTER, first_name="Rita")


@pytest.fixture
def register_officer(db):
    return make_user(Role.REGISTER_OFFICER, first_name="Owen")


@pytest.fixture
def dpo(db):
    return make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana")


@pytest.fixture
def councillor(db):
    return make_user(Role.COUNCILLOR, first_name="Cllr")


@pytest.fixture
def administrator(db):
    return make_user(Role.ADMINISTRATOR, first_name="Ada")


@pytest.fixture
def housing_partner(db):
    return Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def partner_user(housing_partner):
    return make_user(Role.PARTNER, organisation=housing_partner, first_name="Pat")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing strength is Django's concern, not these tests': keep them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
