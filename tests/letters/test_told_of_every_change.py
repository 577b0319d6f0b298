"""The person is told of every extension and removal where the profile says so
(`[notification] also_on`, 002 §3), whatever makes it: a decided change, expiry by the
sweep, the end of a tenancy; not only a review's outcome (issue 15, finding 4). The
letter is a draft, signed off as every letter is."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.accounts.roles import Role
from caution.letters.actions import letter_submit, missing_elements
from caution.letters.models import Letter
from caution.lib import clock
from caution.register.cautions_expiry import cautions_end_on_leaving, cautions_expire
from tests.factories import change_made, make_caution, make_person, make_user

pytestmark = pytest.mark.django_db

REASON = "No incident for a year: the Governance Group agreed it is no longer needed."


@pytest.fixture
def person(db):
    return make_person("Robert", "Smith")


@pytest.fixture
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def entry(cheltenham, person):
    return make_caution(person, level="ABUSE", expires_on=clock.today() + relativedelta(months=6))


def letters_of(kind: str) -> list[Letter]:
    return list(Letter.objects.filter(kind=kind))


def test_002_3_an_extension_decided_by_the_governance_group_drafts_a_letter(
    entry, person, register_officer
):
    """002 §3: "Customers are informed of any extension to their entry"."""
    later = entry.expires_on + relativedelta(months=6)
    change_made(entry, "extend", expires_on=later, reason="Two more calls", by=register_officer)
    [letter] = letters_of("extension")
    assert (letter.person, letter.caution, letter.status) == (person, entry, Letter.Status.DRAFT)
    assert f"until {later:%-d %B %Y}" in letter.fields["action"]
    assert letter.fields["reasons"] == "Two more calls"


def test_002_3_an_early_removal_decided_by_the_governance_group_drafts_a_letter(
    entry, person, register_officer
):
    """002 §3: "Customers are informed of any ... removal from the list"."""
    change_made(entry, "end", reason=REASON, by=register_officer)
    [letter] = letters_of("removal")
    assert (letter.person, letter.status) == (person, Letter.Status.DRAFT)
    assert (
        f"removed from the Personal Safety Register on {clock.today():%-d %B %Y}"
        in (letter.fields["action"])
    )
    assert letter.fields["reasons"] == REASON


def test_002_3_expiry_by_the_sweep_drafts_a_removal_letter(entry, person):
    """002 §3 and §4.5.1: an entry that expires is removed from the list, and the customer
    is told."""
    cautions_expire(as_of=entry.expires_on)
    [letter] = letters_of("removal")
    assert letter.person == person
    assert letter.prepared_by is None  # the sweep drafted it
    assert "Expired at the end of its period" in letter.fields["reasons"]


def test_002_3_the_letter_of_a_change_goes_through_sign_off(entry, register_officer):
    """002 §3, §3.4: the letter is signed off as every PSR letter is, not sent by itself."""
    change_made(entry, "end", reason=REASON, by=register_officer)
    [letter] = letters_of("removal")
    assert missing_elements(letter) == []
    assert letter_submit(letter, by=register_officer).status == Letter.Status.AWAITING_SIGNOFF


def test_002_4_5_1_a_shorter_period_is_no_extension_and_drafts_no_letter(entry):
    """002 §3 names extension and removal: the CSSM shortening the period is neither."""
    sooner = clock.today() + dt.timedelta(days=30)
    change_made(entry, "extend", expires_on=sooner, by=make_user(Role.DECISION_MAKER))
    assert not Letter.objects.exists()


@pytest.fixture
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


def test_003_10_3_the_end_of_a_tenancy_drafts_a_removal_letter(dover, person, register_officer):
    """003 §2.4 (customers informed of their status) and §10.3 (the alert is removed when
    the tenancy ends): the profile tells them of removal."""
    make_caution(person, level="2")
    cautions_end_on_leaving(person, left_on=clock.today(), by=register_officer)
    [letter] = letters_of("removal")
    assert letter.person == person
    assert "tenancy or licence ended" in letter.fields["reasons"]
