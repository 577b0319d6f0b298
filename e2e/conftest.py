"""Browser tests: Debian's chromium, driven by Playwright, uses the real pages served by
pytest-django's live server. Data is made with the same factories as the other tests.

Run them with `uv run pytest e2e`. Without /usr/bin/chromium they skip, unless
CAUTION_REQUIRE_BROWSER=1 (set by CI), when they fail instead.
"""

import os
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

from e2e import axe_record
from e2e.browser import CHROMIUM_MISSING, VIEWPORT, chromium_available, chromium_launch

# How long a page or an element may take to appear: long enough for a machine loaded by the
# suite running in parallel (or by anything else), short enough that a missing element
# fails the test in well under a minute. Tests wait for what they need, never a fixed time.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run; each test gets a fresh context."""
    if not chromium_available():
        if os.environ.get("CAUTION_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM_MISSING} (CAUTION_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API drives the browser from an asyncio event loop that it runs
        # in the test's own thread. Django refuses database queries from a thread with a
        # running event loop (SynchronousOnlyOperation), because in async code they would
        # block the loop. Here nothing else runs on that loop while a test makes data or
        # reads the database, so the queries are safe, and this tells Django so. It is set
        # only while the browser runs, so that the rest of the suite (and the commands its
        # tests start) keep Django's guard.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = chromium_launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def axe_results_written():
    """With CAUTION_WRITE_AXE_RESULTS=1, the axe checks of the run are written for the
    accessibility statement when it ends (e2e/axe_record.py)."""
    if axe_record.recording() and os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("CAUTION_WRITE_AXE_RESULTS=1 needs one process: add -n 0", pytrace=False)
    yield
    if axe_record.recording() and axe_record.record.checks:
        axe_record.record.write()


@pytest.fixture(scope="session")
def warm_live_server(live_server, django_db_blocker):
    """pytest-django's live server, one per worker for the whole run, warmed up: asked for
    its sign-in page until it answers, so that no test pays for the server's first page."""
    url, deadline = f"{live_server.url}/sign-in/", time.monotonic() + 120
    with django_db_blocker.unblock():
        while True:
            try:
                with urllib.request.urlopen(url, timeout=60) as page:  # noqa: S310 (http://)
                    page.read()
            except urllib.error.HTTPError:
                pass  # an answer all the same
            except OSError:
                if time.monotonic() < deadline:
                    time.sleep(0.5)
                    continue
                raise
            return live_server


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser, warm_live_server):
    """A new browser tab with its own cookies, pointed at the live server."""
    context = _context(browser, warm_live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser, warm_live_server):
    context = _context(browser, warm_live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing strength is Django's concern, not these tests': keep sign-in quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
