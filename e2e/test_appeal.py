"""An appeal in the browser, from receipt to outcome (002 §4.6): the register officer
records it, the check shows "appeal in progress" while it runs, the handler finds it on
the dashboard and refuses it with reasons, and the outcome names the Ombudsman."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from e2e.steps import assert_accessible, check, fill_date, go_to, sign_in_as, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def cheltenham(transactional_db, settings, tmp_path):
    """Seed 002: the Executive Director of People and Change hears appeals (§3.4)."""
    settings.CAUTION_PROFILE = "cheltenham"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }


def test_an_appeal_from_receipt_to_outcome(page: Page, cheltenham):
    officer = make_user(Role.REGISTER_OFFICER, first_name="Owen", last_name="Officer")
    director = make_user(Role.DECISION_MAKER, first_name="Eve", last_name="Director")
    reporter = make_user(Role.REPORTER, first_name="Rita", last_name="Reed")
    person = make_person("Gary", "Pratt", born=dt.date(1979, 6, 21))
    caution = make_caution(person, level="ABUSE", precautions="Visit in pairs")

    # The register officer records the appeal that came by letter.
    sign_in_as(page, officer)
    page.goto(f"/cautions/{caution.id}/")
    page.get_by_role("link", name="Record an appeal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an appeal")
    assert_accessible(page)
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Letter", exact=True).check()
    fill_date(page, "Date received", timezone.localdate())
    page.get_by_label("Grounds of the appeal").fill("I raised my voice but threatened nobody.")
    page.get_by_label("Who handles the appeal").select_option(label="Eve Director")
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.get_by_text("The appeal has been recorded")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Appeal in progress")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Meanwhile the check still shows the caution, noted "appeal in progress".
    sign_in_as(page, reporter)
    check(page, name="Gary Pratt")
    expect(page.get_by_text("Visit in pairs")).to_be_visible()
    expect(page.get_by_text("Appeal in progress")).to_be_visible()
    sign_out(page)

    # The handler finds it on the dashboard, with its deadline, and refuses it.
    sign_in_as(page, director)
    go_to(page, "Dashboard")
    expect(page.get_by_role("heading", name="Appeals to answer")).to_be_visible()
    page.get_by_role("link", name="Open the appeal about Gary Pratt").click()
    expect(page.get_by_role("heading", name="Decide the appeal")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Refused: the caution stays as it is").check()
    page.get_by_label("Reasons").fill("Two witnesses heard the threat.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The outcome has been recorded")).to_be_visible()
    expect(page.get_by_text("Local Government and Social Care Ombudsman")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The caution stays; the note has gone.
    sign_in_as(page, reporter)
    check(page, name="Gary Pratt")
    expect(page.get_by_text("Visit in pairs")).to_be_visible()
    expect(page.get_by_text("Appeal in progress")).to_have_count(0)
