"""notify(): the in-app message and the e-mail, as each user has chosen; safety alerts
always by both; nothing about the person concerned in an e-mail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from caution.notifications import events
from caution.notifications.actions import notify, preferences_update
from caution.notifications.models import Notification
from caution.notifications.selectors import preferences_of
from caution.outbox.models import OutboxMessage
from tests.notifications.conftest import emails_to

pytestmark = pytest.mark.django_db


def tell(users, event=events.MEETING_SCHEDULED, **extra):
    return notify(
        users,
        subject="You are invited to a meeting",
        body="You are invited to a meeting of the Review Panel.",
        url="/meetings/0b6c4f5e-3d7e-4a39-9a5c-111111111111/",
        event=event,
        **extra,
    )


def choose(user, **chosen):
    preferences_update(user, chosen={k: set(v) for k, v in chosen.items()}, by=user)


def test_by_default_a_meeting_invitation_comes_in_the_service_and_by_email(colleague):
    tell([colleague])

    assert Notification.objects.filter(user=colleague, event=events.MEETING_SCHEDULED).exists()
    assert [m.subject for m in emails_to(colleague)] == ["You are invited to a meeting"]


def test_by_default_a_caution_change_is_not_emailed(officer):
    tell([officer], event=events.CAUTION_CHANGED)

    assert Notification.objects.filter(user=officer).exists()
    assert emails_to(officer) == []


def test_a_user_who_wants_only_emails_gets_no_message_in_the_service(colleague):
    choose(colleague, meeting_scheduled={"email"})

    tell([colleague])

    assert not Notification.objects.filter(user=colleague).exists()
    assert len(emails_to(colleague)) == 1


def test_a_user_who_wants_only_the_service_gets_no_email(colleague):
    choose(colleague, meeting_scheduled={"in_app"})

    tell([colleague])

    assert Notification.objects.filter(user=colleague).exists()
    assert emails_to(colleague) == []


def test_a_user_who_unticks_both_is_not_told(colleague):
    choose(colleague)

    tell([colleague])

    assert not Notification.objects.filter(user=colleague).exists()
    assert emails_to(colleague) == []


def test_one_users_choice_does_not_change_anothers(colleague, officer):
    choose(colleague)

    tell([colleague, officer])

    assert Notification.objects.filter(user=officer).exists()
    assert len(emails_to(officer)) == 1


def test_a_safety_alert_is_always_sent_by_both_whatever_the_user_chose(colleague):
    choose(colleague)  # every optional notification turned off

    notify(
        [colleague],
        subject="Safety alert: a threat has been reported against you",
        body="A report says that you were threatened by name.",
        url="/reports/0b6c4f5e-3d7e-4a39-9a5c-222222222222/",
        safety=True,
    )

    assert Notification.objects.get(user=colleague).event == events.SAFETY_ALERT
    [email] = emails_to(colleague)
    assert "always sent" in email.body


def test_a_message_sent_as_a_safety_alert_event_is_a_safety_alert(colleague):
    choose(colleague)

    tell([colleague], event=events.SAFETY_ALERT)

    assert Notification.objects.get(user=colleague).safety
    assert len(emails_to(colleague)) == 1


def test_safety_alerts_are_not_among_the_choices(colleague):
    with pytest.raises(ValidationError):
        choose(colleague, safety_alert=set())


def test_a_choice_that_is_not_a_channel_is_refused(colleague):
    with pytest.raises(ValidationError):
        choose(colleague, meeting_scheduled={"post"})


def test_nobody_changes_another_users_choices(colleague, officer):
    with pytest.raises(PermissionDenied):
        preferences_update(colleague, chosen={}, by=officer)


def test_the_defaults_are_shown_until_the_user_chooses(colleague):
    shown = preferences_of(colleague)

    assert shown[events.MEETING_SCHEDULED].email and shown[events.MEETING_SCHEDULED].in_app
    assert not shown[events.CAUTION_ADDED].email
    assert events.SAFETY_ALERT not in shown


def test_the_email_says_what_the_message_says_and_links_to_the_page(colleague, settings):
    settings.CAUTION_BASE_URL = "https://caution.council.example"

    tell([colleague])

    [email] = emails_to(colleague)
    assert email.body.startswith("You are invited to a meeting of the Review Panel.")
    assert "https://caution.council.example/meetings/0b6c4f5e" in email.body
    assert "https://caution.council.example/notifications/choices/" in email.body


def test_an_inactive_user_is_not_told(colleague):
    colleague.is_active = False
    colleague.save()

    tell([colleague])

    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_change_that_rolls_back_tells_nobody(colleague):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell([colleague])
        raise RuntimeError("the action failed after telling")

    assert not Notification.objects.exists()
    assert emails_to(colleague) == []


def test_the_email_waits_in_the_outbox_until_the_worker_sends_it(colleague):
    from django.core import mail

    tell([colleague])

    assert mail.outbox == []
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL).count() == 1
