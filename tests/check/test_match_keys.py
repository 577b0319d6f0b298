"""How the check finds candidates by index without reading the register (issue 2,
performance): the keys a person and a query share, and which keys a check reads."""

import pytest

from caution.people.matching import (
    Query,
    affordable_keys,
    person_keys,
    query_keys,
    ranked_candidates,
    spelling_variants,
)


@pytest.mark.parametrize(
    "typed",
    ["smyth", "smiths", "smth", "smiht"],
    ids=["substitution", "insertion", "deletion", "transposition"],
)
def test_one_slip_in_a_name_still_shares_a_spelling_variant(typed):
    assert spelling_variants(typed) & spelling_variants("smith")


def test_short_names_are_not_varied_as_one_slip_makes_another_name():
    assert spelling_variants("tom") == {"tom"}


@pytest.mark.parametrize(
    "asked", ["John Smiht", "Jhon Smith", "Smith John", "Smith, Jonh", "Johnny Smith"]
)
def test_a_name_with_one_slip_nickname_or_swap_shares_a_name_pair_key(asked):
    held = person_keys([("John", "Smith")], None, [])
    shared = held & query_keys(Query(name=asked))
    assert any(key.startswith("f:") for key in shared)


def test_a_name_pair_key_is_not_shared_by_a_different_given_name():
    held = person_keys([("Mary", "Smith")], None, [])
    shared = held & query_keys(Query(name="John Smith"))
    assert not any(key.startswith("f:") for key in shared)


def test_the_rarest_keys_are_read_first_while_they_fit_the_budget():
    holders = {"f:john|smith": 3, "d:1975-03-14": 4, "t:john": 900, "t:smith": 1300}
    assert affordable_keys(holders, budget=1000, wanted=40) == {
        "f:john|smith": 3,
        "d:1975-03-14": 4,
        "t:john": 900,
    }


def test_a_common_name_asked_alone_is_still_read_past_the_budget():
    holders = {"n:jones": 5, "t:jones": 2000}
    assert "t:jones" in affordable_keys(holders, budget=1000, wanted=40)


def test_each_piece_of_evidence_counts_once_however_many_of_its_keys_match():
    thomas = ("t:thomas", "t:tom", "t:tommy", "m:TMS")
    groups = [dict.fromkeys(thomas, 1.0), {"f:beh|thomas": 1.0}]
    holders = {key: 100 for key in thomas} | {"f:beh|thomas": 1}
    held = [
        *(("thomas-taylor", key) for key in thomas),
        ("beth-thomas", "t:thomas"),
        ("beth-thomas", "f:beh|thomas"),
    ]
    assert ranked_candidates(held, groups, holders, limit=2) == ["beth-thomas", "thomas-taylor"]


def test_people_who_fit_equally_well_come_in_id_order_so_every_process_agrees():
    groups = [{"t:smith": 1.0}]
    held = [("c", "t:smith"), ("a", "t:smith"), ("b", "t:smith")]
    assert ranked_candidates(held, groups, {"t:smith": 3}, limit=2) == ["a", "b"]


def test_the_word_asked_is_read_before_its_rarer_nicknames():
    holders = {"t:lisa": 400, "t:beth": 300, "t:eliza": 300, "t:elizabeth": 350}
    assert "t:lisa" in affordable_keys(holders, budget=1000, wanted=40, first=["t:lisa"])
