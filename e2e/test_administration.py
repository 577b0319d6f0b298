"""The administrator's and the register officer's housekeeping journeys in the browser."""

import pytest
from playwright.sync_api import expect
from tests.factories import cautioned, make_person, make_user

from caution.accounts.roles import Role
from caution.people.models import Person
from e2e.steps import assert_accessible, check, sign_in_as, sign_out

pytestmark = pytest.mark.e2e


def test_an_administrator_adds_a_reporter_who_can_then_run_a_check(page, transactional_db):
    sign_in_as(page, make_user(Role.ADMINISTRATOR))
    page.goto("/users/add/")
    page.get_by_label("Username").fill("new.starter")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Starter")
    page.get_by_label("First password").fill("a long first password 42")
    page.get_by_role("checkbox", name="Reporter").check()
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="new.starter")).to_be_visible()
    sign_out(page)

    page.get_by_label("Username").fill("new.starter")
    page.get_by_label("Password").fill("a long first password 42")
    page.get_by_role("button", name="Sign in").click()
    check(page, name="Nobody Here")

    expect(page.get_by_text("No caution found")).to_be_visible()


def test_a_register_officer_merges_a_duplicate_record(page, transactional_db):
    kept = cautioned("Robert", "Smith")
    duplicate = make_person("Bob", "Smyth", phones=("07700 900123",))
    sign_in_as(page, make_user(Role.REGISTER_OFFICER))
    page.goto(f"/people/{kept.id}/")
    page.get_by_role("link", name="Merge a duplicate record into this one").click()
    assert_accessible(page)

    page.get_by_role("radio", name="Bob Smyth").check()
    page.get_by_label("Why are these the same person?").fill("Same phone, same flat")
    page.get_by_role("button", name="Merge into this record").click()

    expect(page.get_by_text("The records are merged")).to_be_visible()
    expect(page.get_by_text("Bob Smyth")).to_be_visible()
    assert not Person.objects.filter(id=duplicate.id).exists()
    check(page, phone="07700900123")
    expect(page.get_by_text("Robert Smith").first).to_be_visible()
