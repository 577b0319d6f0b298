"""A letter that asks the person to write in gives the council's address, or cannot be
sent; the incident is summarised in the council's words, never the report's account as
written (issue 12)."""

import pytest
from django.core.exceptions import ValidationError

from caution.letters import actions
from caution.letters.forms import LetterFieldsForm
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db

ACCOUNT = "Shouted and swore at the officer at the front desk."


@pytest.fixture(autouse=True)
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


def test_without_the_councils_address_a_letter_asking_for_a_reply_cannot_be_sent(settings):
    settings.CAUTION_COUNCIL_ADDRESS = []
    case = decided("harborough")

    with pytest.raises(ValidationError) as refused:
        actions.letter_submit(case.letter, by=case.officer)

    assert "the council's address is not set" in refused.value.messages[-1]
    case.letter.refresh_from_db()
    assert case.letter.status == "draft"


def test_with_the_councils_address_the_letter_says_where_to_write():
    case = decided("harborough")

    letter = actions.letter_submit(case.letter, by=case.officer)

    assert letter.status == "awaiting_signoff"
    assert "Adam and Eve Street" in letter.fields["how_to_contact"]


def test_the_letter_outlines_the_incident_without_the_reports_account():
    case = decided("harborough")

    said = case.letter.fields["incident"]

    assert ACCOUNT not in said
    assert "towards a member of the council's staff" in said
    assert case.letter.fields["incident_date"] in said


def test_the_officer_writing_the_summary_sees_the_reports_account_beside_the_box():
    case = decided("harborough")

    form = LetterFieldsForm(letter=case.letter, names=["incident"])

    assert ACCOUNT in form.fields["incident"].help_text
    assert "in your own words" in form.fields["incident"].help_text
