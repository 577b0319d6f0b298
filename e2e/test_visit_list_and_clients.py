"""The visit list page and the client systems' pages are accessible (DESIGN.md §5: WCAG
2.2 AA, axe-core's default rules)."""

import pytest
from playwright.sync_api import expect
from tests.factories import cautioned, make_user

from caution.accounts.clients import client_register, client_token_issue
from caution.accounts.roles import Role
from e2e.steps import assert_accessible, sign_in_as

pytestmark = pytest.mark.e2e


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER)


def _paste(page, text: str) -> None:
    page.goto("/check/visits/")
    page.get_by_label("Paste the visit list").fill(text)
    page.get_by_role("button", name="Check the visits").click()


def test_the_visit_list_results_are_accessible(page, reporter):
    cautioned("Robert", "Smith", phones=("07700 900123",))
    sign_in_as(page, reporter)

    _paste(page, "Job reference,Phone\nR-1001,07700 900123\nR-1002,01858 000000\n")

    expect(page.get_by_role("table", name="Visits with a caution")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Job R-1001")).to_be_visible()
    assert_accessible(page)


def test_the_visit_list_with_bad_rows_is_accessible(page, reporter):
    sign_in_as(page, reporter)

    _paste(page, "Job reference,Postcode\nR-1,nonsense\n")

    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Row 2 (job R-1): Enter a real postcode")).to_be_visible()
    assert_accessible(page)


def test_a_client_systems_page_is_accessible_to_the_administrator(page):
    administrator = make_user(Role.ADMINISTRATOR)
    system = client_register(
        name="Repairs scheduler", owner="Repairs team", purpose="Visits", by=administrator
    )
    client_token_issue(
        system, operations=["visit_list"], fields=["level"], valid_days=30, by=administrator
    )
    sign_in_as(page, administrator)

    page.goto("/clients/")
    page.get_by_role("link", name="Repairs scheduler").click()

    expect(page.get_by_role("table", name="Tokens")).to_be_visible()
    assert_accessible(page)
