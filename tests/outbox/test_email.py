"""E-mails leave through the outbox to a real SMTP server on loopback."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from caution.outbox.actions import Attachment, outbox_email
from caution.outbox.delivery import outbox_deliver
from caution.outbox.models import DeliveryAttempt, OutboxMessage
from tests.factories import make_person


def test_an_email_waits_in_the_outbox_until_the_worker_sends_it(smtp):
    outbox_email(to=["officer@council.example"], subject="A report", text="Open the link.")
    assert smtp.messages == []

    assert outbox_deliver() == 1

    [message] = smtp.messages
    assert message["To"] == "officer@council.example"
    assert message["Subject"] == "A report"
    assert message.get_content().strip() == "Open the link."


def test_each_recipient_gets_their_own_message(smtp):
    messages = outbox_email(to=["a@council.example", "b@council.example"], subject="S", text="T")

    outbox_deliver()

    assert len(messages) == 2
    assert sorted(m["To"] for m in smtp.messages) == ["a@council.example", "b@council.example"]


def test_the_message_id_comes_from_the_outbox_key_so_a_repeat_is_recognisable(smtp):
    [message] = outbox_email(to=["a@council.example"], subject="S", text="T", key="letter:42")

    outbox_deliver()

    assert smtp.message_ids() == [f"<{message.event_id}@council.example>"]


def test_enqueueing_the_same_key_twice_sends_once(smtp):
    first = outbox_email(to=["a@council.example"], subject="S", text="T", key="letter:7")
    again = outbox_email(to=["a@council.example"], subject="S", text="T", key="letter:7")

    outbox_deliver()

    assert [m.id for m in first] == [m.id for m in again]
    assert len(smtp.messages) == 1


def test_a_change_that_rolls_back_sends_nothing(smtp):
    class Refused(Exception):
        pass

    try:
        with transaction.atomic():
            outbox_email(to=["a@council.example"], subject="S", text="T")
            raise Refused
    except Refused:
        pass

    assert outbox_deliver() == 0
    assert smtp.messages == []


def test_attachments_are_read_from_private_storage(smtp):
    name = default_storage.save("letters/test-letter.pdf", ContentFile(b"%PDF-1.7 letter"))
    try:
        outbox_email(
            to=["person@example.org"],
            subject="Your letter",
            text="Your letter is attached.",
            html="<p>Your letter is attached.</p>",
            attachments=[Attachment("letter.pdf", name, "application/pdf")],
        )
        outbox_deliver()
    finally:
        default_storage.delete(name)

    [message] = smtp.messages
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "letter.pdf"
    assert attachment.get_content() == b"%PDF-1.7 letter"
    assert message.get_body(("html",)).get_content().strip() == "<p>Your letter is attached.</p>"


def test_deleting_the_person_deletes_the_messages_about_them(smtp):
    person = make_person("Robert", "Smith")
    outbox_email(to=["person@example.org"], subject="Your letter", text="T", person=person)

    person.delete()

    assert not OutboxMessage.objects.exists()


def test_a_refused_address_fails_at_once_without_recording_it(smtp):
    smtp.replies.append("550 5.1.1 <person@example.org>: mailbox unavailable")
    [message] = outbox_email(to=["person@example.org"], subject="S", text="T")

    outbox_deliver()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.last_error == "SMTP 550"
    assert DeliveryAttempt.objects.get().error == "SMTP 550"


def test_a_busy_mail_server_is_tried_again_later(smtp):
    smtp.replies.append("451 4.3.0 Try again later")
    [message] = outbox_email(to=["a@council.example"], subject="S", text="T")

    outbox_deliver()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.last_error == "SMTP 451"
