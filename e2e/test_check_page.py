"""What the check page shows: the caution's precautions and restrictions but never what
happened, what was searched when nothing is found, and clear errors (DESIGN.md §5)."""

import re

import pytest
from playwright.sync_api import expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from e2e.steps import check, sign_in_as

pytestmark = pytest.mark.e2e

WHAT_HAPPENED = "Threw a chair at the officer on the front desk."


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER, first_name="Rita")


@pytest.fixture
def robert_smith(transactional_db):
    person = make_person("Robert", "Smith")
    make_caution(
        person,
        level="2",
        precautions="Visit in pairs",
        restrictions="Contact in writing only",
        key_contact="Housing Team Leader",
        reporting_service="Housing",
        incident_summary=WHAT_HAPPENED,
    )
    return person


def caution_card(page):
    return page.locator(".govuk-summary-card")


def test_the_results_show_the_level_precautions_restrictions_and_whom_to_speak_to(
    page, reporter, robert_smith
):
    sign_in_as(page, reporter)

    check(page, name="Robert Smith")

    card = caution_card(page)
    expect(card.get_by_role("heading")).to_have_accessible_name(
        re.compile(
            r"^Level 2: Potentially violent or threatening aggression\s*,"
            r"\s*2nd most serious of 3 levels$"
        )
    )
    expect(card.locator(".govuk-summary-list__row")).to_have_text(
        [
            "Precautions Visit in pairs",
            "Restrictions Contact in writing only",
            "Speak to Housing Team Leader, Housing",
            # 000 Appendix 10.2: at most three years from the date added.
            re.compile(r"^Ends\s+\d+ \w+ \d{4}$"),
            re.compile(r"^Next review\s+\d+ \w+ \d{4}$"),
        ],
        use_inner_text=True,
    )


def test_the_results_never_show_a_reporter_what_happened(page, reporter, robert_smith):
    sign_in_as(page, reporter)

    check(page, name="Robert Smith")

    expect(caution_card(page)).to_be_visible()
    assert WHAT_HAPPENED not in page.content()
    expect(page.get_by_role("link", name="Full record")).to_have_count(0)


def test_no_caution_found_says_what_was_searched(page, reporter, robert_smith):
    sign_in_as(page, reporter)

    check(
        page,
        name="Zebedee Quinn",
        date_of_birth_0="14",
        date_of_birth_1="3",
        date_of_birth_2="1975",
        postcode="LE16 7AG",
    )

    expect(page.get_by_role("heading", name="No caution found")).to_be_visible()
    searched = page.locator("main .govuk-summary-list__row")
    expect(searched).to_have_text(
        ["Name Zebedee Quinn", "Date of birth 14 March 1975", "Postcode LE16 7AG"],
        use_inner_text=True,
    )
    expect(page.get_by_text("No caution does not mean no risk")).to_be_visible()
    expect(page.locator("main .caution-missing li")).to_have_text(
        ["a phone number, e-mail address or social media handle"]
    )


def test_an_empty_check_shows_the_error_summary_linking_to_the_name_field(page, reporter):
    sign_in_as(page, reporter)

    check(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Check before contact – "))
    link = summary.get_by_role("link", name="Enter at least one thing to search for")
    expect(link).to_have_attribute("href", "#id_name")
    link.click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()


def test_a_bad_postcode_shows_an_error_at_the_postcode_field(page, reporter):
    sign_in_as(page, reporter)

    check(page, postcode="LE16 ZZZ")

    problem = "Enter a real postcode, like LE16 7AG"
    expect(
        page.locator(".govuk-error-summary").get_by_role("link", name=problem)
    ).to_have_attribute("href", "#id_postcode")
    postcode = page.get_by_label("Postcode")
    expect(postcode).to_have_class(re.compile(r"\bgovuk-input--error\b"))
    expect(postcode).to_have_accessible_description(f"Error: {problem}")
    expect(postcode).to_have_value("LE16 ZZZ")


def test_the_check_works_without_javascript(page_without_javascript, reporter, robert_smith):
    page = page_without_javascript
    sign_in_as(page, reporter)

    check(page, name="Bob Smyth")

    expect(page.locator("body.js-enabled")).to_have_count(0)
    expect(page.get_by_role("heading", level=2, name="Robert Smith")).to_be_visible()
    expect(caution_card(page)).to_contain_text("Visit in pairs")
