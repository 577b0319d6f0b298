"""What a user does in the browser, in the words the tests read best with."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from tests.factories import PASSWORD


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in page."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in_as(page: Page, user) -> None:
    sign_in(page, user.username)
    expect(page.get_by_text("Signed in as")).to_be_visible()


def check(page: Page, **fields: str) -> None:
    """Run the check with the given fields (name, postcode, ...) filled in."""
    if not page.url.endswith("/check/"):
        page.goto("/check/")
    for field, value in fields.items():
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Check", exact=True).click()


def axe_violations(page: Page) -> str:
    """axe-core's report of the page's accessibility violations; empty when there are none."""
    results = Axe().run(page)
    return results.generate_report() if results.violations_count else ""
