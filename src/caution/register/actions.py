"""State changes to cautions. Each runs in a transaction and writes its audit record."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import Organisation, User
from caution.accounts.operator import recorded_user
from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.notifications import events
from caution.notifications.actions import caution_change_announce, notify
from caution.outbox.actions import webhooks_publish
from caution.people.models import Address, Person
from caution.policy.profiles import current
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.models import Breach, Caution, Restriction


def next_review_after(reviewed: dt.date) -> dt.date:
    """The profile's review interval after the last review (or the date added)."""
    return reviewed + relativedelta(months=current().review_interval_months)


@transaction.atomic
def caution_add(
    *,
    person: Person | None = None,
    address: Address | None = None,
    level: str,
    precautions: str = "",
    restrictions: str = "",
    key_contact: str = "",
    reporting_service: str = "",
    notified: str = Caution.Notified.PENDING,
    date_added: dt.date | None = None,
    last_reviewed: dt.date | None = None,
    incident_summary: str = "",
    shared_with: list[Organisation] = (),
    appeal_in_progress: bool = False,
    by,
) -> Caution:
    """Put a person or an address on the register. The decision workflow that leads here
    comes with the next issue; import and demo data use this directly."""
    if current().level(level) is None:
        codes = ", ".join(level.code for level in current().levels)
        raise ValidationError({"level": f"'{level}' is not a level of this profile ({codes})"})
    date_added = date_added or clock.today()
    caution = Caution(
        person=person,
        address=address,
        level=level,
        precautions=precautions,
        restrictions=restrictions,
        key_contact=key_contact,
        reporting_service=reporting_service,
        notified=notified,
        date_added=date_added,
        last_reviewed=last_reviewed,
        next_review=next_review_after(last_reviewed or date_added),
        incident_summary=incident_summary,
        appeal_in_progress=appeal_in_progress,
        created_by=recorded_user(by),
    )
    caution.full_clean()
    caution.save()
    caution.shared_with.set(shared_with)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Added a caution to the register",
        target=caution,
        people=[person] if person else [],
    )
    webhooks_publish(caution, "caution.added")
    return caution


def may_change_cautions(user) -> bool:
    """The register officer and decision makers (DECIDE), and the profile's single decider."""
    if user.has_perm(roles.DECIDE):
        return True
    return current().decision.decider_role in {role.value for role in roles.roles_of(user)}


def _require_change_rights(caution: Caution, user, reason: str) -> None:
    if not may_change_cautions(user):
        raise PermissionDenied("Your role does not include changing cautions.")
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended and can no longer be changed.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the change"})


def _audit_change(caution: Caution, by, summary: str, reason: str, changes: dict) -> None:
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=summary,
        target=caution,
        details={"reason": reason.strip(), "changes": changes},
        people=[caution.person] if caution.person_id else [],
    )


@transaction.atomic
def caution_amend(
    caution: Caution,
    *,
    level: str,
    precautions: str,
    key_contact: str,
    reason: str,
    version: int,
    by,
) -> Caution:
    """Change a caution's level, precautions or contact, always with a reason."""
    _require_change_rights(caution, by, reason)
    if current().level(level) is None:
        raise ValidationError({"level": "Choose a level of this profile"})
    bump_version(caution, version)
    new = {"level": level, "precautions": precautions.strip(), "key_contact": key_contact.strip()}
    changes = {
        field: [getattr(caution, field), value]
        for field, value in new.items()
        if getattr(caution, field) != value
    }
    for field, value in new.items():
        setattr(caution, field, value)
    caution.save(update_fields=[*new, "version"])
    _audit_change(caution, by, "Changed a caution", reason, changes)
    webhooks_publish(caution, "caution.changed")
    caution_change_announce(caution, events.CAUTION_CHANGED, by=by)
    return caution


@transaction.atomic
def caution_extend(
    caution: Caution, *, expires_on: dt.date, reason: str, version: int, by
) -> Caution:
    """Move a caution's expiry later, never past the profile's maximum duration."""
    _require_change_rights(caution, by, reason)
    if expires_on <= clock.today():
        raise ValidationError({"expires_on": "The new expiry date must be in the future"})
    maximum = current().duration.maximum_months
    if maximum and expires_on > caution.date_added + relativedelta(months=maximum):
        limit = caution.date_added + relativedelta(months=maximum)
        raise ValidationError(
            {"expires_on": f"An entry lasts at most {maximum} months here: until {limit:%-d %B %Y}"}
        )
    # Imported here: lifecycle builds on the decision workflow, which builds on this module.
    from caution.register.lifecycle import terms_change

    bump_version(caution, version)
    # Also the partner cap (000 §8.6); restrictions lasting as long as the caution follow
    # it, and the check's words for them say the new date.
    changes = terms_change(caution, expires_on=expires_on)
    _audit_change(caution, by, "Extended a caution", reason, changes)
    webhooks_publish(caution, "caution.changed")
    caution_change_announce(caution, events.CAUTION_CHANGED, by=by)
    return caution


@transaction.atomic
def caution_end(caution: Caution, *, reason: str, version: int, by) -> Caution:
    """Take a caution off the register: it leaves the check at once."""
    _require_change_rights(caution, by, reason)
    bump_version(caution, version)
    caution.status = Caution.Status.REMOVED
    caution.ended_on = clock.today()
    caution.ended_reason = reason.strip()
    caution.save(update_fields=["status", "ended_on", "ended_reason", "version"])
    _audit_change(caution, by, "Ended a caution", reason, {"status": ["active", "removed"]})
    webhooks_publish(caution, "caution.removed")
    caution_change_announce(caution, events.CAUTION_REMOVED, by=by)
    return caution


@transaction.atomic
def breach_record(
    caution: Caution,
    *,
    restriction: Restriction | None,
    occurred_at: dt.datetime,
    description: str,
    by,
) -> Breach:
    """Record that the person broke a restriction, and tell the register officers."""
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended.")
    if restriction is not None and restriction.caution_id != caution.id:
        raise ValidationError({"restriction": "That restriction belongs to another caution"})
    if not description.strip():
        raise ValidationError({"description": "Describe what the person did"})
    breach = Breach.objects.create(
        caution=caution,
        restriction=restriction,
        occurred_at=occurred_at,
        description=description.strip(),
        recorded_by=recorded_user(by),
    )
    _audit_change(caution, by, "Recorded a breach of a restriction", "", {})
    officers = User.objects.filter(groups__name=roles.Role.REGISTER_OFFICER.label, is_active=True)
    notify(
        officers,
        subject="A restriction has been breached",
        body="A member of staff has recorded a breach of a restriction on the register.",
        url=reverse("people:detail", args=[caution.person_id]) if caution.person_id else "",
        event=events.BREACH_RECORDED,
    )
    return breach
