"""A manager walks the committee report: picks a quarter, reads the tables and charts,
downloads a table and the PDF; axe finds nothing, on a desktop and on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from caution.lib import clock
from caution.reporting.figures import quarter_of
from e2e.conftest import TIMEOUT_MS
from e2e.steps import assert_accessible, sign_in_as

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop-1280", "phone-390"])
def sized_page(request, browser, warm_live_server):
    context = browser.new_context(base_url=warm_live_server.url, viewport=request.param)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def quarter_before_last(transactional_db):
    """A quarter with cautions added in it: six at the most serious level, two and three at
    the others (two small counts: neither can be worked out from the total)."""
    last = quarter_of(quarter_of(clock.today()).start - dt.timedelta(days=1))
    before = quarter_of(last.start - dt.timedelta(days=1))
    for i, level in enumerate(["1"] * 6 + ["2"] * 2 + ["3"] * 3):
        make_caution(make_person("Alex", f"Example{i}"), level=level, date_added=before.start)
    return before


def test_a_manager_walks_the_committee_report(sized_page, quarter_before_last):
    page = sized_page
    sign_in_as(page, make_user(Role.MANAGER))

    page.goto("/reports/committee/")
    page.get_by_label("Quarter", exact=True).select_option(label=quarter_before_last.label)
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"{quarter_before_last.start:%-d %B %Y} to {quarter_before_last.end:%-d %B %Y}"
    )
    by_level = page.get_by_role("table", name="By level")
    # On the register at the end, added, ended.
    expect(by_level.get_by_role("row", name="Violent 6 6 0", exact=True)).to_be_visible()
    abusive = "Abusive fewer than 5 fewer than 5 0"
    expect(by_level.get_by_role("row", name=abusive, exact=True)).to_be_visible()
    expect(by_level.get_by_role("row", name="All 11 11 0", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Cautions added, by quarter")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as csv_file:
        page.get_by_role("link", name="Download “By level” as CSV").click()
    assert csv_file.value.suggested_filename.endswith("-by_level.csv")
    with page.expect_download() as pdf_file:
        page.get_by_role("link", name="Download the report as a PDF").click()
    assert pdf_file.value.suggested_filename.endswith(".pdf")
