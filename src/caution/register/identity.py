"""Who the person is: the second identifier a caution needs, and disputes about identity.

A caution goes on a person only when the register can tell them apart from anyone else of
the same name: a date of birth or a current address on record, or the decider's reason why
one identifier is enough (ADR 0021). Someone who says the register has the wrong person
raises a dispute; while it is open the check tells staff plainly to confirm who they are
dealing with, until the register officer, a decision maker or the data protection officer
resolves it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import recorded_user
from caution.lib import clock
from caution.people.models import Person
from caution.register.cautions import caution_close
from caution.register.models import Caution, IdentityDispute


def has_second_identifier(person: Person) -> bool:
    """A date of birth or a current address on record, besides the name."""
    if person.date_of_birth:
        return True
    return person.address_links.filter(current=True).exists()


def identity_problem(person: Person | None, reason: str) -> str:
    """Why a caution cannot go on this person yet; empty when it can."""
    if person is None or reason.strip() or has_second_identifier(person):
        return ""
    return (
        f"{person.display_name} has no date of birth or current address on record: add one, "
        "or say why the identification is enough without it"
    )


def identity_refuse(person: Person | None, reason: str) -> None:
    """Refuse a caution on a person the register cannot tell apart from others."""
    problem = identity_problem(person, reason)
    if problem:
        raise ValidationError({"identity_reason": problem})


def may_raise_dispute(user) -> bool:
    """Whoever sees the person's full record: register officer, panel, decision makers,
    the data protection officer."""
    return user.has_perm(roles.VIEW_RESTRICTED)


def may_resolve_dispute(user) -> bool:
    """Those who change the register (register officer, decision makers) and the data
    protection officer, who sees rectification through (UK GDPR Art. 16)."""
    return user.has_perm(roles.DECIDE) or user.has_perm(roles.PROTECT_DATA)


@transaction.atomic
def identity_dispute_raise(person: Person, *, account: str, by) -> IdentityDispute:
    """Record that the person, or an officer, says the register has the wrong person or
    wrong details. The check shows it at once."""
    if not may_raise_dispute(by):
        raise PermissionDenied("Your role does not include disputes about identity.")
    if not account.strip():
        raise ValidationError({"account": "Say what the person or officer says is wrong"})
    # Two officers raising one at once: the second waits here, then finds the first open.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if person.identity_disputes.filter(resolved_at__isnull=True).exists():
        raise ValidationError("An identity dispute about this person is already open.")
    dispute = IdentityDispute.objects.create(
        person=person, account=account.strip(), raised_by=recorded_user(by)
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Raised a dispute about a person's identity",
        target=dispute,
        people=[person],
    )
    return dispute


@transaction.atomic
def identity_dispute_resolve(
    dispute: IdentityDispute, *, outcome: str, note: str, by
) -> IdentityDispute:
    """Close the dispute with its outcome and why. The wrong person: each of their active
    cautions ends, the one way any caution ends (`caution_close`)."""
    dispute = IdentityDispute.objects.select_for_update().get(pk=dispute.pk)
    if not may_resolve_dispute(by):
        raise PermissionDenied("Your role does not include resolving disputes about identity.")
    if not dispute.is_open:
        raise ValidationError("This identity dispute has been resolved already.")
    if outcome not in IdentityDispute.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    if not note.strip():
        raise ValidationError({"note": "Say how the identity was confirmed or corrected"})
    dispute.outcome = outcome
    dispute.note = note.strip()
    dispute.resolved_by = recorded_user(by)
    dispute.resolved_at = clock.now()
    dispute.save(update_fields=["outcome", "note", "resolved_by", "resolved_at"])
    if outcome == IdentityDispute.Outcome.WRONG_PERSON:
        for caution in dispute.person.cautions.filter(status=Caution.Status.ACTIVE):
            caution_close(
                caution,
                status=Caution.Status.REMOVED,
                reason=f"The wrong person: {dispute.note}",
                summary="Ended a caution: the wrong person",
                by=by,
            )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Resolved a dispute about a person's identity: {dispute.get_outcome_display()}",
        target=dispute,
        people=[dispute.person],
    )
    return dispute
