"""Each profile lists what its letters must say (000 §8.7, 001 §10.2, 002 §4.5, 003 §9.1-9.2,
004 §5): an issued letter says all of it, and a letter missing any of it is refused."""

import pytest
from django.core.exceptions import ValidationError

from caution.letters import actions
from caution.letters.content import ELEMENT_VARIABLES, required_elements
from caution.letters.selectors import verified_pdf
from caution.policy.profiles import load_profile
from caution.policy.vocabulary import LETTER_ELEMENTS
from tests.letters.conftest import PROFILES, decided, pdf_text, squeezed

pytestmark = pytest.mark.django_db


@pytest.fixture(params=PROFILES)
def profile_key(request, settings):
    settings.CAUTION_PROFILE = request.param
    return request.param


def test_000_8_7_each_policy_an_issued_letter_contains_every_required_element(profile_key):
    case = decided(profile_key)
    letter = actions.letter_submit(case.letter, by=case.officer)
    letter = actions.letter_sign(letter, by=case.signatory)

    text = squeezed(pdf_text(verified_pdf(letter)))
    elements = required_elements(letter.kind, load_profile(profile_key))
    assert elements
    for element in elements:
        said = letter.fields[ELEMENT_VARIABLES[element]]
        assert said and squeezed(said) in text, f"{profile_key}: {element} missing from the PDF"


def test_000_8_7_each_policy_a_letter_missing_an_element_is_refused_naming_it(profile_key):
    case = decided(profile_key)
    first = required_elements(case.letter.kind, load_profile(profile_key))[0]
    letter = actions.letter_update(
        case.letter, fields={ELEMENT_VARIABLES[first]: "  "}, by=case.officer
    )

    with pytest.raises(ValidationError) as refused:
        actions.letter_submit(letter, by=case.officer)

    words = LETTER_ELEMENTS[first].lower()
    assert refused.value.messages == [f"The letter does not yet say: {words}"]
    letter.refresh_from_db()
    assert letter.status == "draft"
