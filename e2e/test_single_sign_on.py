"""Single sign-on in the browser, against the test OpenID Connect provider on loopback."""

import pytest
from playwright.sync_api import expect
from tests.oidc_provider import (  # noqa: F401 (fixtures)
    OFFICERS_GROUP,
    TENANT,
    provider_fixture,
    provider_keys_fixture,
)

from e2e.steps import assert_accessible

pytestmark = pytest.mark.e2e


def test_an_officer_signs_in_with_their_council_account_and_no_second_factor(
    page, provider, transactional_db
):
    provider.user = {"sub": "officer-1", "tid": TENANT, "groups": [OFFICERS_GROUP]}
    page.goto("/check/")
    assert_accessible(page)

    page.get_by_role("button", name="Sign in with your council account").click()

    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page).to_have_url("/check/")


def test_a_newcomer_without_a_role_is_told_to_wait(page, provider, transactional_db):
    provider.user = {"sub": "new-starter", "tid": TENANT, "groups": []}
    page.goto("/sign-in/")

    page.get_by_role("button", name="Sign in with your council account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your account is waiting for an administrator"
    )
    assert_accessible(page)
