"""Signing in, for tests that are not about signing in."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from caution.accounts.second_factor import authenticator_of, second_factor_required
from tests.factories import make_totp_device


class SignedInClient(Client):
    """Django's test client, whose `force_login` signs a user in as the sign-in pages do in
    full: a user whose role needs a second factor has also given a code from their
    authenticator app (one is set up for them if they have none). Tests of the second factor
    itself sign in through the pages (tests/accounts/test_second_factor*.py)."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        if second_factor_required(user):
            device = authenticator_of(user) or make_totp_device(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
