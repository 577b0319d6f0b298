"""The check finds people from the questions staff really ask (issue 9): typos in first
letters, names missing, split or joined, addresses as people write them, dates of birth with
a part wrong. Each answer comes from indexed keys, never a scan of the register."""

import datetime as dt

import pytest

from caution.people.actions import AddressInput
from caution.people.matching import Query, query_keys
from caution.register.check import check_run
from tests.factories import cautioned

pytestmark = pytest.mark.django_db


@pytest.fixture
def wendy(db):
    return cautioned(
        "Wendy",
        "Clarke",
        born=dt.date(1980, 4, 7),
        address=AddressInput(
            "Flat 3, 12 Churchill Road", town="Market Harborough", postcode="LE16 7AG"
        ),
    )


@pytest.fixture
def crowd(db):
    """Others on the register, at other addresses and on the same street."""
    cautioned("Wanda", "Clark", address=AddressInput("40 Churchill Road", postcode="LE16 7AH"))
    cautioned("Mark", "Davies", address=AddressInput("3 Station Road", postcode="LE16 9PQ"))
    cautioned("Winifred", "Carter", born=dt.date(1951, 2, 3))


def shown(query: Query, by) -> list[str]:
    return [m.person.display_name for m in check_run(query, by=by).people]


def reasons(query: Query, by) -> list[str]:
    return check_run(query, by=by).people[0].score.reasons


@pytest.mark.parametrize("asked", ["Qendy Clarke", "Wendy Vlarke", "Endy Clarke", "Wendy Lcarke"])
def test_a_typo_in_the_first_letter_of_a_name_still_finds_the_person(asked, wendy, crowd, reporter):
    assert shown(Query(name=asked), reporter)[0] == "Wendy Clarke"


def test_a_slip_in_both_names_with_the_date_of_birth_finds_the_person(wendy, crowd, reporter):
    query = Query(name="Wnedy Clakre", date_of_birth=dt.date(1980, 4, 7))
    assert shown(query, reporter)[0] == "Wendy Clarke"


def test_a_family_name_in_two_words_finds_it_held_as_one(crowd, reporter):
    cautioned("Agnes", "McDonald")
    assert shown(Query(name="Agnes Mc Donald"), reporter)[0] == "Agnes McDonald"


def test_a_family_name_in_one_word_finds_it_held_as_two(crowd, reporter):
    cautioned("Agnes", "Mc Donald")
    assert shown(Query(name="Agnes McDonald"), reporter)[0] == "Agnes Mc Donald"


def test_a_missing_given_name_with_the_address_finds_the_person(wendy, crowd, reporter):
    query = Query(name="Clarke", address="12 Churchill Road")
    assert shown(query, reporter)[0] == "Wendy Clarke"


@pytest.mark.parametrize(
    "address",
    [
        "12 Churchill Rd",
        "12 Chruchill Road",
        "12 Xhurchill Road",
        "twelve Churchill Road",
        "Market Harborough, 12 Churchill Road",
        "12 churchill road market harborough",
    ],
    ids=["abbreviated", "typo", "first letter", "number in words", "lines reordered", "one line"],
)
def test_an_address_as_people_write_it_finds_the_person(address, wendy, crowd, reporter):
    query = Query(name="W Clarke", address=address)
    assert shown(query, reporter)[0] == "Wendy Clarke"


def test_a_street_spelt_differently_is_explained(wendy, crowd, reporter):
    query = Query(name="Wendy Clarke", address="12 Chruchill Road")
    assert "Street name spelt like 'churchill'; same house number" in reasons(query, reporter)


def test_the_same_street_with_another_house_number_is_explained(wendy, crowd, reporter):
    query = Query(name="Wendy Clarke", address="14 Churchill Road")
    assert "Same street, house number differs" in reasons(query, reporter)


@pytest.mark.parametrize("postcode", ["LE16 7AF", "LE167AG", "le16 7ag", "LE1G 7AG"])
def test_a_postcode_with_one_wrong_character_or_no_space_finds_the_person(
    postcode, wendy, crowd, reporter
):
    query = Query(name="Wendy Clarke", postcode=postcode)
    assert shown(query, reporter)[0] == "Wendy Clarke"


def test_a_postcode_one_character_out_is_explained(wendy, crowd, reporter):
    query = Query(name="Wendy Clarke", postcode="LE16 7AF")
    assert "Postcode differs by one character" in reasons(query, reporter)


@pytest.mark.parametrize(
    "born", [dt.date(1980, 4, 8), dt.date(1980, 5, 7), dt.date(1981, 4, 7), dt.date(1980, 7, 4)]
)
def test_a_date_of_birth_with_one_part_wrong_or_day_and_month_swapped_still_counts(
    born, wendy, crowd, reporter
):
    """A near date of birth adds to the confidence: it ranks above a wholly different one."""
    near = check_run(Query(name="Wendy Clarke", date_of_birth=born), by=reporter).people[0]
    far = check_run(
        Query(name="Wendy Clarke", date_of_birth=dt.date(1962, 11, 23)), by=reporter
    ).people[0]
    assert near.person == far.person
    assert near.score.value > far.score.value
    assert not near.score.warnings


def test_a_query_asks_for_street_keys_not_a_scan():
    keys = query_keys(Query(address="12 Chruchill Road", postcode="LE16 7AG"))
    assert "a:12|churchill" in keys
    assert "z:LE167AG" in keys
