"""A real OpenID Connect provider on loopback (tests/oidc_provider.py), and the browser's
trip through it, for the single sign-on tests."""

import urllib.parse

import requests
from django.urls import reverse

from tests.oidc_provider import (  # noqa: F401 (fixtures)
    OFFICERS_GROUP,
    REPORTERS_GROUP,
    provider_fixture,
    provider_keys_fixture,
)


def sso_sign_in(client, next_page: str | None = None):
    """The browser's trip: to the provider, back with a code, and the service's answer."""
    start = reverse("sso_start") + (f"?next={next_page}" if next_page else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302, to_provider
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urllib.parse.urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
