"""Reasonable adjustments agreed with a person (ADR 0024): recording and ending them, and
reading those in force. Each action runs in a transaction and writes its audit record; the
audit never holds the need (special-category data), only which adjustment it was."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import recorded_user
from caution.lib import clock
from caution.people.models import Adjustment, Person


@transaction.atomic
def adjustment_record(
    person: Person,
    *,
    kind: str,
    agreed: str,
    need: str,
    agreed_on: dt.date,
    agreed_by: str,
    by,
) -> Adjustment:
    """Record an adjustment agreed with the person; it shows in the check from now on."""
    if agreed_on > clock.today():
        raise ValidationError({"agreed_on": "The date it was agreed must be today or earlier."})
    adjustment = Adjustment(
        person=person,
        kind=kind,
        agreed=agreed.strip(),
        need=need.strip(),
        agreed_on=agreed_on,
        agreed_by=agreed_by.strip(),
        recorded_by=recorded_user(by),
    )
    adjustment.full_clean()
    adjustment.save()
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Recorded a reasonable adjustment ({adjustment.get_kind_display().lower()})",
        target=adjustment,
        people=[person],
    )
    return adjustment


@transaction.atomic
def adjustment_end(adjustment: Adjustment, *, by) -> Adjustment:
    """End the adjustment today: it no longer shows in the check, and is kept for the
    record."""
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.ended_on is not None:
        raise ValidationError("This adjustment has already ended.")
    adjustment.ended_on = clock.today()
    adjustment.save(update_fields=["ended_on"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary="Ended a reasonable adjustment",
        target=adjustment,
        people=[adjustment.person_id],
    )
    return adjustment


def adjustments_in_force(person_ids: Iterable) -> dict:
    """The adjustments in force for each of these people, oldest first: one query."""
    found: dict = {}
    rows = Adjustment.objects.filter(person_id__in=list(person_ids), ended_on__isnull=True)
    for adjustment in rows:
        found.setdefault(adjustment.person_id, []).append(adjustment)
    return found
