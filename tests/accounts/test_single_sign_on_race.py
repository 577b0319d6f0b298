"""Two first sign-ins of the same person at once (two browser tabs, a double click): the
second finds the account the first made, rather than failing with a server error."""

import pytest

from caution.accounts import oidc
from caution.accounts.models import SignInIdentity, User

pytestmark = pytest.mark.django_db

CLAIMS = {
    "iss": "https://login.example.org/tenant-1/v2.0",
    "tid": "tenant-1",
    "sub": "subject-1",
    "preferred_username": "sam.jones@example.org",
    "given_name": "Sam",
    "family_name": "Jones",
}


def test_a_second_first_sign_in_at_the_same_moment_signs_in_to_the_account_made(monkeypatch):
    first = oidc.sso_user_provision(tenant="tenant-1", subject="subject-1", claims=CLAIMS)
    # The second sign-in looked for the account before the first one committed it.
    monkeypatch.setattr(SignInIdentity.objects, "select_for_update", SignInIdentity.objects.none)

    second = oidc.sso_sign_in(tenant="tenant-1", subject="subject-1", claims=CLAIMS)

    assert second == first
    assert User.objects.count() == 1
    assert SignInIdentity.objects.filter(tenant="tenant-1", subject="subject-1").count() == 1
