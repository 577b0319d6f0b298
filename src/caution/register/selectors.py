"""Reads that build the register's pages, and the scoped lookups of its records (a caution,
an appeal, a caution to review, a meeting, a decision awaiting approval, a person's full
record): the one answer to "may this user open this?"."""

import dataclasses
import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.incidents.selectors import incident_get_for_user
from caution.letters.access import may_see_letters
from caution.letters.selectors import letters_due
from caution.lib import clock
from caution.people.models import Person, PersonAddress
from caution.policy.profiles import current
from caution.register.access import may_review, require_reviewer
from caution.register.appeals import appeals_open
from caution.register.deciding import decision_deadline, meeting_deadline
from caution.register.models import Appeal, Caution, Decision, Meeting
from caution.register.reviews import reviews_due


@dataclasses.dataclass(frozen=True)
class DashboardItem:
    incident: Incident | None
    caution: Caution | None
    due: dt.date | None
    what: str
    letter: object = None  # a letters.Letter, for the "Letters due" section

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < clock.today()


@dataclasses.dataclass(frozen=True)
class DashboardSection:
    title: str
    items: list[DashboardItem]


def _sorted(items: list[DashboardItem]) -> list[DashboardItem]:
    """Overdue first, then by deadline; items with no deadline last."""
    return sorted(items, key=lambda item: (not item.overdue, item.due or dt.date.max))


def dashboard(user) -> list[DashboardSection]:
    """The register officer's work list: every deadline the profile sets, overdue first."""
    profile = current()
    waiting = Incident.objects.select_related("person").prefetch_related("meetings")
    submitted = list(waiting.filter(status=Incident.Status.SUBMITTED))
    assessed = list(waiting.filter(status=Incident.Status.ASSESSED))
    sections = [
        DashboardSection(
            "Reports awaiting assessment",
            _sorted([DashboardItem(i, None, decision_deadline(i), "Assess") for i in submitted]),
        )
    ]
    if profile.decision.panel is not None:
        unscheduled = [
            i
            for i in submitted + assessed
            if not any(m.status == Meeting.Status.SCHEDULED for m in i.meetings.all())
        ]
        sections.append(
            DashboardSection(
                f"Meetings of the {profile.decision_body} to schedule",
                _sorted(
                    [DashboardItem(i, None, meeting_deadline(i), "Schedule") for i in unscheduled]
                ),
            )
        )
    sections.append(
        DashboardSection(
            "Decisions due",
            _sorted([DashboardItem(i, None, decision_deadline(i), "Decide") for i in assessed]),
        )
    )
    if profile.decision.interim_alert:
        interim = Caution.objects.active().filter(interim=True).select_related("person")
        sections.append(
            DashboardSection(
                "Interim alerts awaiting full assessment",
                [DashboardItem(None, c, None, "Assess") for c in interim],
            )
        )
    approvals = Decision.objects.filter(status=Decision.Status.AWAITING_APPROVAL).select_related(
        "incident__person"
    )
    if profile.decision.approval is not None:
        sections.append(
            DashboardSection(
                f"Complex cases awaiting the {profile.decision.approval.title}",
                [DashboardItem(d.incident, None, None, "Approve") for d in approvals],
            )
        )
    sections += _appeals_and_reviews_due(profile, user)
    sections += _letters_due(user)
    return sections


def _appeals_and_reviews_due(profile, user) -> list[DashboardSection]:
    """Appeals to answer (000 §8.8, 003 §9.3) and reviews due (002 §4.7), overdue first."""
    appeals = [
        DashboardItem(None, a.caution, a.answer_due, "Answer the appeal") for a in appeals_open()
    ]
    sections = []
    if may_review(user, profile):
        due = [DashboardItem(None, c, c.next_review, "Review") for c in reviews_due()]
        sections.append(DashboardSection("Reviews due", _sorted(due)))
    if profile.appeal.allowed:
        sections.insert(0, DashboardSection("Appeals to answer", _sorted(appeals)))
    return sections


def _letters_due(user) -> list[DashboardSection]:
    """Letters to the person not yet sent, overdue first (000 §8.7), for those who send them."""
    if not may_see_letters(user):
        return []
    items = [
        DashboardItem(
            _incident_of(item.letter), item.letter.caution, item.due, item.what, item.letter
        )
        for item in letters_due()
    ]
    return [DashboardSection("Letters due", _sorted(items))]


def _incident_of(letter) -> Incident | None:
    """A letter about no caution (a warning) is shown by its report."""
    return letter.decision.incident if letter.caution_id is None and letter.decision_id else None


def caution_get_for_user(caution_id, user) -> Caution:
    """The full caution, for those who may see restricted details; 404 for others. Every
    opening is audited."""
    if not user.has_perm(roles.VIEW_RESTRICTED):
        raise Http404
    try:
        caution = Caution.objects.select_related("person", "address").get(id=caution_id)
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
    if not user.has_perm(roles.VIEW_INCIDENTS):
        raise Http404
    try:
        return meetings_upcoming().get(id=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


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
