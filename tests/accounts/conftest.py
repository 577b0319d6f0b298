"""A real OpenID Connect provider on loopback (tests/oidc_provider.py), and the browser's
trip through it, for the single sign-on tests."""

import urllib.parse

import pytest
import requests
from django.urls import reverse

from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, rsa_key

OFFICERS_GROUP = "4a1f0c52-0d7e-4d5e-9f3c-officers"
REPORTERS_GROUP = "77b2e0a1-5c3d-4f1e-8a9b-reporters"


@pytest.fixture(scope="session")
def provider_keys():
    """The provider's signing key, made for this test run, and a key it never published."""
    return rsa_key(), rsa_key()


@pytest.fixture
def provider(provider_keys, settings):
    with Provider(*provider_keys) as running:
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_GROUP_ROLES = [
            f"{OFFICERS_GROUP}=register_officer",
            f"{REPORTERS_GROUP}=reporter",
        ]
        yield running


def sso_sign_in(client, next_page: str | None = None):
    """The browser's trip: to the provider, back with a code, and the service's answer."""
    start = reverse("sso_start") + (f"?next={next_page}" if next_page else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302, to_provider
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urllib.parse.urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
