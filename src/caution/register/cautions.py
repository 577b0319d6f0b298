"""State changes to cautions: add, end, record a breach, legal action or correspondence
received. Each runs in a transaction and writes its audit record. A caution ends only
through `caution_close`, and its terms change only through `cautions_terms.terms_change`
(ADR 0008, docs/caution-states.md); who may change or end one after its decision is
`register/changing.py`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import Organisation, User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import recorded_user
from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.notifications import events
from caution.notifications.actions import notify
from caution.people.models import Address, Person
from caution.policy.profiles import current
from caution.policy.rules import default_expiry, expiry_limit
from caution.register import cautions_terms
from caution.register.announcing import caution_change_announce, webhooks_publish
from caution.register.models import Breach, Caution, Correspondence, LegalAction, Restriction
from caution.register.sharing import sharing_problems

# The statuses a caution ends in, and the audit summary each is recorded under unless the
# path that ends it says more.
ENDED = {
    Caution.Status.EXPIRED: "A caution expired",
    Caution.Status.REMOVED: "Ended a caution",
}


def next_review_after(reviewed: dt.date) -> dt.date:
    """The profile's review interval after the last review (or the date added)."""
    return current().review.due_after(reviewed)


def expiry_default(
    date_added: dt.date, level: str, category: str = "", *, partner: bool = False
) -> dt.date | None:
    """When a new caution expires unless it is given a date: its category's period
    (002 §4.5.1) where it has a category, otherwise the longest the profile lets it last
    (000 Appendix 10.2: three years), from the date added. None where the profile sets
    neither: Dover's alerts have no expiry, they are reviewed (003 §10)."""
    profile = current()
    if category:
        return default_expiry(profile, date_added, level, category, partner=partner)
    return expiry_limit(profile, date_added, level, partner=partner)


# The fields `caution_values` fills, in its order: all a new caution holds but whom it is on,
# who added it, and what its model gives every new row (status, version...).
CAUTION_VALUES = (
    "level",
    "precautions",
    "key_contact",
    "reporting_service",
    "notified",
    "date_added",
    "last_reviewed",
    "next_review",
    "incident_summary",
    "appeal_in_progress",
    "category",
    "partner_sourced",
    "expires_on",
)


def caution_values(
    *,
    level: str,
    precautions: str = "",
    key_contact: str = "",
    reporting_service: str = "",
    notified: str = Caution.Notified.PENDING,
    date_added: dt.date | None = None,
    last_reviewed: dt.date | None = None,
    incident_summary: str = "",
    appeal_in_progress: bool = False,
    category: str = "",
    partner_sourced: bool = False,
    expires_on: dt.date | None = None,
) -> dict:
    """The values of a new caution's fields (CAUTION_VALUES), with the defaults every way
    of adding one shares: `caution_add`, and the import, which writes them in bulk. Added
    today unless said, the person not yet told, the next review the profile's interval
    after the last review or the date added, and, unless given, the expiry
    `expiry_default` gives."""
    date_added = date_added or clock.today()
    if expires_on is None:
        expires_on = expiry_default(date_added, level, category, partner=partner_sourced)
    return {
        "level": level,
        "precautions": precautions,
        "key_contact": key_contact,
        "reporting_service": reporting_service,
        "notified": notified,
        "date_added": date_added,
        "last_reviewed": last_reviewed,
        "next_review": next_review_after(last_reviewed or date_added),
        "incident_summary": incident_summary,
        "appeal_in_progress": appeal_in_progress,
        "category": category,
        "partner_sourced": partner_sourced,
        "expires_on": expires_on,
    }


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
    sharing_justification: str = "",
    appeal_in_progress: bool = False,
    category: str = "",
    partner_sourced: bool = False,
    partner_told_person_on: dt.date | None = None,
    source_agreement=None,
    expires_on: dt.date | None = None,
    by,
) -> Caution:
    """Put a person or an address on the register: a decision, an interim alert, demo
    data. `restrictions`: text, kept as a free-text restriction row. `expires_on` is
    checked as every expiry is (cautions_terms.expiry_problem); None: the profile's
    default (`expiry_default`), none only where the profile sets no period."""
    if current().level(level) is None:
        codes = ", ".join(level.code for level in current().levels)
        raise ValidationError({"level": f"'{level}' is not a level of this profile ({codes})"})
    values = caution_values(
        level=level,
        precautions=precautions,
        key_contact=key_contact,
        reporting_service=reporting_service,
        notified=notified,
        date_added=date_added,
        last_reviewed=last_reviewed,
        incident_summary=incident_summary,
        appeal_in_progress=appeal_in_progress,
        category=category,
        partner_sourced=partner_sourced,
        expires_on=expires_on,
    )
    caution = Caution(
        person=person,
        address=address,
        source_agreement=source_agreement,
        partner_told_person_on=partner_told_person_on if partner_sourced else None,
        created_by=recorded_user(by),
        **values,
    )
    problem = cautions_terms.expiry_problem(caution, expires_on) if expires_on else ""
    if problem:
        raise ValidationError({"expires_on": problem})
    problems = sharing_problems(
        caution.category, shared_with, sharing_justification, on=clock.today()
    )
    if problems:
        raise ValidationError(problems)
    caution.sharing_justification = sharing_justification.strip() if shared_with else ""
    caution.full_clean()
    caution.save()
    caution.shared_with.set(shared_with)
    if restrictions.strip():
        # Restrictions given as text, as an old register holds them: one free-text row,
        # lasting as long as the caution (a decision adds its structured rows itself).
        Restriction.objects.create(
            caution=caution,
            type=Restriction.FREE_TEXT,
            label=restrictions.strip(),
            starts_on=caution.date_added,
        )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Added a caution to the register",
        target=caution,
        people=[person] if person else [],
    )
    webhooks_publish(caution, "caution.added")
    return caution


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
def caution_close(
    caution: Caution,
    *,
    status: str,
    reason: str,
    by,
    summary: str = "",
    on: dt.date | None = None,
    version: int | None = None,
) -> Caution:
    """End a caution's life on the register, whatever ends it: its end (removed), its
    expiry, an appeal upheld, a review's removal, the person leaving the tenancy, the full
    decision replacing an interim alert. The caller checks who may; this makes the change
    the same way on every path: the version moves on (from `version`, the one a form was
    opened at, or the one held), the status, date and reason are set, no review is left
    to come, one audit row is written, and subscribers (webhook `caution.removed`) and
    staff (register officers, marker teams, the bulletin) are told. It leaves the check at
    once: the check shows only active cautions."""
    if status not in ENDED:
        raise ValueError(f"{status!r} is not a status a caution ends in")
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended already.")
    bump_version(caution, caution.version if version is None else version)
    caution.status = status
    caution.ended_on = on or clock.today()
    caution.ended_reason = reason.strip()
    caution.next_review = None
    caution.save(update_fields=["status", "ended_on", "ended_reason", "next_review", "version"])
    changes = {"status": [Caution.Status.ACTIVE.value, str(status)]}
    _audit_change(caution, by, summary or ENDED[status], reason, changes)
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


@transaction.atomic
def legal_action_record(
    caution: Caution, *, kind: str, status: str, on: dt.date, note: str, by
) -> LegalAction:
    """Record legal action considered or taken against the person over this caution
    (003 §6.2, §8.4 "a record of any legal action that may be considered"; 004 §5)."""
    problems = {}
    if kind not in LegalAction.Kind.values:
        problems["kind"] = "Choose the kind of legal action"
    if status not in LegalAction.Status.values:
        problems["status"] = "Choose where the legal action stands"
    if on > clock.today():
        problems["on"] = "The date must be today or in the past"
    if kind == LegalAction.Kind.OTHER and not note.strip():
        problems["note"] = "Say what the legal action is"
    if problems:
        raise ValidationError(problems)
    action = LegalAction.objects.create(
        caution=caution,
        kind=kind,
        status=status,
        on=on,
        note=note.strip(),
        recorded_by=recorded_user(by),
    )
    _audit_change(caution, by, f"Recorded legal action: {action}", "", {})
    return action


# A restriction under which correspondence is answered only if it raises a new issue.
NO_REPLY_ON_ANSWERED = "no_reply_on_answered_issues"


@transaction.atomic
def correspondence_record(
    caution: Caution,
    *,
    received_on: dt.date,
    channel: str,
    summary: str,
    significant_new_information: bool,
    acknowledged: bool,
    by,
) -> Correspondence:
    """Log correspondence received from the person: reviewed and kept on file (001 §11).
    Where the caution says it is answered only if it raises a new issue, acknowledging
    correspondence that gives no significant new information is refused."""
    problems = {}
    if channel not in Correspondence.Channel.values:
        problems["channel"] = "Choose how it came in"
    if received_on > clock.today():
        problems["received_on"] = "The date received must be today or in the past"
    if not summary.strip():
        problems["summary"] = "Summarise what it says"
    if acknowledged and not significant_new_information and _answered_only_if_new(caution):
        problems["acknowledged"] = (
            "This caution says correspondence is answered only if it raises a new issue: "
            "do not acknowledge it unless it gives significant new information"
        )
    if problems:
        raise ValidationError(problems)
    received = Correspondence.objects.create(
        caution=caution,
        received_on=received_on,
        channel=channel,
        summary=summary.strip(),
        significant_new_information=significant_new_information,
        acknowledged=acknowledged,
        recorded_by=recorded_user(by),
    )
    _audit_change(caution, by, "Logged correspondence received", "", {})
    return received


def _answered_only_if_new(caution: Caution) -> bool:
    in_force = caution.restriction_set.filter(type=NO_REPLY_ON_ANSWERED)
    today = clock.today()
    return any(r.starts_on <= today and (r.ends_on is None or r.ends_on >= today) for r in in_force)
