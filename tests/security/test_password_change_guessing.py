"""Someone holding a signed-in session cannot guess the account's password on the
password-change form: wrong current passwords count as failed sign-ins, and at the fifth
the account is locked, as for sign-in, and the guessing session ends."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def change(client, current: str):
    new = "a brand new passphrase 42"
    return client.post(
        reverse("password_change"),
        {"old_password": current, "new_password1": new, "new_password2": new},
    )


def test_the_fifth_wrong_current_password_locks_the_account(client, reporter):
    client.force_login(reporter)
    for _ in range(4):
        assert "Your account is locked" not in change(client, "guess").content.decode()

    page = change(client, "guess")

    assert "Your account is locked" in page.content.decode()


def test_once_locked_even_the_right_password_does_not_change_it(client, reporter):
    client.force_login(reporter)
    for _ in range(5):
        change(client, "guess")
    client.force_login(reporter)

    page = change(client, PASSWORD)

    assert "Your account is locked" in page.content.decode()
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)


def test_the_guessing_session_is_ended(client, reporter):
    client.force_login(reporter)
    for _ in range(5):
        change(client, "guess")

    assert client.get(reverse("register:check")).status_code == 302


def test_guesses_on_the_form_and_at_sign_in_add_up(client, reporter):
    client.force_login(reporter)
    for _ in range(3):
        change(client, "guess")
    client.logout()
    for _ in range(2):
        client.post(reverse("login"), {"username": reporter.username, "password": "guess"})

    page = client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    assert "Your account is locked" in page.content.decode()
