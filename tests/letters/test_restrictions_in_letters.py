"""A letter says the caution's restrictions in force when it is drafted, in the words the
check shows (register/restrictions.py): one that has ended is not in it."""

import datetime as dt

import pytest

from caution.letters.actions import letter_prepare
from caution.lib import clock
from caution.register.models import Restriction
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db


def test_a_restriction_that_ended_yesterday_is_not_in_the_letter(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    Restriction.objects.create(
        caution=case.caution,
        type="named_contact",
        label="Contact with one named officer only",
        starts_on=clock.today() - dt.timedelta(days=30),
        ends_on=clock.today() - dt.timedelta(days=1),
    )

    letter = letter_prepare(
        kind="restrictions",
        person=case.decision.person,
        caution=case.caution,
        decision=case.decision,
        by=case.officer,
    )

    expires = f"{case.caution.expires_on:%-d %B %Y}"
    assert letter.fields["restrictions"] == [
        f"Banned from visiting any Council offices and Customer Service points; until {expires}"
    ]
    assert "named officer" not in letter.fields["restriction_duration"]
