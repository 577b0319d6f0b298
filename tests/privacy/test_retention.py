"""After removal a person's records are kept for the profile's period (002 §4.7: 6 months),
then deleted irreversibly; a legal hold pauses that."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from caution.audit.models import AuditEvent
from caution.incidents.models import Evidence, Incident
from caution.lib import clock
from caution.people.models import Address, Person
from caution.privacy.models import Tombstone
from caution.privacy.retention import (
    deletion_schedule,
    legal_hold_lift,
    legal_hold_place,
    retention_purge,
)
from caution.register import deciding
from caution.register.models import Caution
from tests.factories import answered, change_made, make_caution, make_person
from tests.privacy.conftest import assess, reported

pytestmark = pytest.mark.django_db

SIX_MONTHS = relativedelta(months=6)


def ended(caution: Caution, by) -> Caution:
    return change_made(caution, "end", reason="No new incident since the review", by=by)


def gone(person) -> bool:
    return not Person.objects.filter(id=person.id).exists()


def test_002_4_7_records_are_kept_6_months_after_removal_then_deleted(
    caution, register_officer, django_capture_on_commit_callbacks
):
    ended(caution, register_officer)
    removed_on = clock.today()

    assert retention_purge(as_of=removed_on + SIX_MONTHS - dt.timedelta(days=1)) == 0
    assert not gone(caution.person)

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_purge(as_of=removed_on + SIX_MONTHS) == 1
    assert gone(caution.person)
    assert not Incident.objects.exists()
    assert not Caution.objects.exists()


def test_the_evidence_files_are_deleted_from_storage(
    caution, register_officer, private_files, django_capture_on_commit_callbacks
):
    [evidence] = Evidence.objects.all()
    assert (private_files / evidence.file.name).exists()
    ended(caution, register_officer)

    with django_capture_on_commit_callbacks(execute=True):
        retention_purge(as_of=clock.today() + SIX_MONTHS)

    assert not (private_files / evidence.file.name).exists()


def test_nothing_is_deleted_while_the_person_has_another_active_caution(caution, register_officer):
    make_caution(caution.person, level="ABUSE")
    ended(caution, register_officer)

    assert retention_purge(as_of=clock.today() + relativedelta(years=2)) == 0
    assert not gone(caution.person)


def test_a_new_report_within_the_period_restarts_it(caution, register_officer, reporter):
    from tests.privacy.conftest import reported

    ended(caution, register_officer)
    with clock.frozen_at(clock.now() + relativedelta(months=5)):
        reported(reporter, caution.person, category="VERBAL_ABUSE")

    assert retention_purge(as_of=clock.today() + SIX_MONTHS) == 0


def test_a_legal_hold_pauses_deletion_until_it_is_lifted(caution, register_officer, dpo):
    ended(caution, register_officer)
    hold = legal_hold_place(
        caution.person, reason="Claim against the council (ref CL/2026/14)", by=dpo
    )

    assert retention_purge(as_of=clock.today() + relativedelta(years=1)) == 0
    [due] = deletion_schedule()
    assert due.paused_by == "Legal hold"

    legal_hold_lift(hold, reason="The claim was settled", by=dpo)
    assert retention_purge(as_of=clock.today() + relativedelta(years=1)) == 1


def test_placing_and_lifting_a_legal_hold_are_audited(caution, dpo):
    hold = legal_hold_place(caution.person, reason="Police investigation", by=dpo)
    legal_hold_lift(hold, reason="Investigation closed", by=dpo)

    summaries = set(
        AuditEvent.objects.filter(target_id=str(hold.id)).values_list("summary", flat=True)
    )
    assert summaries == {
        "Placed a legal hold: deletion paused",
        "Lifted a legal hold: deletion resumes",
    }


def test_only_the_data_protection_officer_places_a_legal_hold(caution, register_officer):
    with pytest.raises(PermissionDenied):
        legal_hold_place(caution.person, reason="Claim", by=register_officer)


def test_a_legal_hold_needs_a_reason(caution, dpo):
    with pytest.raises(ValidationError):
        legal_hold_place(caution.person, reason=" ", by=dpo)


def test_a_tombstone_keeps_counts_and_dates_for_statistics(
    caution, register_officer, django_capture_on_commit_callbacks
):
    ended(caution, register_officer)
    with django_capture_on_commit_callbacks(execute=True):
        retention_purge(as_of=clock.today() + SIX_MONTHS)

    [tombstone] = Tombstone.objects.all()
    assert tombstone.profile == "cheltenham"
    assert (tombstone.level, tombstone.category, tombstone.ended_as) == (
        "ASSAULT",
        "ASSAULT",
        "removed",
    )
    assert tombstone.first_added == caution.date_added
    assert tombstone.last_ended == clock.today()
    assert tombstone.deleted_on == clock.today() + SIX_MONTHS
    assert (tombstone.cautions, tombstone.incidents) == (1, 1)


def test_an_address_someone_else_lives_at_is_kept(caution, register_officer):
    from caution.people.actions import AddressInput

    make_person(
        "Jo",
        "Pratt",
        address=AddressInput(line1="4 Mill Lane", town="Charlton Kings", postcode="GL53 8QT"),
    )
    ended(caution, register_officer)

    retention_purge(as_of=clock.today() + SIX_MONTHS)

    assert Address.objects.filter(postcode="GL53 8QT").exists()


def test_the_audit_keeps_its_events_but_loses_their_details(caution, register_officer):
    ended(caution, register_officer)
    events = AuditEvent.objects.filter(people=caution.person)
    ids = list(events.values_list("id", flat=True))

    retention_purge(as_of=clock.today() + SIX_MONTHS)

    kept = AuditEvent.objects.filter(id__in=ids)
    assert kept.count() == len(ids)
    assert all(set(event.details) == {"purged_on"} for event in kept)
    assert not kept.filter(people__isnull=False).exists()
    deletion = AuditEvent.objects.get(verb=AuditEvent.Verb.DELETE)
    assert deletion.summary == "Deleted a person's records at the end of retention"


def test_003_15_2_records_behind_a_caution_on_their_home_are_kept_while_it_lasts(
    reporter, customer, line_manager, other_manager, register_officer
):
    home = customer.address_links.get().address
    incident = assess(reported(reporter, customer), line_manager, "ASSAULT")
    decision = deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="A dog at the property attacked the officer.",
        terms=deciding.CautionTerms(level="ASSAULT", on_address=home),
        version=incident.version,
        by=other_manager,
    )

    assert retention_purge(as_of=clock.today() + relativedelta(years=3)) == 0
    assert not gone(customer)

    ended(decision.caution, register_officer)
    assert customer in [due.person for due in deletion_schedule()]
