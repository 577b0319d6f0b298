"""Delivery: a print pack of the letters to post, e-mail through the outbox with the PDF
attached, or hand delivery with date, time and officer (003 §9.1). Delivery tells the
register that the person has been notified (000 §8.5)."""

import datetime as dt
import hashlib
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from caution.letters import actions
from caution.letters.selectors import print_pack_letters, print_pack_pdf
from caution.lib import clock
from caution.outbox.models import OutboxMessage
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db
MM = 72 / 25.4  # PDF points in a millimetre
# A Notify API key: name, service id, secret. Nothing is sent: the worker is not run.
NOTIFY_TEST_KEY = f"caution_register-{uuid.uuid4()}-{uuid.uuid4()}"


def issued(profile_key, settings):
    settings.CAUTION_PROFILE = profile_key
    case = decided(profile_key)
    letter = actions.letter_submit(case.letter, by=case.officer)
    return case, actions.letter_sign(letter, by=case.signatory)


def test_000_8_5_a_posted_letter_marks_the_person_as_notified(settings):
    case, letter = issued("harborough", settings)
    actions.letter_deliver(letter, method="post", by=case.officer)
    assert list(print_pack_letters()) == [letter]
    assert case.caution.notified == "pending"

    assert actions.letters_mark_posted([letter.id], by=case.officer) == 1

    letter.refresh_from_db()
    case.caution.refresh_from_db()
    assert (letter.status, letter.delivery_status) == ("delivered", "posted")
    assert case.caution.notified == "yes"
    assert list(print_pack_letters()) == []


def test_the_print_pack_is_one_pdf_with_each_letter_on_fresh_sheets(settings):
    case, letter = issued("cheltenham", settings)  # its letters enclose no policy
    actions.letter_deliver(letter, method="post", by=case.officer)
    pages = len(PdfReader(letter.pdf.open("rb")).pages)

    pack = PdfReader(io.BytesIO(print_pack_pdf(list(print_pack_letters()), by=case.officer)))

    assert len(pack.pages) == pages + pages % 2


def test_an_e_mailed_letter_goes_through_the_outbox_with_its_pdf(settings):
    case, letter = issued("harborough", settings)
    letter = actions.letter_deliver(letter, method="email", by=case.officer)

    message = OutboxMessage.objects.get()
    assert message.payload["to"] == "gary@example.org"
    assert message.payload["attachments"][0]["storage_name"] == letter.pdf.name
    assert message.person == case.decision.person
    assert letter.delivery_status == "emailed"


def test_003_9_1_dover_letters_are_hand_delivered_only(settings):
    case, letter = issued("dover", settings)
    with pytest.raises(ValidationError, match="hand delivered"):
        actions.letter_deliver(letter, method="post", by=case.officer)


def test_003_9_1_hand_delivery_needs_the_date_time_and_officer(settings):
    case, letter = issued("dover", settings)
    with pytest.raises(ValidationError) as refused:
        actions.letter_deliver(letter, method="hand", by=case.officer)
    assert set(refused.value.message_dict) == {"delivered_at", "officer"}


def test_003_9_1_hand_delivery_records_when_and_by_whom(settings):
    case, letter = issued("dover", settings)
    with clock.frozen_at(clock.now() + dt.timedelta(hours=3)):
        at = clock.now() - dt.timedelta(minutes=30)
        actions.letter_deliver(
            letter, method="hand", delivered_at=at, officer=case.signatory, by=case.officer
        )
    letter.refresh_from_db()
    assert (letter.delivered_at, letter.delivered_by) == (at, case.signatory)
    assert letter.delivery_status == "hand_delivered"


def test_a_letter_is_sent_once(settings):
    case, letter = issued("harborough", settings)
    actions.letter_deliver(letter, method="email", by=case.officer)
    with pytest.raises(ValidationError, match="has not been sent"):
        actions.letter_deliver(letter, method="email", by=case.officer)


def test_a_draft_cannot_be_sent(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    with pytest.raises(ValidationError):
        actions.letter_deliver(case.letter, method="post", by=case.officer)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback (aiosmtpd), as the outbox's own tests use."""
    from tests.outbox.receivers import SmtpReceiver

    with SmtpReceiver() as receiver:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", receiver.port
        settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = (
            False,
            "",
            "",
        )
        yield receiver


def test_the_e_mailed_letter_arrives_with_the_pdf_kept_on_file(settings, smtp):
    from caution.outbox.delivery import outbox_deliver

    case, letter = issued("cheltenham", settings)  # its letters enclose no policy
    actions.letter_deliver(letter, method="email", by=case.officer)

    assert outbox_deliver() == 1

    [message] = smtp.messages
    assert message["To"] == "gary@example.org"
    [attachment] = list(message.iter_attachments())
    pdf = attachment.get_content()
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256
    assert "Gary" not in attachment.get_filename()


def test_with_gov_uk_notify_a_posted_letter_goes_to_notify_not_the_print_pack(settings):
    case, letter = issued("harborough", settings)
    settings.GOVUK_NOTIFY_API_KEY = NOTIFY_TEST_KEY

    letter = actions.letter_deliver(letter, method="post", by=case.officer)

    message = OutboxMessage.objects.get()
    assert message.channel == OutboxMessage.Channel.NOTIFY_LETTER
    assert message.payload["pdf"]["storage_name"] == letter.pdf.name
    assert (letter.delivery_status, letter.delivered_to) == ("posted", "GOV.UK Notify")
    assert list(print_pack_letters()) == []


def test_the_address_is_printed_where_notify_and_a_window_envelope_need_it(settings):
    """GOV.UK Notify's precompiled letters: the address 24.6-120 mm from the left edge and
    40-66.2 mm from the top of the page."""
    _case, letter = issued("harborough", settings)
    page = PdfReader(letter.pdf.open("rb")).pages[0]
    height = float(page.mediabox.height)
    placed = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            # Where the text starts, in the page's own space: the text matrix's origin
            # through the current transformation matrix.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            placed.append((text.strip(), x / MM, (height - y) / MM))

    page.extract_text(visitor_text=visit)

    lines = [(x, y) for text, x, y in placed if text in ("Gary Pratt", "LE17 4BN")]
    assert len(lines) == 2
    for x, y in lines:
        assert 24.6 <= x <= 120
        assert 40 <= y <= 66.2
