"""The check never hides a cautioned person (issue 9): a strong name, an exact contact point
or the same address is never hidden because another field differs; a differing date of birth
lowers the rank and warns; a date of birth alone or a two-digit year is refused, on the
page, in the API and on the command line (docs/user/check.md, "The safety rule")."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from caution.people.actions import AddressInput
from caution.people.matching import DATE_DIFFERS, Band, Query
from caution.register.check import check_run
from tests.factories import cautioned

pytestmark = pytest.mark.django_db
BORN = dt.date(1975, 3, 14)
WRONG = dt.date(1990, 1, 1)


@pytest.fixture
def robert(db):
    return cautioned(
        "Robert",
        "Smith-Jones",
        born=BORN,
        address=AddressInput("12 High Street", town="Market Harborough", postcode="LE16 7AG"),
        phones=("07700 900123",),
    )


def first(query: Query, by):
    result = check_run(query, by=by)
    return result.people[0] if result.people else None


def test_an_exact_name_with_a_wrong_date_of_birth_is_shown_with_a_warning(robert, reporter):
    match = first(Query(name="Robert Smith-Jones", date_of_birth=WRONG), reporter)
    assert match.person == robert
    assert match.score.band == Band.POSSIBLE
    assert DATE_DIFFERS in match.score.warnings


def test_a_differing_date_of_birth_lowers_the_rank_below_an_agreeing_one(robert, reporter):
    twin = cautioned("Robert", "Smith-Jones", born=WRONG)
    result = check_run(Query(name="Robert Smith-Jones", date_of_birth=BORN), by=reporter)
    assert [m.person for m in result.people] == [robert, twin]


def test_a_strong_name_with_an_agreeing_date_of_birth_is_treated_as_the_same_person(
    robert, reporter
):
    match = first(Query(name="Bob Smith-Jones", date_of_birth=BORN), reporter)
    assert match.score.band == Band.STRONG
    assert match.score.label == "Treat as the same person"


def test_a_strong_name_alone_could_be_the_same_person(robert, reporter):
    match = first(Query(name="Robert Smith-Jones"), reporter)
    assert match.score.label == "Could be the same person: confirm before contact"


def test_an_exact_phone_number_is_treated_as_the_same_person_whatever_the_name(robert, reporter):
    match = first(Query(name="Gerald Brown", phone="07700900123"), reporter)
    assert match.person == robert
    assert match.score.band == Band.STRONG


def test_someone_at_the_address_asked_is_shown_whatever_name_was_given(robert, reporter):
    result = check_run(
        Query(name="Wayne Pickles", date_of_birth=WRONG, address="12 High Street, LE16 7AG"),
        by=reporter,
    )
    assert robert in [m.person for m in result.people]


def test_a_weak_candidate_is_listed_among_the_others_not_the_leading_matches(reporter):
    cautioned("Leanne", "Hughes", born=dt.date(1988, 6, 2))
    cautioned("Leanne", "Hughson")
    cautioned("Dean", "Hughes")
    result = check_run(Query(name="Leanne Hughes", date_of_birth=dt.date(1988, 6, 2)), by=reporter)
    assert result.leading[0].person.display_name == "Leanne Hughes"
    assert "Dean Hughes" in [m.person.display_name for m in result.others]


# A date of birth alone, and a year of fewer than four digits -------------------------------


def test_a_date_of_birth_alone_is_refused_on_the_page(client, reporter, robert):
    client.force_login(reporter)
    page = client.post(
        reverse("register:check"),
        {"date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "1975"},
    ).content.decode()
    assert "govuk-error-summary" in page
    assert "A date of birth alone cannot identify anyone" in page
    assert "No caution found" not in page


def test_a_two_digit_year_is_refused_on_the_page(client, reporter, robert):
    client.force_login(reporter)
    page = client.post(
        reverse("register:check"),
        {
            "name": "Robert Smith-Jones",
            "date_of_birth_0": "14",
            "date_of_birth_1": "3",
            "date_of_birth_2": "75",
        },
    ).content.decode()
    assert "Year must include 4 numbers" in page
    assert "14 March 75" not in page


def test_an_exact_name_with_a_wrong_date_of_birth_is_shown_on_the_page(client, reporter, robert):
    client.force_login(reporter)
    page = client.post(
        reverse("register:check"),
        {
            "name": "Robert Smith-Jones",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "1990",
        },
    ).content.decode()
    assert "No caution found" not in page
    assert "Robert Smith-Jones" in page
    assert DATE_DIFFERS in page


def api_check(client, payload):
    return client.post("/api/check", payload, content_type="application/json")


def test_an_exact_name_with_a_wrong_date_of_birth_is_answered_by_the_api(client, reporter, robert):
    client.force_login(reporter)
    body = api_check(client, {"name": "Robert Smith-Jones", "date_of_birth": "1990-01-01"}).json()
    assert body["found"] is True
    assert body["people"][0]["person"] == str(robert.id)
    assert DATE_DIFFERS in body["people"][0]["warnings"]


def test_a_date_of_birth_alone_gets_a_422_from_the_api(client, reporter):
    client.force_login(reporter)
    response = api_check(client, {"date_of_birth": "1975-03-14"})
    assert response.status_code == 422
    assert "cannot identify anyone" in response.json()["errors"]["__all__"][0]


def test_a_year_of_fewer_than_four_digits_gets_a_422_from_the_api(client, reporter):
    client.force_login(reporter)
    response = api_check(client, {"name": "Robert Smith", "date_of_birth": "0075-03-14"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"date_of_birth": ["Year must include 4 numbers"]}


def test_an_exact_name_with_a_wrong_date_of_birth_is_found_on_the_command_line(robert, capsys):
    call_command("check_register", "Robert", "Smith-Jones", dob="01/01/1990")
    out = capsys.readouterr().out
    assert "Robert Smith-Jones" in out
    assert DATE_DIFFERS in out


def test_a_date_of_birth_alone_is_refused_on_the_command_line():
    with pytest.raises(CommandError, match="cannot identify anyone"):
        call_command("check_register", dob="14/03/1975")


def test_a_two_digit_year_is_refused_on_the_command_line():
    with pytest.raises(CommandError, match="Year must include 4 numbers"):
        call_command("check_register", "Robert", "Smith", dob="14/3/75")


def test_a_name_that_fits_in_part_at_the_postcode_asked_is_shown_whatever_the_date_of_birth(
    reporter,
):
    terence = cautioned(
        "Terence",
        "Oyelaran",
        born=BORN,
        address=AddressInput("3 Mill Lane", town="Lutterworth", postcode="LE17 4BN"),
    )
    result = check_run(Query(name="Tefrence", date_of_birth=WRONG, postcode="LE174BN"), by=reporter)
    assert terence in [m.person for m in result.people]


def test_a_common_given_name_asked_alone_finds_its_holders_not_only_its_nicknames(reporter):
    lisa = cautioned("Lisa", "Quayle", address=AddressInput("3 Mill Lane", postcode="LE17 4BN"))
    for given in ("Elizabeth", "Beth", "Eliza"):
        cautioned(given, "Stone")
    result = check_run(Query(name="Lisa", postcode="LE17 4BM"), by=reporter)
    assert result.people[0].person == lisa


@pytest.mark.parametrize(
    ("asked", "given", "family"),
    [
        ("Emilly", "Emily", "Stone"),
        ("Iren", "Irene", "Stone"),
        ("Billie Dohertie", "Billy", "Doherty"),
    ],
)
def test_a_name_whose_every_word_fits_is_shown_whatever_the_date_of_birth(
    asked, given, family, reporter
):
    held = cautioned(given, family, born=BORN)
    result = check_run(Query(name=asked, date_of_birth=WRONG), by=reporter)
    assert held in [m.person for m in result.people]
