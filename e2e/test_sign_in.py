"""Signing in and out, and the lock after too many wrong passwords (django-axes)."""

import pytest
from playwright.sync_api import expect
from tests.factories import make_user

from caution.accounts.roles import Role
from e2e.steps import sign_in, sign_in_as

pytestmark = pytest.mark.e2e


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER)


def test_a_wrong_password_is_refused_with_an_error(page, reporter):
    sign_in(page, reporter.username, "not the password")

    expect(page).to_have_title("Error: Sign in – Caution Register – Harborough District Council")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )


def test_signing_out_ends_the_session(page, reporter):
    sign_in_as(page, reporter)

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Caution Register")
    page.goto("/check/")
    expect(page).to_have_url("/sign-in/?next=/check/")


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(page, reporter, settings):
    settings.AXES_ENABLED = True
    for attempt in range(1, 5):
        sign_in(page, reporter.username, f"wrong password {attempt}")
        expect(page.get_by_text("Enter a correct username and password")).to_be_visible()

    sign_in(page, reporter.username, "wrong password 5")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")

    sign_in(page, reporter.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
