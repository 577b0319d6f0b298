"""Screenshots for the README and the user guide, taken from a server that is already
running; this script starts nothing itself. The demo's people are the ones the user guide
talks about, so take them from the demo:

    CAUTION_DATA_DIR=/tmp/caution-demo uv run caution demo --port 8000
    uv run python e2e/screenshots.py http://127.0.0.1:8000 --username reporter

The demo prints each user's password; the script asks for it (or reads the environment
variable CAUTION_SCREENSHOT_PASSWORD). It writes sign-in.png, check-form.png and
check-results.png to docs/images/: 1200 pixels wide, full page. Look at them before
committing them.
"""

import argparse
import getpass
import os
import sys
from pathlib import Path

from browser import CHROMIUM_MISSING, VIEWPORT, chromium_available, chromium_launch
from playwright.sync_api import expect, sync_playwright

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the running server, like http://127.0.0.1:8000")
    parser.add_argument("--username", default="reporter")
    # The user guide's example (docs/user/check.md, "Try it on the demo").
    parser.add_argument("--name", default="Bob Smyth", help="the name to check for the results")
    parser.add_argument("--postcode", default="", help="and a postcode, if wanted")
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the PNGs")
    args = parser.parse_args()
    if not chromium_available():
        print(CHROMIUM_MISSING, file=sys.stderr)
        return 1
    password = os.environ.get("CAUTION_SCREENSHOT_PASSWORD") or getpass.getpass(
        f"Password for {args.username}: "
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = chromium_launch(playwright)
        page = browser.new_page(base_url=args.url.rstrip("/"), viewport=VIEWPORT)

        page.goto("/sign-in/")
        shoot(page, args.out / "sign-in.png")

        page.get_by_label("Username").fill(args.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Check before contact")).to_be_visible()
        shoot(page, args.out / "check-form.png")

        page.get_by_label("Name", exact=True).fill(args.name)
        if args.postcode:
            page.get_by_label("Postcode").fill(args.postcode)
        page.get_by_role("button", name="Check", exact=True).click()
        expect(page.get_by_role("heading", name="Check results")).to_be_visible()
        shoot(page, args.out / "check-results.png")

        page.get_by_role("button", name="Sign out").click()
        browser.close()
    return 0


def shoot(page, path: Path) -> None:
    # No focus ring or caret left from typing, and nothing still loading.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=path, full_page=True, caret="hide")
    print(f"Wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
