"""The demo's letters: signing in, the signatory finds one to sign, and the register
officer one issued and waiting to be sent (letters.md)."""

import pytest

from caution.accounts.models import User
from caution.letters.actions import signatories_for
from caution.letters.models import Letter
from caution.letters.selectors import print_pack_letters
from caution.policy.profiles import available

pytestmark = pytest.mark.django_db(transaction=True)

# The demo user who signs under each profile (letters.md, "Sign-off").
SIGNATORY = {
    "harborough": "decision-maker",  # the most senior Review Panel member present (000 §8.7)
    "determination-team": "panel-member",
    "cheltenham": "decision-maker",  # the CSSM (002 §3.4)
    "dover": "manager",  # the reporter's line manager (003 §9.1)
    "workington": "register-officer",  # the Chief Officer
}
POSTED = [profile for profile in available() if profile != "dover"]


@pytest.mark.parametrize("profile", available())
def test_a_letter_awaits_sign_off_by_the_profiles_signatory(demo, profile):
    demo(profile)
    signatory = User.objects.get(username=SIGNATORY[profile])
    [letter] = Letter.objects.filter(status=Letter.Status.AWAITING_SIGNOFF)
    assert signatories_for(letter).filter(id=signatory.id).exists()
    told = signatory.notifications.filter(read_at__isnull=True, url__contains=str(letter.id))
    assert told.get().subject == "A letter awaits your sign-off"


@pytest.mark.parametrize("profile", ["harborough", "dover"])
def test_only_the_waiting_letter_is_unread_by_its_signatory(demo, profile):
    demo(profile)
    signatory = User.objects.get(username=SIGNATORY[profile])
    unread = signatory.notifications.filter(
        read_at__isnull=True, subject="A letter awaits your sign-off"
    )
    assert unread.count() == 1


@pytest.mark.parametrize("profile", POSTED)
def test_an_issued_letter_waits_in_the_print_pack(demo, profile):
    demo(profile)
    [letter] = print_pack_letters()
    assert letter.status == Letter.Status.ISSUED
    assert letter.pdf and letter.sha256


def test_under_dover_an_issued_letter_waits_to_be_hand_delivered(demo):
    demo("dover")  # 003 §9.1: hand delivered only, so nothing goes in the print pack
    assert not print_pack_letters().exists()
    assert Letter.objects.filter(status=Letter.Status.ISSUED, delivery_status="").exists()
    delivered = Letter.objects.filter(delivery_status=Letter.DeliveryStatus.HAND_DELIVERED)
    assert delivered and all(letter.delivered_by for letter in delivered)


def test_letters_already_posted_show_their_caution_notified(demo):
    demo("harborough")
    posted = Letter.objects.filter(delivery_status=Letter.DeliveryStatus.POSTED)
    told = [letter.caution for letter in posted if letter.caution_id]
    assert told and all(caution.notified == "yes" for caution in told)
