"""axe-core finds no accessibility problems on the pages people use (DESIGN.md §5: WCAG 2.2
AA). axe runs with its default rules: every WCAG A and AA rule it has, and its best
practices."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import cautioned, make_user

from caution.accounts.roles import Role
from e2e.steps import assert_accessible, check, sign_in, sign_in_as

pytestmark = pytest.mark.e2e


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER)


@pytest.fixture
def robert_smith(transactional_db):
    return cautioned("Robert", "Smith", aliases=("Bob Smith",))


def test_the_sign_in_page_is_accessible(page):
    page.goto("/sign-in/")

    assert_accessible(page)


def test_the_accessibility_statement_is_accessible_and_linked_from_the_footer(page):
    page.goto("/sign-in/")

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Caution Register"
    )
    expect(page.get_by_role("table", name="Pages tested")).to_be_visible()
    assert_accessible(page)


def test_the_sign_in_page_with_a_wrong_password_is_accessible(page, reporter):
    sign_in(page, reporter.username, "not the password")

    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


def test_the_check_page_is_accessible(page, reporter):
    sign_in_as(page, reporter)

    page.goto("/check/")

    assert_accessible(page)


def test_the_check_page_with_errors_is_accessible(page, reporter):
    sign_in_as(page, reporter)

    check(page, postcode="LE16 ZZZ", phone="call me", email="not an address")

    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


def test_the_results_page_is_accessible(page, reporter, robert_smith):
    sign_in_as(page, reporter)

    check(page, name="Bob Smyth")

    expect(page.get_by_role("heading", level=2, name="Robert Smith")).to_be_visible()
    assert_accessible(page)


def test_the_no_caution_found_page_is_accessible(page, reporter, robert_smith):
    sign_in_as(page, reporter)

    check(page, name="Zebedee Quinn", postcode="LE16 7AG")

    expect(page.get_by_role("heading", name="No caution found")).to_be_visible()
    assert_accessible(page)


def test_the_audit_page_is_accessible_to_the_data_protection_officer(page, robert_smith):
    sign_in_as(page, make_user(Role.DATA_PROTECTION_OFFICER))
    check(page, name="Bob Smyth")

    page.goto("/audit/")

    expect(page.get_by_role("row").filter(has_text="Checked the register")).to_contain_text(
        "Robert Smith"
    )
    assert_accessible(page)


def test_the_policy_profile_page_is_accessible_to_the_administrator(page):
    sign_in_as(page, make_user(Role.ADMINISTRATOR))

    page.goto("/policy/")

    expect(page.get_by_role("table", name="Levels, most severe first")).to_be_visible()
    assert_accessible(page)


def test_the_users_page_is_accessible_to_the_administrator(page):
    administrator = make_user(Role.ADMINISTRATOR)
    sign_in_as(page, administrator)

    page.goto("/users/")

    expect(page.get_by_role("cell", name=administrator.username)).to_be_visible()
    assert_accessible(page)


def test_the_add_a_user_form_with_errors_is_accessible(page):
    sign_in_as(page, make_user(Role.ADMINISTRATOR))
    page.goto("/users/add/")

    page.locator("main form").get_by_role("button").click()

    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


def test_the_page_not_found_is_the_services_own_and_accessible(page, reporter):
    sign_in_as(page, reporter)

    response = page.goto("/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()
    assert_accessible(page)


def test_a_refused_page_is_the_services_own_and_accessible(page, reporter):
    sign_in_as(page, reporter)
    page.goto("/reports/")

    response = page.goto("/dashboard/", referer=page.url)

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))


def test_the_export_page_is_accessible_to_the_register_officer(page):
    sign_in_as(page, make_user(Role.REGISTER_OFFICER))

    page.goto("/register/export/")

    expect(page.get_by_role("button", name="Download the register (CSV)")).to_be_visible()
    assert_accessible(page)


def test_a_date_with_a_wrong_part_is_accessible(page, reporter):
    sign_in_as(page, reporter)
    page.goto("/reports/new/")
    page.get_by_label("Incident", exact=True).check()
    page.get_by_role("button", name="Start the report").click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save and continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(["The date it happened must be a real date"])
    expect(page.locator(".govuk-input--error")).to_have_count(1)
    expect(page.get_by_label("Day")).to_have_class(re.compile("govuk-input--error"))
    assert_accessible(page)
