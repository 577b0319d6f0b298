"""Reads about incidents. `incident_get_for_user` is the one access checkpoint."""

from django.db import transaction
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404

from caution.accounts import roles
from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Evidence, Incident
from caution.policy.profiles import current


def incidents_visible_to(user) -> QuerySet[Incident]:
    """Staff who assess, decide or keep the register see every report; everyone else
    sees the reports they wrote."""
    incidents = Incident.objects.select_related("person", "reported_by")
    if user.has_perm(roles.VIEW_INCIDENTS):
        return incidents
    return incidents.filter(reported_by=user)


def incident_get_for_user(incident_id, user) -> Incident:
    try:
        return incidents_visible_to(user).get(id=incident_id)
    except Incident.DoesNotExist:
        raise Http404 from None


def report_get_for_user(incident_id, user) -> Incident:
    """A report to read, audited. Those who read reports see all of it. Its reporter, who
    follows it without reading reports, sees what was reported and the outcome of its
    assessment and decision, but not their workings (`workings_withheld`): the reasons,
    the context (the person's health and vulnerability), the support offered to staff and
    the decider's answers (issue 11: field-level reads)."""
    incident = incident_get_for_user(incident_id, user)
    audit_record(
        by=user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a report",
        target=incident,
        people=[incident.person] if incident.person_id else [],
    )
    incident.workings_withheld = not user.has_perm(roles.VIEW_INCIDENTS)
    if incident.workings_withheld:
        _withhold_workings(incident)
    return incident


def _withhold_workings(incident: Incident) -> None:
    # Blanked on the objects this read returns, which nothing saves: the page and the
    # API show the blanks.
    prefetch_related_objects([incident], "decisions")
    assessment = getattr(incident, "assessment", None)
    if assessment is not None:
        assessment.reasons = assessment.context = assessment.staff_support = ""
    for decision in incident.decisions.all():
        decision.reasons = ""
        decision.prompt_answers = []


def evidence_get_for_user(evidence_id, user) -> Evidence:
    """Evidence for those who may see its report; on a draft, not yet submitted, only for
    its reporter (the draft is theirs until they submit it). 404 for everyone else."""
    evidence = Evidence.objects.filter(id=evidence_id).select_related("incident").first()
    if evidence is None:
        raise Http404
    incident = incident_get_for_user(evidence.incident_id, user)
    if incident.status == Incident.Status.DRAFT and incident.reported_by_id != user.id:
        raise Http404
    evidence.incident = incident
    return evidence


def involved_user_ids(incident: Incident) -> set:
    """Everyone involved in the incident: who reported it, the staff affected and staff
    witnesses. None of them may assess it (002 §4.5.2) or decide it (000 §8.2)."""
    ids = {incident.reported_by_id}
    ids |= {s.user_id for s in incident.staff.all() if s.user_id}
    ids |= {w.user_id for w in incident.witnesses.all() if w.user_id}
    return ids - {None}


def line_manager_for(incident: Incident) -> User | None:
    """Where the profile says the reporter's line manager assesses and decides (003 §8.1):
    that manager, if one is recorded, may sign in and was not involved. None means anyone
    eligible may, as for information from an external source (003 §8.2: "the nominated
    Manager")."""
    if not current().decision.line_manager or incident.kind == Incident.Kind.THIRD_PARTY:
        return None
    manager = incident.reporter_manager
    if manager is None or not manager.is_active or manager.id in involved_user_ids(incident):
        return None
    return manager


def assessors_for(incident: Incident) -> QuerySet[User]:
    """Who may assess this report: holders of the assess permission not involved in it;
    only the reporter's line manager where the profile says so (003 §8.1)."""
    manager = line_manager_for(incident)
    if manager is not None:
        return User.objects.filter(id=manager.id)
    may_assess = Q(groups__permissions__codename="assess_incident") | Q(is_superuser=True)
    return (
        User.objects.filter(may_assess, is_active=True)
        .exclude(id__in=involved_user_ids(incident))
        .distinct()
    )


def panel_members_for(incident: Incident) -> QuerySet[User]:
    """The decision panel's members not involved in the report; none where one person
    decides."""
    profile = current()
    if profile.decision.panel is None:
        return User.objects.none()
    members = {profile.decision.decider_role, *(seat.role for seat in profile.decision.panel.seats)}
    labels = [roles.Role(member).label for member in members]
    return (
        User.objects.filter(groups__name__in=labels, is_active=True)
        .exclude(id__in=involved_user_ids(incident))
        .distinct()
    )


def assessment_queue(user) -> QuerySet[Incident]:
    """Submitted reports this user may assess, oldest first."""
    if not user.has_perm(roles.ASSESS):
        return Incident.objects.none()
    waiting = Incident.objects.filter(status=Incident.Status.SUBMITTED).select_related("person")
    waiting = (
        waiting.exclude(reported_by=user).exclude(staff__user=user).exclude(witnesses__user=user)
    )
    if current().decision.line_manager:
        # Another officer's report waits for that officer's own line manager (003 §8.1),
        # by the same rule the assessment itself follows. Few reports wait at a time.
        reports = waiting.select_related("reported_by__manager").prefetch_related(
            "staff", "witnesses"
        )
        theirs = [i.id for i in reports if (m := line_manager_for(i)) and m.id != user.id]
        waiting = waiting.exclude(id__in=theirs)
    return waiting.order_by("submitted_at")


def may_see_riddor_queue(user) -> bool:
    """The posts told of RIDDOR reports (000 §2.2: the Service Managers who lead the
    investigation, the Corporate Health and Safety Officer who advises) see the queue,
    where they may see reports at all."""
    wanted = current().riddor_roles
    return bool(wanted) and roles.holds(user, *wanted) and user.has_perm(roles.VIEW_INCIDENTS)


def riddor_queue(user) -> QuerySet[Incident]:
    """Submitted reports flagged RIDDOR-reportable, the newest first."""
    if not may_see_riddor_queue(user):
        return Incident.objects.none()
    return (
        Incident.objects.filter(riddor=True)
        .exclude(status=Incident.Status.DRAFT)
        .select_related("person")
        .order_by("-submitted_at")
    )


def positive_contacts_about(incident: Incident) -> list[Incident]:
    """The positive and neutral contacts logged about the person a report is about, newest
    first: whoever decides sees them, "to present a balanced picture" (001 §15.3)."""
    if incident.person_id is None:
        return []
    contacts = Incident.objects.filter(
        person=incident.person_id, kind=Incident.Kind.POSITIVE, status=Incident.Status.RECORDED
    )
    return list(contacts.order_by("-submitted_at"))


def my_reports(user) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(reported_by=user).select_related("person").order_by("-created_at")
    )


def reports_page(user) -> tuple[list[Incident], list[Incident]]:
    """The user's own latest reports and the reports awaiting their assessment. Audited:
    both lists name the people reported."""
    mine, queue = list(my_reports(user)[:50]), list(assessment_queue(user))
    with transaction.atomic():
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed the list of reports",
            people=[i.person_id for i in [*mine, *queue] if i.person_id],
        )
    return mine, queue
