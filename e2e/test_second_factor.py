"""The second factor in the browser: a register officer sets up an authenticator app at
their first sign-in, keeps their recovery codes, and gives a code at the next sign-in."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect
from tests.factories import make_totp_device, make_user, totp_code

from caution.accounts.roles import Role
from e2e.steps import assert_accessible, give_code, sign_in, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def officer(transactional_db):
    return make_user(Role.REGISTER_OFFICER)


def test_an_officer_sets_up_an_authenticator_app_at_their_first_sign_in(page, officer):
    sign_in(page, officer.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    assert_accessible(page)
    key = page.locator("#secret-key").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Your authenticator app is set up")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", codes.first.inner_text())
    assert_accessible(page)
    page.get_by_role("button", name="I have kept my recovery codes, continue").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_a_wrong_code_is_refused_with_an_error_summary(page, officer):
    device = make_totp_device(officer)
    sign_in(page, officer.username)

    give_code(page, "000000")

    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    sign_out(page)
