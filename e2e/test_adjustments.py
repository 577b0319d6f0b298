"""Reasonable adjustments in the browser: the register officer records one from the
person's page, and a reporter who checks sees what is agreed beside the restrictions,
never the need it meets (issue 16 item 1, ADR 0018)."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from caution.lib import clock
from e2e.steps import assert_accessible, check, fill_date, sign_in_as, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def register_officer(transactional_db):
    return make_user(Role.REGISTER_OFFICER, first_name="Rosa", last_name="Oakes")


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER, first_name="Rita", last_name="Reed")


@pytest.fixture
def robert_smith(transactional_db):
    person = make_person("Robert", "Smith", born=dt.date(1975, 3, 14))
    make_caution(person, level="1", restrictions="Contact in writing only")
    return person


def test_an_adjustment_recorded_by_the_register_officer_shows_in_the_check(
    page: Page, register_officer, reporter, robert_smith
):
    sign_in_as(page, register_officer)
    page.goto(f"/people/{robert_smith.id}/")
    page.get_by_role("link", name="Reasonable adjustments").click()
    expect(page.get_by_role("heading", name="Reasonable adjustments")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record the adjustment").click()
    expect(page.get_by_role("alert").get_by_text("Enter what is agreed")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Contact route").check()
    page.get_by_label("What is agreed").fill("Calls through a named officer: Sam Patel")
    page.get_by_label("The need it meets").fill("Hearing impairment")
    fill_date(page, "Date agreed", clock.today())
    page.get_by_label("Agreed by").fill("Tenancy Officer")
    page.get_by_role("button", name="Record the adjustment").click()
    expect(page.get_by_text("The adjustment is recorded")).to_be_visible()
    expect(page.get_by_text("Hearing impairment")).to_be_visible()
    assert_accessible(page)

    sign_out(page)
    sign_in_as(page, reporter)
    check(page, name="Robert Smith")
    card = page.locator(".caution-card")
    expect(card.get_by_text("Contact in writing only")).to_be_visible()
    expect(
        card.get_by_text("Contact route: Calls through a named officer: Sam Patel")
    ).to_be_visible()
    expect(page.get_by_text("Hearing impairment")).to_have_count(0)
    assert_accessible(page)
