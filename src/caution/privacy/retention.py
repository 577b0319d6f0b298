"""Retention: how long a person's records are kept once nothing keeps them on the register,
legal holds that pause deletion, and the irreversible deletion itself (002 §4.7: kept 6
months after removal, then deleted; the period is the profile's `[retention]`).

A person's records are due for deletion `after_removal_months` after the last thing that
happened on them (a caution ended, a report was made, a decision taken, a warning ran
out, a letter was written), when they have no active caution and no report awaiting a
decision. A legal hold, an open subject access request or a pending rectification request
pauses deletion. What remains is a Tombstone (counts and dates, no personal data) and the
audit, whose events keep who did what and when but lose their details (ADR 0005).
"""

import dataclasses
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.deletion import Collector
from django.db.models.functions import Coalesce
from django.utils import timezone

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import SYSTEM
from caution.incidents.models import Incident
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.models import Address, MatchKey, Person
from caution.policy.profiles import current
from caution.privacy.access import require_data_protection
from caution.privacy.models import LegalHold, RectificationRequest, SubjectAccessRequest, Tombstone
from caution.register.models import Appeal, Caution, Decision, Review


@dataclasses.dataclass(frozen=True)
class DeletionDue:
    """A person whose records will be deleted, when, and what pauses it."""

    person: Person
    due_on: dt.date
    paused_by: str  # why deletion waits ("" when nothing does)


def _latest(queryset, field: str) -> Subquery:
    return Subquery(queryset.order_by(models.F(field).desc(nulls_last=True)).values(field)[:1])


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


def _pausing(person: Person) -> str:
    if person.held:
        return "Legal hold"
    if person.access_open:
        return "Subject access request open"
    if person.rectification_open:
        return "Rectification request pending"
    return ""


def deletion_schedule() -> list[DeletionDue]:
    """Everyone with a caution or a report, but no active caution (on them, or decided onto
    their address) and no report awaiting a decision, with the day their records are due
    for deletion, soonest first. (Someone with neither, such as a household member linked
    to an address, is not on this list.)"""
    mine = {"person": OuterRef("pk")}
    waiting = (Incident.Status.SUBMITTED, Incident.Status.ASSESSED)
    people = (
        Person.objects.filter(
            Exists(Caution.objects.filter(**mine)) | Exists(Incident.objects.filter(**mine))
        )
        .exclude(cautions__status=Caution.Status.ACTIVE)
        # A caution decided onto their home (003 §15.2) rests on their records.
        .exclude(decisions__caution__status=Caution.Status.ACTIVE)
        .exclude(incidents__status__in=waiting)
        .exclude(decisions__status=Decision.Status.AWAITING_APPROVAL)
        .annotate(
            last_caution=_latest(
                Caution.objects.filter(**mine).annotate(last=Coalesce("ended_on", "date_added")),
                "last",
            ),
            last_incident=_latest(Incident.objects.filter(**mine), "created_at"),
            last_decision=_latest(Decision.objects.filter(**mine), "decided_at"),
            last_warning=_latest(Decision.objects.filter(**mine), "warning_expires_on"),
            last_letter=_latest(Letter.objects.filter(**mine), "created_at"),
            held=Exists(LegalHold.objects.filter(lifted_at=None, **mine)),
            access_open=Exists(SubjectAccessRequest.objects.filter(completed_on=None, **mine)),
            rectification_open=Exists(
                RectificationRequest.objects.filter(
                    outcome=RectificationRequest.Outcome.PENDING, **mine
                )
            ),
        )
        .prefetch_related("names")
    )
    months = relativedelta(months=current().retention.after_removal_months)
    schedule = []
    for person in people:
        moments = (
            person.created_at,
            person.last_caution,
            person.last_incident,
            person.last_decision,
            person.last_warning,
            person.last_letter,
        )
        last = max(_as_date(moment) for moment in moments if moment is not None)
        schedule.append(DeletionDue(person, last + months, _pausing(person)))
    return sorted(schedule, key=lambda due: due.due_on)


def retention_purge(*, as_of: dt.date) -> int:
    """Delete the records of everyone due for deletion by `as_of` and not paused. Run by
    the daily sweep; each person in their own transaction. Returns how many were deleted."""
    deleted = 0
    for due in deletion_schedule():
        if due.paused_by or due.due_on > as_of:
            continue
        if person_delete(due.person, on=as_of, by=SYSTEM):
            deleted += 1
    return deleted


def _tombstone(person: Person, on: dt.date) -> Tombstone:
    cautions = list(Caution.objects.filter(person=person).order_by("date_added"))
    latest = max(cautions, key=lambda c: c.ended_on or c.date_added, default=None)
    return Tombstone.objects.create(
        person_id=person.pk,
        profile=current().key,
        level=latest.level if latest else "",
        category=latest.category if latest else "",
        ended_as=latest.status if latest else "",
        first_added=cautions[0].date_added if cautions else None,
        last_ended=latest.ended_on if latest else None,
        deleted_on=on,
        cautions=len(cautions),
        incidents=Incident.objects.filter(person=person).count(),
        letters=Letter.objects.filter(person=person).count(),
        appeals=Appeal.objects.filter(caution__person=person).count(),
        reviews=Review.objects.filter(caution__person=person).count(),
    )


def _collected_rows(collector: Collector):
    for model, instances in collector.data.items():
        for instance in instances:
            yield model, instance
    for queryset in collector.fast_deletes:
        for instance in queryset:
            yield queryset.model, instance


def _delete_with_files(queryset) -> set[str]:
    """Delete the rows and everything that cascades from them; remove their stored files
    (evidence, letter PDFs) once the deletion is committed. Returns the deleted rows' ids."""
    collector = Collector(using=queryset.db, origin=queryset)
    collector.collect(queryset)
    ids, files = set(), []
    for model, instance in _collected_rows(collector):
        ids.add(str(instance.pk))
        for field in model._meta.concrete_fields:
            stored = getattr(instance, field.attname)
            if isinstance(field, models.FileField) and stored:
                files.append((field.storage, stored.name))
    collector.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return ids


def _erase(person: Person, on: dt.date) -> dict:
    """Delete the person's records and purge the details of the audit events about them;
    what was done, for the audit of the deletion."""
    concerning = set(AuditEvent.objects.filter(people=person).values_list("id", flat=True))
    addresses = list(person.address_links.values_list("address_id", flat=True))
    # Keys have no database constraint (people/models.py), so they go explicitly.
    MatchKey.objects.filter(person=person).delete()
    deleted = {str(person.pk)}
    for queryset in (
        Decision.objects.filter(Q(person=person) | Q(incident__person=person)),
        Incident.objects.filter(person=person),
        Person.objects.filter(pk=person.pk),
    ):
        deleted |= _delete_with_files(queryset)
    Address.objects.filter(id__in=addresses).filter(
        person_links__isnull=True, cautions__isnull=True
    ).delete()
    purged = AuditEvent.objects.filter(Q(id__in=concerning) | Q(target_id__in=deleted))
    events = purged.purge_details(on=on)
    return {"audit_events_purged": events, "rows_deleted": len(deleted)}


@transaction.atomic
def person_delete(person: Person, *, on: dt.date, by) -> Tombstone | None:
    """Delete a person's records irreversibly: names, contact points, addresses nobody
    else is linked to, match keys, reports with their witnesses and evidence files,
    assessments, decisions, cautions, letters and their PDFs, appeals, reviews and
    messages about them. The audit keeps its events without their details. Returns the
    tombstone, or None when another sweep got there first."""
    if not Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"):
        return None
    tombstone = _tombstone(person, on)
    done = _erase(person, on)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.DELETE,
        summary="Deleted a person's records at the end of retention",
        target=tombstone,
        details=done,
    )
    return tombstone


@transaction.atomic
def deletion_replay(tombstone: Tombstone, *, by) -> bool:
    """After a backup is restored: a deletion made since the backup was taken, known by its
    tombstone (from the database the restore replaced), is made again, so that a restore
    never brings a deleted person back (UK GDPR Article 17). The tombstone is kept as it
    was. Returns whether the person's records were there to delete."""
    if Tombstone.objects.filter(pk=tombstone.pk).exists():
        return False  # the deletion was made before the backup: nothing came back
    tombstone.save(force_insert=True)
    person = Person.objects.select_for_update().filter(pk=tombstone.person_id).first()
    if person is None:
        return False
    done = _erase(person, tombstone.deleted_on)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.DELETE,
        summary="Deleted a person's records again: a restored backup still held them",
        target=tombstone,
        details={**done, "first_deleted_on": tombstone.deleted_on.isoformat()},
    )
    return True


@transaction.atomic
def legal_hold_place(person: Person, *, reason: str, by) -> LegalHold:
    """Pause the deletion of a person's records (a claim, a complaint to the ICO, a police
    investigation) until the hold is lifted."""
    require_data_protection(by, does="places and lifts legal holds")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the legal hold"})
    if LegalHold.objects.filter(person=person, lifted_at=None).exists():
        raise ValidationError("A legal hold is already in place for this person.")
    hold = LegalHold.objects.create(person=person, reason=reason.strip(), placed_by=by)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Placed a legal hold: deletion paused",
        target=hold,
        details={"reason": hold.reason},
        people=[person],
    )
    return hold


@transaction.atomic
def legal_hold_lift(hold: LegalHold, *, reason: str, by) -> LegalHold:
    require_data_protection(by, does="places and lifts legal holds")
    if not hold.active:
        raise ValidationError("This legal hold has already been lifted.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for lifting the legal hold"})
    hold.lifted_at = clock.now()
    hold.lifted_by = by
    hold.lift_reason = reason.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary="Lifted a legal hold: deletion resumes",
        target=hold,
        details={"reason": hold.lift_reason},
        people=[hold.person],
    )
    return hold
