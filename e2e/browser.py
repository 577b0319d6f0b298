"""Launching Debian's chromium through Playwright, shared by the tests and screenshots.py.

Playwright's own browser downloads are never used: the browser is the distribution's
package (`apt-get install chromium`), so it is patched with the rest of the machine.
"""

import os
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "Debian chromium not installed: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The width the screenshots and the default test pages use: a desktop layout.
VIEWPORT = {"width": 1200, "height": 900}


def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def chromium_launch(playwright):
    """A headless Debian chromium, driven by a running `sync_playwright()`."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
