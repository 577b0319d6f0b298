"""Amend, extend or end a caution, always with a reason; record breaches."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened
from caution.notifications.models import Notification
from caution.people.matching import Query
from caution.register import cautions, changing
from caution.register.check import check_run
from caution.register.models import Caution
from tests.deciding.conftest import NAMED_CONTACT, assessed, decide, submitted, use_profile
from tests.factories import cautioned, change_made

pytestmark = pytest.mark.django_db


@pytest.fixture
def caution(db):
    return cautioned("Robert", "Smith").cautions.get()


def test_a_change_needs_a_reason(caution, register_officer):
    with pytest.raises(ValidationError, match="reason"):
        changing.caution_change_propose(
            caution,
            action="amend",
            level="2",
            precautions="",
            key_contact="",
            reason=" ",
            version=caution.version,
            by=register_officer,
        )


def test_an_amendment_is_kept_in_the_history_with_its_reason_and_who_decided(
    caution, register_officer
):
    change_made(
        caution,
        "amend",
        level="2",
        precautions="Visit in pairs",
        key_contact="Housing Team Leader",
        reason="Review: no new incident",
        by=register_officer,
    )
    event = AuditEvent.objects.get(summary="Changed a caution")
    assert event.details == {
        "reason": "Review: no new incident",
        "changes": {"level": ["1", "2"]},
        "decided_by": "Review Panel",
        "decision": "Agreed",
    }


def test_the_second_of_two_editors_is_told_it_changed_since_they_opened_it(
    caution, register_officer
):
    opened = caution.version
    change_made(caution, "amend", level="2", precautions="", key_contact="", reason="a")
    with pytest.raises(ChangedSinceOpened):
        changing.caution_change_propose(
            caution,
            action="amend",
            level="3",
            precautions="",
            key_contact="",
            reason="b",
            version=opened,
            by=register_officer,
        )
    caution.refresh_from_db()
    assert caution.level == "2"


def test_000_appendix_10_2_a_caution_cannot_be_extended_past_three_years(caution, register_officer):
    too_late = caution.date_added + dt.timedelta(days=3 * 366)
    with pytest.raises(ValidationError, match="at most 36 months"):
        change_made(
            caution,
            "extend",
            expires_on=too_late,
            reason="More incidents",
            by=register_officer,
        )
    fine = clock.today() + dt.timedelta(days=200)
    assert (
        change_made(
            caution,
            "extend",
            expires_on=fine,
            reason="More incidents",
            by=register_officer,
        ).expires_on
        == fine
    )


def test_an_ended_caution_leaves_the_check_at_once(caution, register_officer, reporter):
    change_made(caution, "end", reason="Moved away", by=register_officer)
    assert caution.status == Caution.Status.REMOVED
    assert not check_run(Query(name="Robert Smith"), by=reporter).found


def test_a_reporter_cannot_change_a_caution(caution, reporter):
    with pytest.raises(PermissionDenied):
        changing.caution_change_propose(
            caution, action="end", reason="I think so", version=caution.version, by=reporter
        )


def test_a_breach_is_recorded_and_the_register_officer_told(caution, register_officer, reporter):
    cautions.breach_record(
        caution,
        restriction=None,
        occurred_at=clock.now(),
        description="Phoned twice; writing only is allowed.",
        by=reporter,
    )
    assert caution.breaches.get().description.startswith("Phoned twice")
    assert Notification.objects.filter(user=register_officer, subject__contains="breached").exists()


def test_opening_the_full_caution_is_audited(client, caution, register_officer):
    from django.urls import reverse

    client.force_login(register_officer)
    client.get(reverse("register:caution", args=[caution.id]))
    assert AuditEvent.objects.filter(actor=register_officer, summary="Viewed a caution").exists()


def test_000_8_6_a_partner_sourced_entry_is_not_extended_past_a_year(caution, register_officer):
    Caution.objects.filter(id=caution.id).update(partner_sourced=True, level="2")
    caution.refresh_from_db()
    with pytest.raises(ValidationError, match="at most until"):
        change_made(
            caution,
            "extend",
            expires_on=caution.date_added + dt.timedelta(days=400),
            reason="More incidents",
            by=register_officer,
        )


def test_extending_a_caution_moves_its_restrictions_and_the_words_the_check_shows(
    settings, reporter, person, manager, second_manager, register_officer
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "SERIOUS_THREAT"), manager, "ABUSE")
    caution = decide(incident, second_manager, level="ABUSE", restrictions=(NAMED_CONTACT,)).caution
    later = caution.expires_on + dt.timedelta(days=180)

    change_made(
        caution,
        "extend",
        expires_on=later,
        reason="More incidents",
        by=register_officer,
    )

    assert caution.restriction_set.get().ends_on == later
    shown = check_run(Query(name="Robert Smith"), by=reporter).people[0].cautions[0]
    assert f"until {later:%-d %B %Y}" in shown.restrictions
