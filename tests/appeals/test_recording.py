"""Recording an appeal: the channel, the date received, the grounds, and the profile's
window (003 §9.2, 004 §6); while it runs the caution stays, shown "appeal in progress"."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.audit.selectors import history_of
from caution.letters.actions import letter_prepare
from caution.letters.models import Letter
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened
from caution.register.appeals import appeal_record
from caution.register.changing import caution_change_propose
from caution.register.models import Appeal
from tests.appeals.conftest import caution_decided
from tests.factories import make_caution
from tests.journeys.conftest import check

pytestmark = pytest.mark.django_db


def record(caution, handler, by, *, received_on=None, **extra):
    return appeal_record(
        caution,
        channel=extra.pop("channel", Appeal.Channel.LETTER),
        received_on=received_on or clock.today(),
        grounds=extra.pop("grounds", "I was only asking about my repair."),
        handler=handler,
        by=by,
        **extra,
    )


@pytest.fixture
def dover_caution(settings, reporter, customer, line_manager):
    settings.CAUTION_PROFILE = "dover"
    return caution_decided(reporter, customer, line_manager, "VIOLENCE", "3")


def test_003_9_2_an_appeal_within_14_days_of_notification_is_accepted(
    dover_caution, senior, register_officer
):
    dover_caution.notified_on = clock.today() - dt.timedelta(days=14)
    dover_caution.save()

    appeal = record(dover_caution, senior, register_officer)

    assert appeal.window_ends_on == clock.today()
    assert not appeal.late


def test_003_9_2_an_appeal_after_14_days_needs_a_reason(dover_caution, senior, register_officer):
    dover_caution.notified_on = clock.today() - dt.timedelta(days=15)
    dover_caution.save()

    with pytest.raises(ValidationError) as refused:
        record(dover_caution, senior, register_officer)

    assert "late_reason" in refused.value.message_dict
    assert not Appeal.objects.exists()


def test_003_9_2_a_late_appeal_is_accepted_with_a_reason(dover_caution, senior, register_officer):
    dover_caution.notified_on = clock.today() - dt.timedelta(days=30)
    dover_caution.save()

    appeal = record(
        dover_caution, senior, register_officer, late_reason="In hospital when the letter came."
    )

    assert appeal.late
    assert appeal.late_reason == "In hospital when the letter came."


def test_003_9_2_without_a_recorded_notification_the_window_runs_from_the_decision(
    dover_caution, senior, register_officer
):
    appeal = record(dover_caution, senior, register_officer)

    assert appeal.notified_on == clock.today()  # decided this morning
    assert appeal.window_ends_on == clock.today() + dt.timedelta(days=14)


def test_004_6_the_window_runs_from_the_notification_date_the_officer_gives(
    settings, customer, register_officer, elsewhere
):
    settings.CAUTION_PROFILE = "workington"
    caution = make_caution(customer, level="TEMPORARY")

    with pytest.raises(ValidationError):
        record(
            caution, elsewhere, register_officer, notified_on=clock.today() - dt.timedelta(days=20)
        )
    appeal = record(
        caution, elsewhere, register_officer, notified_on=clock.today() - dt.timedelta(days=10)
    )

    assert appeal.window_ends_on == clock.today() + dt.timedelta(days=4)


def test_000_8_8_an_appeal_is_answered_within_20_working_days_at_any_time(
    settings, customer, register_officer, elsewhere
):
    settings.CAUTION_PROFILE = "harborough"
    caution = make_caution(customer, level="1", date_added=clock.today() - dt.timedelta(days=400))

    # No window: never late.
    appeal = record(caution, elsewhere, register_officer, complaint_reference="CMP/1")

    # Monday 2 March 2026 + 20 working days, no bank holiday between.
    assert appeal.answer_due == dt.date(2026, 3, 30)
    assert appeal.handler_title == "Stage 2 complaint investigator"


def test_003_9_3_the_answer_is_due_within_14_days_of_receipt(
    dover_caution, senior, register_officer
):
    appeal = record(dover_caution, senior, register_officer, received_on=clock.today())

    assert appeal.answer_due == clock.today() + dt.timedelta(days=14)


def test_001_15_7_there_is_no_appeal_where_the_policy_has_none(
    settings, customer, register_officer, elsewhere
):
    settings.CAUTION_PROFILE = "determination-team"
    caution = make_caution(customer, level="R")

    with pytest.raises(ValidationError, match="no appeal"):
        record(caution, elsewhere, register_officer)


def test_002_4_6_the_check_shows_appeal_in_progress_while_it_runs(
    settings, reporter, customer, line_manager, elsewhere, register_officer
):
    settings.CAUTION_PROFILE = "cheltenham"
    caution = caution_decided(reporter, customer, line_manager, "ASSAULT", "ASSAULT")

    record(caution, elsewhere, register_officer, channel=Appeal.Channel.PHONE)

    [shown] = check(reporter)
    assert shown.appeal_in_progress  # the entry stays, noted (002 §4.6)


def test_a_reporter_cannot_record_an_appeal(dover_caution, senior, reporter):
    with pytest.raises(PermissionDenied):
        record(dover_caution, senior, reporter)


def test_an_appeal_needs_its_grounds(dover_caution, senior, register_officer):
    with pytest.raises(ValidationError) as refused:
        record(dover_caution, senior, register_officer, grounds="  ")

    assert "grounds" in refused.value.message_dict


def test_an_appeal_cannot_be_received_in_the_future(dover_caution, senior, register_officer):
    with pytest.raises(ValidationError) as refused:
        record(dover_caution, senior, register_officer, received_on=clock.today() + dt.timedelta(1))

    assert "received_on" in refused.value.message_dict


def test_a_second_appeal_waits_for_the_first(dover_caution, senior, register_officer):
    record(dover_caution, senior, register_officer)

    with pytest.raises(ValidationError, match="already in progress"):
        record(dover_caution, senior, register_officer)


def test_the_handler_is_told_with_a_link_and_no_personal_data(
    dover_caution, senior, register_officer, customer
):
    appeal = record(dover_caution, senior, register_officer)

    note = senior.notifications.get()
    assert str(appeal.id) in note.url
    assert customer.display_name not in note.subject + note.body


def test_recording_an_appeal_is_in_the_cautions_history(dover_caution, senior, register_officer):
    record(dover_caution, senior, register_officer)

    assert "Recorded an appeal" in [event.summary for event in history_of(dover_caution)]


def test_003_9_1_the_window_runs_from_the_day_the_letter_was_delivered_by_hand(
    dover_caution, senior, register_officer
):
    letter = letter_prepare(
        kind="caution", person=dover_caution.person, caution=dover_caution, by=register_officer
    )
    delivered = clock.now() - dt.timedelta(days=3)
    Letter.objects.filter(id=letter.id).update(delivered_at=delivered)

    appeal = record(dover_caution, senior, register_officer)

    assert appeal.notified_on == clock.today() - dt.timedelta(days=3)


def test_a_change_form_opened_before_the_appeal_was_recorded_is_refused(
    dover_caution, senior, register_officer
):
    opened_at = dover_caution.version
    record(dover_caution, senior, register_officer)

    with pytest.raises(ChangedSinceOpened):
        caution_change_propose(
            dover_caution,
            action="amend",
            level="1",
            precautions="",
            key_contact="",
            reason="Lower it.",
            version=opened_at,
            by=register_officer,
        )
