"""Reads that build the register's pages, and the scoped lookups of its records (a caution,
an appeal, a caution to review, a meeting, a decision awaiting approval, a person's full
record): the one answer to "may this user open this?"."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.incidents.selectors import incident_get_for_user
from caution.people.models import Adjustment, Person, PersonAddress
from caution.register.access import require_reviewer
from caution.register.deciding import change_body
from caution.register.models import Appeal, Caution, CautionChange, Decision, Meeting


def caution_get_for_user(caution_id, user) -> Caution:
    """The full caution, for those who may see restricted details; 404 for others. Every
    opening is audited."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    try:
        caution = Caution.objects.select_related(
            "person", "address", "source_agreement__organisation"
        ).get(id=caution_id)
    except Caution.DoesNotExist:
        raise Http404 from None
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a caution",
        target=caution,
        people=[caution.person] if caution.person_id else [],
    )
    return caution


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


def change_get_for_user(change_id, user) -> CautionChange:
    """A proposed or decided change to a caution, for those who may open the caution (the
    opening is audited as the caution's is); 404 for others."""
    try:
        change = CautionChange.objects.select_related("proposed_by", "decided_by").get(id=change_id)
    except CautionChange.DoesNotExist:
        raise Http404 from None
    change.caution = caution_get_for_user(change.caution_id, user)
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


def person_get_for_user(person_id, user) -> Person:
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
    )
    return person


def appeal_get_for_user(appeal_id, user) -> Appeal:
    """The appeal, for those who may see the caution's restricted details (the opening is
    audited there); 404 for everyone else."""
    appeal = Appeal.objects.filter(id=appeal_id).select_related("handler").first()
    if appeal is None:
        raise Http404
    appeal.caution = caution_get_for_user(appeal.caution_id, user)
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
