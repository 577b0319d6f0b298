"""The check's results say what to do, in a browser (issue 9, "results people act on"): the
match tells staff what to do, the less likely people are folded, "no caution found" says
what else would help, each state passes axe, and on a phone the first caution's level and
precautions are on the first screen."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from caution.people.actions import AddressInput
from e2e.conftest import TIMEOUT_MS
from e2e.steps import assert_accessible, check, sign_in_as

pytestmark = pytest.mark.e2e

BORN = dt.date(1975, 3, 14)
HIGH_STREET = AddressInput("12 High Street", town="Market Harborough", postcode="LE16 7AG")
PRECAUTIONS = "Visit in pairs. Meet at the council offices, never at home."
DATE_DIFFERS = "Date of birth differs: confirm who you are dealing with"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def reporter(transactional_db):
    return make_user(Role.REPORTER, first_name="Rita")


@pytest.fixture
def robert(transactional_db):
    """Robert Smith-Jones, as the demo has him: an alias, a home, a level 1 caution."""
    person = make_person(
        "Robert",
        "Smith-Jones",
        born=BORN,
        aliases=("Bob Jones",),
        address=HIGH_STREET,
        reference="HDC-001",
    )
    make_caution(
        person,
        level="1",
        precautions=PRECAUTIONS,
        restrictions="Contact in writing only",
        key_contact="Housing Team Leader",
        reporting_service="Housing",
    )
    return person


def check_robert(page, *, born: dt.date) -> None:
    check(
        page,
        name="Robert Smith-Jones",
        date_of_birth_0=str(born.day),
        date_of_birth_1=str(born.month),
        date_of_birth_2=str(born.year),
    )


def person_section(page, name: str):
    return page.locator("section.caution-match").filter(
        has=page.get_by_role("heading", level=2, name=name)
    )


def test_a_strong_match_says_treat_as_the_same_person(page, reporter, robert):
    sign_in_as(page, reporter)

    check_robert(page, born=BORN)

    robert_card = person_section(page, "Robert Smith-Jones")
    expect(robert_card.locator(".caution-band .govuk-tag")).to_have_text("Treat as the same person")
    expect(robert_card.locator(".caution-band")).to_contain_text("Confidence")
    expect(robert_card.locator(".govuk-warning-text")).to_have_count(0)
    expect(robert_card.locator(".caution-level")).to_have_text("Level 1: Violent")
    expect(robert_card.get_by_role("heading", level=3).first).to_have_accessible_name(
        re.compile(r"^Level 1: Violent\s*,\s*Most serious of 3 levels$")
    )
    expect(page.locator("details.caution-others")).to_have_count(0)
    assert_accessible(page)


def test_a_possible_match_warns_that_the_date_of_birth_differs(page, reporter, robert):
    sign_in_as(page, reporter)

    check_robert(page, born=dt.date(1990, 1, 1))

    robert_card = person_section(page, "Robert Smith-Jones")
    expect(robert_card.locator(".caution-band .govuk-tag")).to_have_text(
        "Could be the same person: confirm before contact"
    )
    expect(robert_card.locator(".govuk-warning-text")).to_contain_text(DATE_DIFFERS)
    expect(robert_card.locator(".caution-level")).to_be_visible()
    assert_accessible(page)


def test_only_weak_matches_are_folded_under_other_possible_matches(page, reporter, robert):
    make_caution(make_person("Janet", "Smith-Jones", address=HIGH_STREET), level="3")
    sign_in_as(page, reporter)

    check(page, name="Smith")

    expect(page.get_by_role("heading", level=2, name="No close match found")).to_be_visible()
    expect(page.get_by_text("2 less likely people with a caution are listed below")).to_be_visible()
    others = page.locator("details.caution-others")
    expect(others.locator(":scope > summary")).to_have_text("Other possible matches (2)")
    robert_card = person_section(page, "Robert Smith-Jones")
    expect(robert_card).to_be_hidden()
    assert_accessible(page)

    others.locator(":scope > summary").click()

    expect(robert_card).to_be_visible()
    expect(robert_card.locator(".caution-band .govuk-tag")).to_have_text(
        "Less likely to be the same person: confirm before contact"
    )
    janet = person_section(page, "Janet Smith-Jones")
    expect(janet.locator(".caution-level")).to_have_text("Level 3: Abusive")
    assert_accessible(page)


def test_no_caution_found_says_what_else_would_help(page, reporter, robert):
    sign_in_as(page, reporter)

    check(page, name="Zebedee Quinn")

    expect(page.get_by_role("heading", name="No caution found")).to_be_visible()
    expect(page.get_by_role("heading", name="What else would help")).to_be_visible()
    expect(page.locator("main .caution-missing li")).to_have_text(
        [
            "their date of birth",
            "their address or postcode",
            "a phone number, e-mail address or social media handle",
        ]
    )
    expect(page.get_by_text("No caution does not mean no risk")).to_be_visible()
    assert_accessible(page)


# The first screen ---------------------------------------------------------------------------


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
def sized_page(request, browser, live_server):
    """A tab as wide as a phone or a desktop screen."""
    context = browser.new_context(base_url=live_server.url, viewport=request.param)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("born", [BORN, dt.date(1990, 1, 1)], ids=["strong", "possible"])
def test_the_first_cautions_level_and_precautions_are_on_the_first_screen(
    sized_page, reporter, robert, born
):
    page = sized_page
    sign_in_as(page, reporter)

    check_robert(page, born=born)

    first = page.locator(".caution-card").first
    expect(first.locator(".caution-level")).to_be_in_viewport(ratio=1)
    precautions = first.locator(".govuk-summary-list__row").filter(has_text="Precautions")
    expect(precautions).to_be_in_viewport(ratio=1)
    # The page opens at its top, with the search form below the results.
    assert page.evaluate("window.scrollY") == 0
    form = page.locator("main form")
    assert form.bounding_box()["y"] > first.bounding_box()["y"]
