"""Reads that build the register's pages, and the scoped lookups of its records (a caution,
an appeal, a caution to review, a meeting, a decision awaiting approval, a person's full
record): the one answer to "may this user open this?"."""

import dataclasses
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.incidents.selectors import incident_get_for_user, incidents_visible_to
from caution.letters.access import may_see_letters
from caution.people.models import Adjustment, Person, PersonAddress
from caution.register.access import require_reviewer
from caution.register.deciding import change_body
from caution.register.models import (
    Appeal,
    Caution,
    CautionChange,
    Decision,
    IdentityDispute,
    Meeting,
)


def caution_get_for_user(caution_id, user, *, audit: bool = True) -> Caution:
    """The full caution, for those who may see restricted details; 404 for others. Every
    opening is audited, except by an operation that changes it (`audit=False`): its action
    records what was done, and a refused request leaves nothing."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    try:
        caution = Caution.objects.select_related(
            "person", "address", "source_agreement__organisation"
        ).get(id=caution_id)
    except Caution.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed a caution",
            target=caution,
            people=[caution.person] if caution.person_id else [],
        )
    return caution


def cautions_shared_under(agreement, user) -> list[Caution]:
    """The active cautions a decision shared with the agreement's partner in a category it
    covers, with why, for the agreement's page. Audited: the justifications may name the
    people."""
    found = list(
        Caution.objects.active()
        .filter(shared_with=agreement.organisation_id, category__in=agreement.categories)
        .order_by("-date_added")
    )
    if found:
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary=f"Viewed the cautions shared under {agreement.title}",
            target=agreement,
            people=[c.person_id for c in found if c.person_id],
        )
    return found


def caution_for_breach(caution_id, user) -> Caution:
    """A caution the user can see in the check, so that anyone who met the person can
    record a breach of its restrictions."""
    try:
        return Caution.objects.active().visible_to(user).get(id=caution_id)
    except Caution.DoesNotExist:
        raise Http404 from None


def meetings_upcoming() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related("cases__person", "invited").order_by("-starts_at")


def meeting_get(meeting_id, user) -> Meeting:
    """A meeting and its agenda, for those who may see reports; 404 for everyone else.
    Every opening is audited: the agenda names the people."""
    if not user.has_perm(roles.VIEW_INCIDENTS):
        raise Http404
    try:
        meeting = meetings_upcoming().get(id=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a meeting's agenda",
        target=meeting,
        people=[case.person_id for case in meeting.cases.all() if case.person_id],
    )
    return meeting


def changes_proposed(caution: Caution) -> QuerySet[CautionChange]:
    """Changes to this caution waiting for their decider."""
    return caution.changes.filter(status=CautionChange.Status.PROPOSED).select_related(
        "proposed_by"
    )


def change_get_for_user(change_id, user, *, audit: bool = True) -> CautionChange:
    """A proposed or decided change to a caution, for those who may open the caution (the
    opening is audited as the caution's is); 404 for others."""
    try:
        change = CautionChange.objects.select_related("proposed_by", "decided_by").get(id=change_id)
    except CautionChange.DoesNotExist:
        raise Http404 from None
    change.caution = caution_get_for_user(change.caution_id, user, audit=audit)
    return change


def meetings_deciding(change: CautionChange) -> QuerySet[Meeting] | None:
    """The meetings with this change on their agenda; None where one person decides it."""
    if change_body(change) is None:
        return None
    return Meeting.objects.filter(changes=change).order_by("-starts_at")


def changes_to_schedule() -> list[CautionChange]:
    """Proposed changes that wait for a meeting of the body that decides them."""
    waiting = CautionChange.objects.filter(status=CautionChange.Status.PROPOSED)
    return [
        change
        for change in waiting.select_related("caution__person").order_by("proposed_at")
        if change_body(change) is not None
    ]


def cases_to_schedule() -> QuerySet[Incident]:
    return (
        Incident.objects.filter(status__in=[Incident.Status.SUBMITTED, Incident.Status.ASSESSED])
        .select_related("person")
        .order_by("submitted_at")
    )


def decision_awaiting_approval(decision_id, user) -> Decision:
    """A complex case waiting for the approver, if this user may see its report."""
    decision = (
        Decision.objects.filter(id=decision_id, status=Decision.Status.AWAITING_APPROVAL)
        .select_related("incident", "incident__person")
        .first()
    )
    if decision is None:
        raise Http404
    incident_get_for_user(decision.incident_id, user)
    return decision


def person_get_for_user(person_id, user, *, details: dict | None = None) -> Person:
    """The full record of a person, for users who may see restricted details; 404 for
    everyone else (records outside a user's scope are not acknowledged). Audited."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    try:
        person = Person.objects.prefetch_related(
            "names",
            "contact_points",
            Prefetch("address_links", queryset=PersonAddress.objects.select_related("address")),
            Prefetch(
                "cautions",
                queryset=Caution.objects.order_by("-date_added").prefetch_related("shared_with"),
            ),
        ).get(id=person_id)
    except Person.DoesNotExist:
        raise Http404 from None
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a person's full record",
        target=person,
        people=[person],
        details=details,
    )
    return person


@dataclasses.dataclass(frozen=True)
class PersonRecord:
    """A person's page, the hub of everything about them: their cautions, active and past,
    each with its appeals, reviews, breaches and (for those who handle letters) letters;
    and the reports about them, positive contacts among them, that this user may see.
    None where the user may not see that kind of record at all."""

    person: Person
    cautions: list[Caution]
    reports: list[Incident] | None
    letters_shown: bool


def person_record_get(person_id, user) -> PersonRecord:
    """The person's full record as their page shows it, audited as one read that names
    what it showed (how many cautions, reports and letters)."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    letters_shown = may_see_letters(user)
    cautions = list(
        Caution.objects.filter(person_id=person_id)
        .order_by("-date_added")
        .prefetch_related(
            "shared_with",
            "restriction_set",
            "reviews",
            "breaches",
            Prefetch("appeals", queryset=Appeal.objects.order_by("-received_on")),
            *(("letters",) if letters_shown else ()),
        )
    )
    reports = None
    if user.has_perm(roles.VIEW_INCIDENTS):
        reports = list(
            incidents_visible_to(user)
            .filter(person_id=person_id)
            .exclude(status=Incident.Status.DRAFT)
            .order_by("-submitted_at")
        )
    shown = {
        "cautions": len(cautions),
        "reports": len(reports or ()),
        "letters": sum(len(c.letters.all()) for c in cautions) if letters_shown else 0,
    }
    person = person_get_for_user(person_id, user, details={"shown": shown})
    return PersonRecord(person, cautions, reports, letters_shown)


def identity_disputes_of(person: Person) -> list[IdentityDispute]:
    """The disputes about who the person is, newest first, for their record's page."""
    return list(person.identity_disputes.select_related("raised_by", "resolved_by"))


def identity_dispute_get_for_user(dispute_id, user) -> IdentityDispute:
    """A dispute about a person's identity, for those who see the person's full record;
    404 for everyone else. Audited as a view of the person."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    try:
        dispute = IdentityDispute.objects.select_related("person", "raised_by").get(id=dispute_id)
    except IdentityDispute.DoesNotExist:
        raise Http404 from None
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a dispute about a person's identity",
        target=dispute,
        people=[dispute.person],
    )
    return dispute


def appeal_get_for_user(appeal_id, user, *, audit: bool = True) -> Appeal:
    """The appeal, for those who may see the caution's restricted details (the opening is
    audited there); 404 for everyone else."""
    appeal = Appeal.objects.filter(id=appeal_id).select_related("handler").first()
    if appeal is None:
        raise Http404
    appeal.caution = caution_get_for_user(appeal.caution_id, user, audit=audit)
    return appeal


def review_caution_get(caution_id, user) -> Caution:
    """A caution for its reviewer; 404 for everyone else. Every opening is audited."""
    require_reviewer(user)
    caution = Caution.objects.filter(id=caution_id).select_related("person", "address").first()
    if caution is None:
        raise Http404
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Opened a caution for review",
        target=caution,
        people=[caution.person] if caution.person_id else [],
    )
    return caution


def restriction_keys(caution: Caution, ids: Iterable[uuid.UUID]) -> list[int]:
    """The restrictions of this caution named by their public ids (UUIDs), as the actions
    take them; an id that names none of this caution's is refused, never ignored."""
    ids = set(ids)
    found = dict(caution.restriction_set.filter(uuid__in=ids).values_list("uuid", "pk"))
    if ids - found.keys():
        raise ValidationError({"lift": "Choose restrictions of this caution that are in force"})
    return list(found.values())


@dataclasses.dataclass(frozen=True)
class DecisionCase:
    """What the decider has beside every question of the decision: the report (its
    account and assessment) and the person's history: their cautions and the decisions
    on their earlier reports."""

    incident: Incident
    cautions: list[Caution]
    decisions: list[Decision]


def decision_case_get(incident_id, user) -> DecisionCase:
    """The report to decide and the person's history, for those who may see reports; 404
    for others. Audited: the pages show the account and the person's record."""
    if not user.has_perm(roles.VIEW_INCIDENTS):
        raise Http404
    incident = incident_get_for_user(incident_id, user)
    cautions, decisions = [], []
    if incident.person_id:
        cautions = list(
            Caution.objects.filter(person_id=incident.person_id)
            .order_by("-date_added")
            .prefetch_related("restriction_set")
        )
        decisions = list(
            Decision.objects.filter(person_id=incident.person_id)
            .exclude(incident=incident)
            .order_by("-decided_at")
        )
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a report to decide it",
        target=incident,
        people=[incident.person_id] if incident.person_id else [],
    )
    return DecisionCase(incident, cautions, decisions)


def adjustments_get_for_user(person_id, user) -> tuple[Person, list[Adjustment]]:
    """A person and every adjustment agreed with them, ended ones too, with the needs they
    meet (special-category data): for those who may record adjustments; 404 for everyone
    else. Audited."""
    if not user.has_perm(roles.RECORD_ADJUSTMENTS):
        raise Http404
    person = Person.objects.prefetch_related("names").filter(id=person_id).first()
    if person is None:
        raise Http404
    # Those in force first.
    adjustments = list(
        person.adjustments.order_by(F("ended_on").asc(nulls_first=True), "agreed_on", "id")
    )
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a person's reasonable adjustments and the needs they meet",
        target=person,
        people=[person],
    )
    return person, adjustments
