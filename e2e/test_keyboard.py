"""The service can be used by keyboard alone (DESIGN.md §5, WCAG 2.1.1 and 2.4.1)."""

import pytest
from playwright.sync_api import expect
from tests.factories import cautioned, make_user

from caution.accounts.roles import Role
from e2e.steps import sign_in_as

pytestmark = pytest.mark.e2e


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER)


def test_the_skip_link_is_reached_first_and_moves_focus_to_the_main_content(page, reporter):
    sign_in_as(page, reporter)
    page.goto("/check/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()


def test_a_keyboard_user_can_run_a_check(page, reporter):
    cautioned("Robert", "Smith")
    sign_in_as(page, reporter)
    page.goto("/check/")
    name = page.get_by_label("Name", exact=True)

    for _ in range(20):
        page.keyboard.press("Tab")
        if name.evaluate("field => field === document.activeElement"):
            break
    expect(name).to_be_focused()
    page.keyboard.type("Bob Smyth")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=2, name="Robert Smith")).to_be_visible()
