"""The check's results say what to do (issue 9, "results people act on"): each caution's
level in words with its place in the council's order, whatever the council's numbering;
what a match tells staff to do; the less likely people folded; and a "no caution found"
that says what else would help (docs/user/check.md, "Reading the results")."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from caution.lib import clock
from caution.people.actions import AddressInput
from caution.people.matching import DATE_DIFFERS
from caution.register.models import Caution
from tests.factories import cautioned, make_caution, make_person

pytestmark = pytest.mark.django_db
BORN = dt.date(1975, 3, 14)
HIGH_STREET = AddressInput("12 High Street", town="Market Harborough", postcode="LE16 7AG")


def results(client, user, **fields) -> str:
    client.force_login(user)
    response = client.post(reverse("register:check"), {"name": "", **fields})
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, without tags and with spaces made single, as a reader meets them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def cards(page: str) -> list[str]:
    """Each caution card's HTML, in the order of the page."""
    return page.split('<div class="govuk-summary-card caution-card')[1:]


def person_with_level(level: str, **fields) -> None:
    make_caution(make_person("Robert", "Smith", born=BORN), level=level, **fields)


# The level, in the council's own order --------------------------------------------------


@pytest.mark.parametrize(
    ("level", "title", "order", "colour"),
    [
        ("1", "Level 1: Violent", "Most serious of 3 levels", "red"),
        ("2", "Level 2: Potentially violent or threatening aggression",
         "2nd most serious of 3 levels", "orange"),
        ("3", "Level 3: Abusive", "Least serious of 3 levels", "yellow"),
    ],
)  # fmt: skip
def test_000_8_2_harborough_level_1_is_the_most_serious(
    client, reporter, settings, level, title, order, colour
):
    settings.CAUTION_PROFILE = "harborough"
    person_with_level(level)
    card = cards(results(client, reporter, name="Robert Smith"))[0]
    assert f"{title} , {order}" in text(card)
    assert (
        f'<strong class="govuk-tag govuk-tag--{colour} caution-tag caution-level">{title}' in card
    )


@pytest.mark.parametrize(
    ("level", "title", "order", "colour"),
    [
        ("3", "Level 3: High", "Most serious of 3 levels", "red"),
        ("2", "Level 2: Medium", "2nd most serious of 3 levels", "orange"),
        ("1", "Level 1: Low", "Least serious of 3 levels", "yellow"),
    ],
)
def test_003_6_8_dover_level_3_is_the_most_serious(
    client, reporter, settings, level, title, order, colour
):
    settings.CAUTION_PROFILE = "dover"
    person_with_level(level)
    card = cards(results(client, reporter, name="Robert Smith"))[0]
    assert f"{title} , {order}" in text(card)
    assert (
        f'<strong class="govuk-tag govuk-tag--{colour} caution-tag caution-level">{title}' in card
    )


def test_the_level_comes_first_on_the_card_then_what_to_do(client, reporter):
    make_caution(
        make_person("Robert", "Smith"),
        precautions="Visit in pairs",
        restrictions="Contact in writing only",
        key_contact="Housing Team Leader",
        reporting_service="Housing",
    )
    card = text(cards(results(client, reporter, name="Robert Smith"))[0])
    words = [
        "Level 1: Violent",
        "Precautions Visit in pairs",
        "Restrictions Contact in writing only",
        "Speak to Housing Team Leader, Housing",
        # 000 Appendix 10.2: at most three years from the date added.
        f"Ends {clock.today() + relativedelta(months=36):%-d %B %Y}",
    ]
    places = [card.index(w) for w in words]
    assert places == sorted(places)
    assert "signatory" not in card.lower()


def test_the_card_says_when_the_caution_ends(client, reporter):
    person_with_level("1")
    Caution.objects.update(expires_on=dt.date(2027, 2, 23))
    card = text(cards(results(client, reporter, name="Robert Smith"))[0])
    assert "Ends 23 February 2027" in card


def test_speak_to_says_not_recorded_when_nobody_is_named(client, reporter):
    person_with_level("1", key_contact="")
    card = text(cards(results(client, reporter, name="Robert Smith"))[0])
    assert "Speak to Not recorded" in card


def test_a_caution_past_its_review_date_says_review_overdue(client, reporter):
    last_year = clock.today() - dt.timedelta(days=400)
    person_with_level("1", date_added=last_year)
    card = cards(results(client, reporter, name="Robert Smith"))[0]
    assert "Review overdue" in card
    assert "(overdue: the caution still applies)" in card


def test_a_caution_reviewed_on_time_has_no_overdue_tag(client, reporter):
    person_with_level("1")
    assert "Review overdue" not in results(client, reporter, name="Robert Smith")


def test_the_caution_comes_before_the_persons_details(client, reporter):
    """On a phone, the first screen shows the level and the precautions (issue 9)."""
    make_caution(
        make_person(
            "Robert",
            "Smith",
            born=BORN,
            aliases=("Bob Smith",),
            address=HIGH_STREET,
        )
    )
    page = text(results(client, reporter, name="Robert Smith"))
    order = [
        "Robert Smith",
        "Level 1: Violent",
        "Precautions",
        "About this person",
        "Alias Bob Smith",
        "Date of birth 14 March 1975",
        "12 High Street",
        "Why this matched",
        "Search again",
    ]
    places = [page.index(w) for w in order]
    assert places == sorted(places)


# What the match tells staff to do -------------------------------------------------------


def test_a_strong_match_says_treat_as_the_same_person(client, reporter):
    cautioned("Robert", "Smith", born=BORN)
    page = results(
        client,
        reporter,
        name="Robert Smith",
        date_of_birth_0="14",
        date_of_birth_1="3",
        date_of_birth_2="1975",
    )
    assert (
        '<strong class="govuk-tag govuk-tag--red caution-tag">Treat as the same person</strong>'
        in page
    )
    assert re.search(r"Confidence \d+%", page)
    assert "govuk-warning-text__text" not in page.split("About this person")[0]


def test_a_possible_match_warns_when_the_date_of_birth_differs(client, reporter):
    cautioned("Robert", "Smith", born=BORN)
    page = results(
        client,
        reporter,
        name="Robert Smith",
        date_of_birth_0="1",
        date_of_birth_1="1",
        date_of_birth_2="1990",
    )
    tag = (
        '<strong class="govuk-tag govuk-tag--orange caution-tag">'
        "Could be the same person: confirm before contact</strong>"
    )
    assert tag in page
    words = text(page)
    assert f"Warning {DATE_DIFFERS}" in words
    # The warning is right under what to do, before the caution.
    assert words.index("Could be the same person") < words.index(DATE_DIFFERS)
    assert words.index(DATE_DIFFERS) < words.index("Level 1: Violent")


# The less likely people, folded ------------------------------------------------------------


def test_weak_candidates_fold_below_the_leading_matches_with_their_count(client, reporter):
    cautioned("Leanne", "Hughes", born=dt.date(1988, 6, 2))
    cautioned("Dean", "Hughes")
    page = results(
        client,
        reporter,
        name="Leanne Hughes",
        date_of_birth_0="2",
        date_of_birth_1="6",
        date_of_birth_2="1988",
    )
    leading, folded = page.split('<details class="govuk-details caution-others">')
    assert "Leanne Hughes" in leading
    assert "Dean Hughes" not in leading
    assert "Other possible matches (1)" in folded
    assert "Dean Hughes" in folded
    assert "Less likely to be the same person: confirm before contact" in folded
    assert "No close match found" not in page
    assert "1 person with a caution" in text(leading)


def test_only_weak_candidates_say_no_close_match_was_found(client, reporter):
    """A family name alone fits everyone who holds it, less likely the one meant."""
    cautioned("Robert", "Smith")
    cautioned("Janet", "Smith")
    page = results(client, reporter, name="Smith")
    words = text(page)
    assert "No close match found" in words
    assert "2 less likely people with a caution are listed below" in words
    assert "Other possible matches (2)" in words
    assert "No caution found" not in words
    before, folded = page.split('<details class="govuk-details caution-others">')
    assert "Robert Smith" not in before
    assert "Robert Smith" in folded and "Janet Smith" in folded


def test_a_postcode_alone_shows_everyone_linked_to_it_as_people_to_confirm(client, reporter):
    """Asked by address alone, everyone there is who staff may meet (003 §3.2)."""
    make_caution(make_person("Robert", "Smith", address=HIGH_STREET))
    make_caution(make_person("Janet", "Smith", address=HIGH_STREET))
    words = text(results(client, reporter, postcode="LE16 7AG"))
    assert "2 people with a caution" in words
    assert "Could be the same person: confirm before contact" in words
    assert "Other possible matches" not in words


# Nothing found ------------------------------------------------------------------------------


def test_no_caution_found_says_what_was_searched_and_what_else_would_help(client, reporter):
    cautioned("Robert", "Smith")
    words = text(results(client, reporter, name="Zebedee", postcode="LE16 7AG"))
    assert "No caution found" in words
    assert "Name Zebedee" in words
    assert "Postcode LE16 7AG" in words
    assert "What else would help" in words
    for wanted in (
        "their full name, and any other names they use",
        "their date of birth",
        "a phone number, e-mail address or social media handle",
    ):
        assert wanted in words
    assert "their address or postcode" not in words
    assert "No caution does not mean no risk" in words


def test_no_caution_found_is_not_said_when_someone_matched(client, reporter):
    cautioned("Robert", "Smith")
    assert "No caution found" not in results(client, reporter, name="Robert Smith")


# The same, in JSON ---------------------------------------------------------------------------


def test_the_api_says_what_to_do_and_the_level_in_the_councils_order(client, reporter, settings):
    settings.CAUTION_PROFILE = "dover"
    cautioned("Robert", "Smith", born=BORN, level="3")
    Caution.objects.update(expires_on=dt.date(2027, 2, 23), reporting_service="Housing")
    client.force_login(reporter)
    body = client.post(
        "/api/check",
        {"name": "Robert Smith", "date_of_birth": "1990-01-01"},
        content_type="application/json",
    ).json()
    match = body["people"][0]
    assert match["band"] == "possible"
    assert match["label"] == "Could be the same person: confirm before contact"
    assert match["warnings"] == [DATE_DIFFERS]
    caution = match["cautions"][0]
    assert caution["level"] == "3"
    assert caution["level_words"] == "Level 3: High, most serious of 3 levels"
    assert (caution["level_rank"], caution["level_count"]) == (1, 3)
    assert caution["most_serious"] is True
    assert caution["speak_to"] == "Housing Team Leader, Housing"
    assert caution["ends_on"] == "2027-02-23"
    assert caution["review_overdue"] is False


def test_an_address_with_a_caution_comes_before_the_people_at_it(client, reporter):
    robert = make_person("Robert", "Smith", address=HIGH_STREET)
    make_caution(address=robert.address_links.get().address, precautions="Dangerous dog")
    words = text(results(client, reporter, postcode="LE16 7AG"))
    assert "1 address with a caution" in words
    assert words.index("Dangerous dog") < words.index("Robert Smith")
    assert "No caution found" not in words
