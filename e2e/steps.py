"""What a user does in the browser, in the words the tests read best with."""

import datetime as dt

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect
from tests.factories import PASSWORD, make_totp_device, totp_code

from caution.accounts.second_factor import authenticator_of, second_factor_required
from e2e import axe_record


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in page."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in_as(page: Page, user) -> None:
    """Sign in through the real pages: the password and, where the user's role needs a
    second factor, the code of their authenticator app (set up for them if they have none,
    as if they had done it at an earlier sign-in)."""
    device = None
    if second_factor_required(user):
        device = authenticator_of(user) or make_totp_device(user)
    sign_in(page, user.username)
    if device is not None:
        give_code(page, totp_code(device))
    expect(page.get_by_text("Signed in as")).to_be_visible()


def give_code(page: Page, code: str) -> None:
    """Enter a code on the page asking for the second factor."""
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()


def sign_out(page: Page) -> None:
    """Sign out from the header (a page asking for the second factor has its own button)."""
    page.get_by_role("region", name="Your account").get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Username")).to_be_visible()


def check(page: Page, **fields: str) -> None:
    """Run the check with the given fields (name, postcode, ...) filled in."""
    if not page.url.endswith("/check/"):
        page.goto("/check/")
    for field, value in fields.items():
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Check", exact=True).click()


def axe_violations(page: Page) -> str:
    """axe-core's report of the page's accessibility violations; empty when there are none.
    After a link is followed the page may still be between documents (axe then finds no
    document element): it waits for the new one to load and asks once more."""
    page.wait_for_load_state("load")
    try:
        results = Axe().run(page)
    except PlaywrightError as error:
        if "documentElement" not in str(error):
            raise
        page.wait_for_load_state("load")
        results = Axe().run(page)
    if axe_record.recording():
        axe_record.record.add(page, results.response)
    return results.generate_report() if results.violations_count else ""


def assert_accessible(page: Page) -> None:
    """axe-core finds nothing on the page as it is now."""
    report = axe_violations(page)
    assert not report, f"{page.url}\n{report}"


def go_to(page: Page, item: str) -> None:
    """Follow an item of the service navigation, like "Reports" or "Dashboard"."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=item).click()


def fill_date(within: Page | Locator, question: str, date: dt.date) -> None:
    """Fill in the GOV.UK date input whose legend is the question."""
    group = within.get_by_role("group", name=question, exact=True)
    group.get_by_label("Day", exact=True).fill(str(date.day))
    group.get_by_label("Month", exact=True).fill(str(date.month))
    group.get_by_label("Year", exact=True).fill(str(date.year))
