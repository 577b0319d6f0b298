"""The check finds people from the questions staff really ask (issue 9): typos in first
letters, names missing, split or joined, addresses as people write them, dates of birth with
a part wrong. Each answer comes from indexed keys, never a scan of the register."""

import datetime as dt

import pytest

from caution.lib.text import name_tokens
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


@pytest.fixture
def common_names(db):
    """Many holders of each word of "Rachael Jackson", so that no single word is rare."""
    for n, given in enumerate(("Amy", "Beth", "Cara", "Dawn", "Eve", "Fay", "Gail", "Hope")):
        cautioned(given, "Jackson", born=dt.date(1970, 1, n + 1))
        cautioned("Rachael", f"{given}son", born=dt.date(1971, 1, n + 1))


def test_a_slip_in_both_names_finds_the_person_where_each_word_is_common(
    common_names, reporter, monkeypatch
):
    """The pair of names the register holds near the words asked is read, when each word
    alone has too many holders to read (a small budget stands in for a large register)."""
    monkeypatch.setattr("caution.register.check.ROW_BUDGET", 4)
    monkeypatch.setattr("caution.register.check.CANDIDATES", 3)
    cautioned("Rachael", "Jackson")
    assert shown(Query(name="Racael Jackon"), reporter)[0] == "Rachael Jackson"


def test_a_slip_in_a_three_letter_name_still_finds_the_person(crowd, reporter):
    cautioned("Tina", "Todd")
    assert shown(Query(name="Tia Odd"), reporter)[0] == "Tina Todd"


def test_a_street_named_with_a_street_word_is_found_with_a_typo(crowd, reporter):
    cautioned("Ian", "Park", address=AddressInput("12 Park Road", postcode="LE16 9ZZ"))
    query = Query(name="Parke", address="12 Prak Road")
    assert "Street name spelt like 'park'; same house number" in reasons(query, reporter)


def test_two_letters_swapped_in_a_three_letter_name_still_find_the_person(crowd, reporter):
    cautioned("Anna", "Fox")
    assert shown(Query(name="Anna Ofx"), reporter)[0] == "Anna Fox"


def test_another_letter_in_a_three_letter_name_is_another_name(crowd, reporter):
    cautioned("Anna", "Fox")
    cautioned("Anna", "Fix")
    assert shown(Query(name="Anna Fix"), reporter)[:1] == ["Anna Fix"]
    assert "'fix' is spelt like 'fox'" not in " ".join(
        r for m in check_run(Query(name="Anna Fix"), by=reporter).people for r in m.score.reasons
    )


@pytest.mark.parametrize(
    ("asked", "given", "family"),
    [
        ("Rachael Hollaoy", "Rachael", "Holloway"),
        ("Rachael Jacskno", "Rachael", "Jackson"),
        ("Rachaeel Fayosn", "Rachael", "Fayson"),
    ],
    ids=["two typos", "two swaps", "a slip in the other name too"],
)
def test_two_slips_in_one_long_word_still_find_the_person(
    asked, given, family, common_names, reporter, monkeypatch
):
    monkeypatch.setattr("caution.register.check.ROW_BUDGET", 4)
    monkeypatch.setattr("caution.register.check.CANDIDATES", 3)
    cautioned(given, family)
    assert shown(Query(name=asked), reporter)[0] == f"{given} {family}"


@pytest.mark.parametrize(
    ("asked", "given", "family"),
    [("July Jackson", "Julie", "Jackson"), ("Rachael Ly", "Rachael", "Lee")],
)
def test_a_name_spelt_as_it_sounds_is_shown_where_the_other_word_is_common(
    asked, given, family, common_names, reporter, monkeypatch
):
    monkeypatch.setattr("caution.register.check.ROW_BUDGET", 4)
    monkeypatch.setattr("caution.register.check.CANDIDATES", 3)
    # More people share each sound than the budget reads: Julie's and Lee's own among them.
    for sound in ("Jill", "Joel", "Jule", "Jool", "Joll", "Lea", "Leigh", "Lay", "Loy", "Leah"):
        cautioned("Ann", sound)
    cautioned(given, family)
    assert f"{given} {family}" in shown(Query(name=asked), reporter)


def test_a_person_added_after_a_check_is_found_with_two_slips_by_the_next(
    common_names, reporter, monkeypatch
):
    monkeypatch.setattr("caution.register.check.ROW_BUDGET", 4)
    monkeypatch.setattr("caution.register.check.CANDIDATES", 3)
    check_run(Query(name="Rachael Jackson"), by=reporter)
    cautioned("Rachael", "Holloway")
    assert shown(Query(name="Rachael Hollaoy"), reporter)[0] == "Rachael Holloway"


def test_a_family_name_alone_with_a_year_one_digit_out_finds_the_person_among_many(
    reporter, monkeypatch
):
    """A date of birth one part out is read by key: among many holders of the name, it
    finds the one born that day ten years earlier or later."""
    monkeypatch.setattr("caution.register.check.ROW_BUDGET", 4)
    monkeypatch.setattr("caution.register.check.CANDIDATES", 3)
    for n in range(6):
        cautioned(f"Al{'e' * n}x", "Henderson", born=dt.date(1960 + n, 1, 1))
    dean = cautioned("Dean", "Henderson", born=dt.date(1987, 8, 28))
    result = check_run(Query(name="Henderson", date_of_birth=dt.date(1977, 8, 28)), by=reporter)
    assert result.people[0].person == dean


def test_a_title_after_the_names_is_read_as_a_name():
    assert name_tokens("Samuel Miss") == ["samuel", "miss"]
    assert name_tokens("Miss Jane Doe") == ["jane", "doe"]


@pytest.mark.parametrize("postcode", ["LE16 7GA", "L1E6 7AG"], ids=["a postcode", "no postcode"])
def test_a_postcode_with_two_characters_swapped_counts_as_near(postcode, wendy, crowd, reporter):
    """Swapped either way: into another postcode ("7GA"), or into no postcode at all."""
    query = Query(name="Wendy Clarke", postcode=postcode)
    assert "Postcode matches with two characters swapped" in reasons(query, reporter)


def test_a_family_name_on_the_same_street_ranks_above_the_name_alone(wendy, reporter):
    """A house number out, a postcode one character out, the date of birth wrong and no
    given name: the person on that street still comes before another of the family name
    known by name only."""
    cautioned("Wilma", "Clarke", address=AddressInput("9 Mill Lane", postcode="NN1 1AA"))
    query = Query(
        name="Clarke",
        date_of_birth=dt.date(1966, 1, 1),
        address="14 Churchill Road",
        postcode="LE16 7AF",
    )
    assert shown(query, reporter)[0] == "Wendy Clarke"


def test_the_same_street_in_the_same_town_is_explained(wendy, crowd, reporter):
    query = Query(name="Wendy Clarke", address="Churchill Road, Market Harborough")
    assert "Same street and town, no house number to compare" in reasons(query, reporter)
