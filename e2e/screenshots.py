"""Screenshots for the README and the user guide, taken from a server that is already
running; this script starts nothing itself. The demo's people are the ones the user guide
talks about, so take them from the demo:

    CAUTION_DATA_DIR=/tmp/caution-demo uv run caution demo --port 8000
    uv run python e2e/screenshots.py http://127.0.0.1:8000 --username reporter

The demo prints each user's password; the script asks for it (or reads the environment
variable CAUTION_SCREENSHOT_PASSWORD). It writes sign-in.png, check-form.png,
check-results.png and report-details.png (a new report's details, filled in but not
saved) to docs/images/: 1200 pixels wide, full page; and check-results-phone.png, the
first screen of the same results on a phone (390 by 844 CSS pixels, at twice the pixel
density), where the first caution's level and precautions must show. With --officer it
also signs in as that user (password: CAUTION_SCREENSHOT_OFFICER_PASSWORD, or asked for)
and writes dashboard.png. Starting the report leaves a draft in the demo. Look at the
images before committing them.
"""

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from browser import CHROMIUM_MISSING, VIEWPORT, chromium_available, chromium_launch
from playwright.sync_api import expect, sync_playwright

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
# A common phone's screen, in CSS pixels (the check's first screen must work on it).
PHONE = {"width": 390, "height": 844}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the running server, like http://127.0.0.1:8000")
    parser.add_argument("--username", default="reporter")
    # The user guide's example (docs/user/check.md, "Try it on the demo").
    parser.add_argument("--name", default="Bob Smyth", help="the name to check for the results")
    parser.add_argument("--postcode", default="", help="and a postcode, if wanted")
    parser.add_argument("--officer", help="a user who sees the dashboard, like register-officer")
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the PNGs")
    args = parser.parse_args()
    if not chromium_available():
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 1
    password = os.environ.get("CAUTION_SCREENSHOT_PASSWORD") or getpass.getpass(
        f"Password for {args.username}: "
    )
    officer_password = args.officer and (
        os.environ.get("CAUTION_SCREENSHOT_OFFICER_PASSWORD")
        or getpass.getpass(f"Password for {args.officer}: ")
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = chromium_launch(playwright)
        page = browser.new_page(base_url=args.url.rstrip("/"), viewport=VIEWPORT)

        page.goto("/sign-in/")
        shoot(page, args.out / "sign-in.png")

        sign_in(page, args.username, password)
        expect(page.get_by_role("heading", name="Check before contact")).to_be_visible()
        shoot(page, args.out / "check-form.png")

        check(page, args.name, args.postcode)
        shoot(page, args.out / "check-results.png")

        phone = browser.new_page(
            base_url=args.url.rstrip("/"), viewport=PHONE, device_scale_factor=2
        )
        phone.goto("/sign-in/")
        sign_in(phone, args.username, password)
        expect(phone.get_by_role("heading", name="Check before contact")).to_be_visible()
        check(phone, args.name, args.postcode)
        shoot(phone, args.out / "check-results-phone.png", full_page=False)
        phone.get_by_role("button", name="Sign out").click()
        phone.close()

        page.goto("/reports/new/")
        page.get_by_label("Incident", exact=True).check()
        page.get_by_role("button", name="Start the report").click()
        fill_in_an_example(page)
        shoot(page, args.out / "report-details.png")
        page.get_by_role("button", name="Sign out").click()

        if args.officer:
            sign_in(page, args.officer, officer_password)
            page.goto("/dashboard/")
            expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
            shoot(page, args.out / "dashboard.png")
            page.get_by_role("button", name="Sign out").click()
        browser.close()
    return 0


def sign_in(page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def check(page, name: str, postcode: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    if postcode:
        page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_role("heading", name="Check results")).to_be_visible()


def fill_in_an_example(page) -> None:
    """An example incident's details, as a reporter would write them; not saved."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    date = page.get_by_role("group", name="Date", exact=True)
    date.get_by_label("Day", exact=True).fill(str(yesterday.day))
    date.get_by_label("Month", exact=True).fill(str(yesterday.month))
    date.get_by_label("Year", exact=True).fill(str(yesterday.year))
    page.get_by_label("Time").fill("14:30")
    page.get_by_label("Where it happened").fill("Council offices, front desk")
    page.get_by_label("How the contact happened").select_option(label="Face to face")
    page.get_by_label("Service area").fill("Housing")
    page.get_by_label("Kind of behaviour").select_option(index=1)
    page.get_by_label("What happened").fill(
        "He shouted that he would 'sort me out' and threw a chair at the screen. "
        "He left when I said I would call security."
    )


def shoot(page, path: Path, *, full_page: bool = True) -> None:
    # No focus ring or caret left from typing, and nothing still loading.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=path, full_page=full_page, caret="hide")
    print(f"Wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
