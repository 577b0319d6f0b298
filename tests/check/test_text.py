"""Names are compared as people mean them, whatever the accents, case and punctuation."""

import pytest

from caution.lib.text import fold


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
