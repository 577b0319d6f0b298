"""Names are compared as people mean them, whatever the accents, case and punctuation."""

import pytest

from caution.lib.text import address_parts, fold


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Zoë O'Brien", "zoe obrien"),
        ("ÉLODIE  Núñez", "elodie nunez"),
        ("JOHN smith-jones", "john smith jones"),
        ("  Mc Donald, ", "mc donald"),
    ],
)
def test_accents_case_and_punctuation_are_folded_away(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("written", "number", "street"),
    [
        ("12 High Street", "12", "high"),
        ("12 High St.", "12", "high"),
        ("twelve high stret", "12", "high"),
        # A street whose name is itself a street word: Park Road is not a park.
        ("12 Park Road", "12", "park"),
        ("141 Field Close", "141", "field"),
        ("141 Field Cloes", "141", "field"),
        ("3 Green Lane", "3", "green"),
        ("3 Green Park Road", "3", "greenpark"),
        # Short forms written as consonants, and the usual ones.
        ("28 Leach Drv", "28", "leach"),
        ("7 Hill Wlk", "7", "hill"),
        ("1 Ash Gro", "1", "ash"),
        ("4 Oak Cresc", "4", "oak"),
        ("9 Mill La", "9", "mill"),
        # "The Green" and "The Crescent" are different streets.
        ("1 The Green", "1", "thegreen"),
        ("1 The Crescent", "1", "thecrescent"),
        ("The Paddock", "", "thepaddock"),
        ("Flat 3, 12 High Street", "12", "high"),
        # A letter added to a short street word.
        ("8 Tadden Qway", "8", "tadden"),
        ("8 Tadden Roadd", "8", "tadden"),
        # A letter added to a written short form.
        ("Stanbury Aved, High Calby", "", "stanbury"),
        ("12 Plane Tree Road", "12", "planetree"),
    ],
)
def test_the_street_is_found_however_the_address_is_written(written, number, street):
    parts = address_parts(written)
    assert (parts.number, parts.street) == (number, street)


def test_a_town_after_the_street_is_the_town():
    assert address_parts("12 High Street Castle Park").town == "castlepark"
