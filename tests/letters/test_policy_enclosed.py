"""The policy enclosed (000 §8.7 "Enclose a copy of this policy for the customer's
information"): where the letter says so, the council's policy follows the letter in the
print pack and is attached beside it to the e-mail; the operator's PDF where configured
(CAUTION_POLICY_PDF), else a summary rendered from the policy profile."""

import io

import pytest
from pypdf import PdfReader

from caution.letters import actions
from caution.letters.selectors import print_pack_letters, print_pack_pdf
from caution.outbox.models import OutboxMessage
from tests.letters.conftest import pdf_text
from tests.letters.test_delivery import issued

pytestmark = pytest.mark.django_db


def test_000_8_7_the_policy_follows_the_letter_in_the_print_pack(settings):
    case, letter = issued("harborough", settings)
    actions.letter_deliver(letter, method="post", by=case.officer)
    letter_pages = len(PdfReader(letter.pdf.open("rb")).pages)

    pack = print_pack_pdf(list(print_pack_letters()), by=case.officer)

    pages = PdfReader(io.BytesIO(pack)).pages
    assert len(pages) > letter_pages + letter_pages % 2
    policy = "\n".join(page.extract_text() for page in pages[letter_pages + letter_pages % 2 :])
    assert "Harborough District Council" in policy
    assert "Review Panel decides what action to take" in policy


def test_000_8_7_the_policy_is_attached_beside_the_e_mailed_letter(settings):
    case, letter = issued("harborough", settings)
    actions.letter_deliver(letter, method="email", by=case.officer)

    attachments = OutboxMessage.objects.get().payload["attachments"]
    assert [a["filename"] for a in attachments] == [f"letter-{letter.reference}.pdf", "policy.pdf"]


def test_000_8_7_the_councils_own_policy_pdf_is_enclosed_where_configured(settings, tmp_path):
    own = tmp_path / "policy.pdf"
    own.write_bytes(_one_page_pdf("Our own policy, in full"))
    settings.CAUTION_POLICY_PDF = str(own)
    case, letter = issued("harborough", settings)
    actions.letter_deliver(letter, method="post", by=case.officer)

    pack = print_pack_pdf(list(print_pack_letters()), by=case.officer)

    assert "Our own policy, in full" in pdf_text(pack)


def test_a_letter_that_does_not_say_so_encloses_nothing(settings):
    case, letter = issued("cheltenham", settings)
    actions.letter_deliver(letter, method="email", by=case.officer)
    assert len(OutboxMessage.objects.get().payload["attachments"]) == 1


def _one_page_pdf(text: str) -> bytes:
    from caution.letters.rendering import render_pdf

    return render_pdf(f"<html><body><p>{text}</p></body></html>")
