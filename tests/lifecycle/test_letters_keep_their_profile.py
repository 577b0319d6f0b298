"""A letter carries the profile it was drafted under (`Letter.profile`): what it must say
is that profile's list (000 §8.7), even after the council runs another profile."""

import pytest

from caution.letters.actions import missing_elements
from caution.lib import clock
from tests.letters.conftest import MONDAY, decided

pytestmark = pytest.mark.django_db


def test_000_8_7_a_letter_is_checked_against_the_profile_it_was_drafted_under(settings):
    settings.CAUTION_PROFILE = "harborough"
    with clock.frozen_at(MONDAY):
        letter = decided("harborough").letter
        complete = missing_elements(letter)

        settings.CAUTION_PROFILE = "dover"  # 003 §9.1 asks for other elements

        assert letter.profile == "harborough"
        assert missing_elements(letter) == complete
