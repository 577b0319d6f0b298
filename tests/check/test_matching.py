"""The check finds people despite the mistakes staff make when they type (issue 2)."""

import datetime as dt

import pytest

from caution.people.actions import AddressInput
from caution.people.matching import Query
from caution.register.check import check_run
from tests.factories import cautioned

pytestmark = pytest.mark.django_db


def found(query: Query, by) -> list[str]:
    return [m.person.display_name for m in check_run(query, by=by).people]


@pytest.fixture
def robert(db):
    return cautioned(
        "Robert",
        "Smith",
        born=dt.date(1975, 3, 14),
        address=AddressInput("12 High Street", town="Market Harborough", postcode="LE16 7AG"),
        phones=("07700 900123",),
        emails=("Bob.Smith@Example.com",),
        handles=("@BobSmith75",),
    )


@pytest.fixture
def crowd(db):
    """Other people on the register, some with similar names."""
    for given, family in [
        ("Roberta", "Smart"),
        ("John", "Smithers"),
        ("Rachel", "Smith"),
        ("Robin", "Jones"),
    ]:
        cautioned(given, family)


def test_it_finds_a_family_name_with_a_typo(robert, crowd, reporter):
    assert found(Query(name="Robert Smiht"), reporter)[0] == "Robert Smith"


def test_it_finds_a_given_name_with_transposed_letters(robert, crowd, reporter):
    assert found(Query(name="Robret Smith"), reporter)[0] == "Robert Smith"


def test_it_finds_robert_when_asked_for_bob(robert, crowd, reporter):
    result = check_run(Query(name="Bob Smith"), by=reporter)
    assert result.people[0].person == robert
    assert "'bob' and 'robert' are forms of the same name" in result.people[0].score.reasons


def test_it_finds_elizabeth_when_asked_for_liz(crowd, reporter):
    cautioned("Elizabeth", "Taylor")
    assert found(Query(name="Liz Taylor"), reporter)[0] == "Elizabeth Taylor"


def test_it_finds_names_given_in_the_other_order(robert, crowd, reporter):
    assert found(Query(name="Smith Robert"), reporter)[0] == "Robert Smith"
    assert found(Query(name="Smith, Robert"), reporter)[0] == "Robert Smith"


@pytest.mark.parametrize(
    "asked", ["Anne Smith-Jones", "Anne Smith Jones", "Anne Jones", "Anne Smithjones"]
)
def test_it_finds_a_double_barrelled_surname_however_it_is_written(asked, crowd, reporter):
    cautioned("Anne", "Smith-Jones")
    assert found(Query(name=asked), reporter)[0] == "Anne Smith-Jones"


def test_it_finds_a_hyphenated_surname_asked_with_a_space(crowd, reporter):
    cautioned("Anne", "Smith Jones")
    assert found(Query(name="Anne Smith-Jones"), reporter)[0] == "Anne Smith Jones"


def test_it_finds_someone_from_family_name_and_date_of_birth_alone(robert, crowd, reporter):
    result = check_run(Query(name="Smith", date_of_birth=dt.date(1975, 3, 14)), by=reporter)
    assert result.people[0].person == robert
    assert "Same date of birth" in result.people[0].score.reasons


@pytest.mark.parametrize("postcode", ["LE16 7AG", "le167ag", " Le16  7aG "])
def test_it_finds_an_address_by_postcode_in_any_spacing_or_case(postcode, robert, crowd, reporter):
    assert found(Query(postcode=postcode), reporter) == ["Robert Smith"]


@pytest.mark.parametrize(
    "phone", ["07700 900123", "+44 7700 900123", "+44 (0)7700 900 123", "0044 7700900123"]
)
def test_it_finds_a_phone_number_in_any_format(phone, robert, crowd, reporter):
    assert found(Query(phone=phone), reporter) == ["Robert Smith"]


def test_it_finds_an_email_address_in_any_case(robert, crowd, reporter):
    assert found(Query(email="BOB.SMITH@example.COM"), reporter) == ["Robert Smith"]


def test_it_finds_a_social_media_handle_with_or_without_at_or_link(robert, crowd, reporter):
    assert found(Query(social="bobsmith75"), reporter) == ["Robert Smith"]
    assert found(Query(social="https://x.com/BobSmith75"), reporter) == ["Robert Smith"]


def test_it_finds_someone_by_an_alias(crowd, reporter):
    cautioned("Margaret", "Brown", aliases=("Peggy Green",))
    result = check_run(Query(name="Peggy Green"), by=reporter)
    assert result.people[0].person.display_name == "Margaret Brown"
    assert "Alias matches exactly: Peggy Green" in result.people[0].score.reasons


def test_it_ranks_the_best_match_first(robert, crowd, reporter):
    cautioned("Robert", "Smyth")
    names = found(Query(name="Robert Smith", date_of_birth=dt.date(1975, 3, 14)), reporter)
    assert names[:2] == ["Robert Smith", "Robert Smyth"]


def test_a_different_date_of_birth_lowers_the_confidence(robert, reporter):
    same = check_run(Query(name="Robert Smith", date_of_birth=dt.date(1975, 3, 14)), by=reporter)
    other = check_run(Query(name="Robert Smith", date_of_birth=dt.date(1990, 8, 1)), by=reporter)
    assert same.people[0].score.value > (other.people[0].score.value if other.people else 0)


def test_day_and_month_swapped_in_a_date_of_birth_still_matches(crowd, reporter):
    cautioned("Wendy", "Clarke", born=dt.date(1980, 4, 7))
    result = check_run(Query(name="Wendy Clarke", date_of_birth=dt.date(1980, 7, 4)), by=reporter)
    assert result.people[0].person.display_name == "Wendy Clarke"
    assert "Date of birth matches with day and month swapped" in result.people[0].score.reasons


def test_it_says_no_caution_found_and_what_was_searched(robert, reporter):
    result = check_run(Query(name="Zebedee Quartermaine", postcode="NE1 4ST"), by=reporter)
    assert not result.found
    assert result.query.described() == [("Name", "Zebedee Quartermaine"), ("Postcode", "NE1 4ST")]


def test_an_expired_caution_is_not_shown(reporter):
    person = cautioned("Harold", "Finch")
    person.cautions.update(status="expired")
    assert not check_run(Query(name="Harold Finch"), by=reporter).found
