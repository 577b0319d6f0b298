"""Letters in large print (issue 16 item 1, ADR 0018): a draft to someone with a large
print adjustment is in large print, through the same sign-off; it can be switched until
signed, and the issued PDF is the large print one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.letters import actions
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.adjusting import adjustment_record
from caution.people.models import Adjustment
from tests.letters.conftest import decided, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    return decided("cheltenham")


def large_print_agreed(person) -> Adjustment:
    return adjustment_record(
        person,
        kind=Adjustment.Kind.LARGE_PRINT,
        agreed="All letters in large print",
        need="Partially sighted",
        agreed_on=clock.today(),
        agreed_by="Tenancy Officer",
        by=None,
    )


def redrafted(case) -> Letter:
    return actions.letter_prepare_for_decision(case.decision, by=case.officer)


def test_a_letter_is_in_standard_print_when_nothing_is_agreed(case):
    assert case.letter.large_print is False


def test_a_letter_to_someone_with_large_print_agreed_is_drafted_in_large_print(case):
    large_print_agreed(case.decision.person)

    assert redrafted(case).large_print is True


def test_the_large_print_letter_is_issued_through_the_same_sign_off(case):
    large_print_agreed(case.decision.person)
    letter = actions.letter_submit(redrafted(case), by=case.officer)

    issued = actions.letter_sign(letter, by=case.signatory)

    assert issued.status == Letter.Status.ISSUED
    assert "font-size: 16pt" in issued.html
    issued.pdf.open("rb")
    assert "Gary Pratt" in pdf_text(issued.pdf.read())


def test_switching_to_large_print_sends_a_letter_back_to_draft(case):
    letter = actions.letter_submit(case.letter, by=case.officer)

    switched = actions.letter_print_set(letter, large_print=True, by=case.officer)

    assert (switched.large_print, switched.status) == (True, Letter.Status.DRAFT)


def test_an_issued_letter_cannot_be_switched(case):
    letter = actions.letter_sign(
        actions.letter_submit(case.letter, by=case.officer), by=case.signatory
    )

    with pytest.raises(ValidationError):
        actions.letter_print_set(letter, large_print=True, by=case.officer)


def test_the_letter_page_switches_a_draft_to_large_print(client, case):
    client.force_login(case.officer)
    url = reverse("letters:detail", args=[case.letter.id])
    assert "Standard print" in client.get(url).content.decode()

    client.post(url, {"print": "large"})

    assert Letter.objects.get(id=case.letter.id).large_print is True
    assert "Large print (16pt)" in client.get(url).content.decode()
