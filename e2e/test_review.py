"""Reviews in the browser (002 §4.7): the register officer calls the quarterly Governance
Group meeting, its agenda lists the cautions due, and a member records the review of one
with nothing new since: removal is the default (002 §4.2), and the check stops showing it."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from e2e.steps import assert_accessible, check, fill_date, go_to, sign_in_as, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def cheltenham(transactional_db, settings, tmp_path):
    """Seed 002: the Governance Group discusses and approves reviews and removals (§3.4)."""
    settings.CAUTION_PROFILE = "cheltenham"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


def test_a_review_meeting_removes_a_caution_with_nothing_new(page: Page, cheltenham):
    officer = make_user(Role.REGISTER_OFFICER, first_name="Owen", last_name="Officer")
    member = make_user(Role.PANEL_MEMBER, first_name="Gwen", last_name="Group")
    make_user(Role.PANEL_MEMBER, first_name="Gus", last_name="Group")
    reporter = make_user(Role.REPORTER, first_name="Rita", last_name="Reed")
    today = timezone.localdate()
    person = make_person("Gary", "Pratt", born=dt.date(1979, 6, 21))
    make_caution(person, level="ABUSE", date_added=today - relativedelta(months=6, days=3))
    waiting = make_person("Wendy", "Later", born=dt.date(1980, 1, 2))
    make_caution(waiting, level="ABUSE", date_added=today - relativedelta(months=1))

    # The register officer calls the quarterly meeting.
    sign_in_as(page, officer)
    go_to(page, "Reviews")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a review meeting").click()
    fill_date(page, "Date of the meeting", today + dt.timedelta(days=7))
    page.get_by_label("Where").fill("Municipal Offices, Committee Room 1")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_text("The review meeting has been scheduled")).to_be_visible()

    # Two of the Governance Group are present: quorate to approve reviews (002 §3.4).
    page.get_by_label("Gwen Group").check()
    page.get_by_label("Gus Group").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance has been recorded")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # A member of the Governance Group opens the agenda: only the caution due is on it.
    sign_in_as(page, member)
    go_to(page, "Reviews")
    page.get_by_role("link", name="Agenda for").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review meeting on")
    assert_accessible(page)
    agenda = page.locator("table")
    expect(agenda.get_by_role("cell", name="Gary Pratt", exact=True)).to_be_visible()
    expect(agenda.get_by_text("Overdue")).to_be_visible()
    expect(agenda.get_by_role("cell", name="Wendy Later", exact=True)).to_have_count(0)

    # Nothing new since the caution was added: removal is selected and explained.
    page.get_by_role("link", name="Review the caution on Gary Pratt").click()
    expect(page.get_by_text("Nothing new has been reported since the last review")).to_be_visible()
    expect(page.get_by_label("Remove the caution")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Reasons").fill("No incident, breach or complaint in six months.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("The review has been recorded")).to_be_visible()
    expect(page.get_by_text("No incident, breach or complaint in six months.")).to_be_visible()
    sign_out(page)

    # The check no longer shows him.
    sign_in_as(page, reporter)
    check(page, name="Gary Pratt")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="No caution found")).to_be_visible()
