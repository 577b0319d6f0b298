"""Sign-in, lock-out and the security every page carries."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_signing_in_opens_the_check(client, reporter):
    response = sign_in(client, reporter.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == reverse(
        "register:check"
    )


def test_a_wrong_password_shows_the_error_summary(client, reporter):
    page = sign_in(client, reporter.username, "wrong password").content.decode()
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page


def test_five_wrong_passwords_lock_the_account(client, reporter):
    for _ in range(5):
        sign_in(client, reporter.username, "wrong password")
    response = sign_in(client, reporter.username, PASSWORD)
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_after_it_has_been_idle(client, reporter):
    sign_in(client, reporter.username, PASSWORD)
    Session.objects.update(expire_date=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    response = client.get(reverse("register:check"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signing_out_ends_the_session(client, reporter):
    client.force_login(reporter)
    client.post(reverse("logout"))
    assert client.get(reverse("register:check")).status_code == 302


def test_every_page_carries_a_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def production_settings(*names: str, **env: str) -> list[str]:
    """Settings as a fresh process with this environment sees them (they are read at start)."""
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(settings.{name})" for name in names
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "caution.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_behind_https_cookies_are_secure_and_hsts_is_on(tmp_path):
    session, csrf, hsts = production_settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        CAUTION_HTTPS="true",
        CAUTION_DATA_DIR=str(tmp_path),
    )
    assert (session, csrf) == ("True", "True")
    assert int(hsts) >= 31_536_000


def test_a_secret_key_is_generated_once_per_installation_unless_given(tmp_path):
    first, again = (production_settings("SECRET_KEY", CAUTION_DATA_DIR=str(tmp_path)) for _ in "ab")
    other = production_settings("SECRET_KEY", CAUTION_DATA_DIR=str(tmp_path / "other"))
    given = production_settings("SECRET_KEY", SECRET_KEY="from-the-environment")
    assert first == again != other
    assert given == ["from-the-environment"]
