"""A decision drafts its letter, due within the profile's window; only the profile's
signatory signs it, and signing issues it, immutable, with its hash on file."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from caution.accounts.roles import Role
from caution.letters import actions
from caution.letters.selectors import TamperedLetter, verified_pdf
from caution.lib import clock
from caution.notifications.models import Notification
from caution.register.models import Decision
from tests.factories import make_user
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db


def submitted(case):
    return actions.letter_submit(case.letter, by=case.officer)


def test_000_8_7_a_caution_decision_drafts_its_letter_due_within_2_working_days(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")

    letter = case.letter
    assert (letter.kind, letter.status) == ("restrictions", "draft")
    assert letter.caution == case.caution
    assert letter.due_on == dt.date(2026, 3, 4)  # Monday's decision: by Wednesday


def test_000_8_7_a_decision_on_a_friday_is_due_on_the_tuesday(settings):
    settings.CAUTION_PROFILE = "harborough"
    with clock.frozen_at(dt.datetime(2026, 3, 6, 10, tzinfo=ZoneInfo("Europe/London"))):
        case = decided("harborough")
    assert case.letter.due_on == dt.date(2026, 3, 10)


def test_a_caution_without_restrictions_drafts_an_inclusion_letter(settings):
    settings.CAUTION_PROFILE = "harborough"
    assert decided("harborough", restricted=False).letter.kind == "caution"


def test_002_4_4_a_warning_decision_drafts_a_warning_letter(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham", outcome=Decision.Outcome.WARNING)
    assert (case.letter.kind, case.letter.caution) == ("warning", None)


def test_no_action_drafts_no_letter(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham", outcome=Decision.Outcome.NO_ACTION)
    assert not case.decision.letters.exists()


def test_sending_for_sign_off_tells_the_signatory(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    submitted(case)
    note = Notification.objects.get(user=case.signatory)
    assert note.subject == "A letter awaits your sign-off"
    assert "Gary" not in note.body  # no personal data in messages to staff


def test_000_8_7_the_most_senior_panel_member_present_signs(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    letter = submitted(case)
    absent_director = make_user(Role.DECISION_MAKER, first_name="Abe")

    for refused in (absent_director, case.outsider, case.officer):
        with pytest.raises(PermissionDenied, match="Most senior Review Panel member present"):
            actions.letter_sign(letter, by=refused)

    issued = actions.letter_sign(letter, by=case.signatory)
    assert issued.status == "issued"
    assert issued.fields["signatory_title"] == "Corporate Management Team member"


def test_002_3_4_the_customer_and_support_services_manager_signs(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    letter = submitted(case)
    with pytest.raises(PermissionDenied):
        actions.letter_sign(letter, by=make_user(Role.MANAGER))
    issued = actions.letter_sign(letter, by=case.signatory)
    assert issued.signatory_title == "Customer and Support Services Manager"


def test_003_9_1_the_line_manager_of_the_reporting_officer_signs(settings):
    settings.CAUTION_PROFILE = "dover"
    case = decided("dover")
    own_manager = make_user(Role.MANAGER, first_name="Nia")
    case.reporter.manager = own_manager
    case.reporter.save()
    letter = submitted(case)

    with pytest.raises(PermissionDenied):
        actions.letter_sign(letter, by=case.signatory)  # a manager, but not theirs
    assert actions.letter_sign(letter, by=own_manager).signatory == own_manager


def test_signing_a_draft_not_sent_for_sign_off_is_refused(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    with pytest.raises(ValidationError, match="Send the letter for sign-off first"):
        actions.letter_sign(case.letter, by=case.signatory)


def test_the_signatory_can_send_a_letter_back_to_be_corrected(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    letter = actions.letter_return(submitted(case), reason="Wrong date", by=case.signatory)
    assert letter.status == "draft"


def test_changing_the_words_after_submission_needs_a_fresh_sign_off(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    letter = actions.letter_update(submitted(case), fields={"reasons": "New"}, by=case.officer)
    assert letter.status == "draft"


def issued(case):
    return actions.letter_sign(submitted(case), by=case.signatory)


def test_000_8_2_an_issued_letter_is_kept_on_file_with_its_hash(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    letter = issued(decided("cheltenham"))
    data = verified_pdf(letter)
    assert data.startswith(b"%PDF")
    assert len(letter.sha256) == 64
    assert letter.issued_at == clock.now()


def test_000_8_2_an_issued_letter_cannot_be_changed(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    letter = issued(case)
    with pytest.raises(ValidationError, match="cannot change"):
        actions.letter_update(letter, fields={"reasons": "Other reasons"}, by=case.officer)
    with pytest.raises(ValidationError, match="cannot change"):
        actions.letter_submit(letter, by=case.officer)


def test_000_8_2_a_copy_on_file_that_was_changed_is_refused(settings):
    """000 §8.2 step 8: a copy of the letter is kept on file, so a copy that no longer
    matches its hash is refused, whichever council issued it."""
    settings.CAUTION_PROFILE = "cheltenham"
    letter = issued(decided("cheltenham"))
    with default_storage.open(letter.pdf.name, "wb") as stored:
        stored.write(b"%PDF-1.7 something else")
    with pytest.raises(TamperedLetter):
        verified_pdf(letter)
