"""The dashboard, assessing, deciding, approving, interim alerts and panel meetings through
the JSON API: the same actions and permissions as the pages (register/deciding_views.py).
Records are fetched through the scoped lookups; refusals become 403, 404, 409 or 422 in
caution/api.py."""

import datetime as dt
from typing import Literal
from uuid import UUID

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime

from caution.accounts import roles
from caution.accounts.models import Organisation, User
from caution.incidents.api import DecisionOut, ReportOut, UserOut
from caution.incidents.models import Incident
from caution.incidents.selectors import incident_get_for_user, incidents_visible_to
from caution.lib.api_schemas import Choice, In, VersionIn, refusals
from caution.lib.paging import PER_PAGE
from caution.people.models import Address, IdentifiedBy, IdentityConfidence
from caution.register import dashboard as queues
from caution.register import deciding, selectors
from caution.register.models import Assessment, CautionChange, Decision, Meeting

router = Router()


class AssessmentIn(VersionIn):
    severity: Choice[Assessment.Rating]
    future_risk: Choice[Assessment.Rating]
    recommended_level: str = Field(description="A level code of the policy profile")
    reasons: str
    context: str = Field("", description="Context that lowers the level (003 §8.3)")
    staff_support: str = ""
    police_referral: bool = False


IDENTITY_REASON = (
    "Why one identifier is enough: needed for a caution on someone with no date of birth or "
    "current address on record"
)


class InterimAlertIn(In):
    level: str
    precautions: str
    reasons: str = Field(description="Why the threat is real and credible (003 §8.7)")
    identity_reason: str = Field("", description=IDENTITY_REASON)


class RestrictionIn(In):
    type: str = Field(max_length=40, description="A restriction type the profile offers")
    details: str = Field("", max_length=500, description="Particulars: days, times, topics")
    named_contact: str = Field("", max_length=200)
    channels: list[Choice[Incident.Channel]] = Field([], description="Contact still allowed by")
    service_area: str = Field("", max_length=120, description="Only for this service (or all)")
    starts_on: dt.date | None = None
    ends_on: dt.date | None = Field(None, description="Empty: when the caution ends")
    permanent: bool = Field(False, description="Where the profile allows it (004 §5)")


class AnswerIn(In):
    answer: Literal["yes", "no"]
    note: str = Field("", max_length=1000)


class DecisionIn(VersionIn):
    outcome: Choice[Decision.Outcome]
    reasons: str = Field(description="Minuted (000 §8.2)")
    meeting_id: UUID | None = Field(None, description="The meeting that decided, for a panel")
    complex_case: bool = Field(False, description="Waits for the profile's approver (002 §3.4)")
    level: str = Field("", description="For a caution: a level code of the policy profile")
    precautions: str = ""
    key_contact: str = Field("", max_length=200)
    restrictions: list[RestrictionIn] = []
    share_with: list[UUID] = Field(
        [],
        description="Partner organisations to share it with: each needs a sharing agreement "
        "in force that covers the report's category",
    )
    sharing_justification: str = Field(
        "",
        max_length=2000,
        description="Why it is shared with them (000 §8.2): required when share_with is not empty",
    )
    partner_sourced: bool = Field(False, description="From a partner's own register (000 §8.6)")
    partner_told_person_on: dt.date | None = Field(
        None,
        description="From a partner: the day the partner told the person of its entry "
        "(000 §8.6; required where the profile says so)",
    )
    on_address: UUID | None = Field(
        None, description="Hold the caution on this address of the person's (003 §15.2)"
    )
    answers: dict[str, AnswerIn] = Field(
        {},
        description="For a caution: the answer to each of the profile's questions "
        "(`[[decision.prompts]]`, by code), e.g. whether the restrictions leave the person "
        "access to essential services (002 §2.3)",
    )
    identified_by: Choice[IdentifiedBy] | None = Field(
        None, description="How the person was identified"
    )
    identity_confidence: Choice[IdentityConfidence] | None = Field(
        None, description="How sure the identification is"
    )
    identity_reason: str = Field("", description=IDENTITY_REASON)
    adjustment_reason: str = Field(
        "",
        description="Why the restrictions are still proportionate where one works against a "
        "reasonable adjustment agreed with the person; required then",
    )


class ApproveIn(In):
    expires_on: dt.date | None = Field(
        None, description="A different expiry, where the profile allows it (002 §4.5.1)"
    )


class MeetingIn(In):
    starts_at: AwareDatetime
    place: str = Field("", max_length=200)
    cases: list[UUID] = Field([], description="The reports the meeting will decide")
    changes: list[UUID] = Field(
        [], description="Changes to cautions proposed for the body that meets to decide them"
    )
    invited: list[str] = Field(description="Usernames of the members invited")
    non_voting: list[str] = Field(
        [],
        description="Usernames of others invited who do not vote: the manager of the "
        "department involved (000 §8.2 step 4). Never counted for the quorum",
    )
    late_reason: str = Field("", description="Why, if the meeting is after the deadline")


class AttendanceIn(VersionIn):
    attended: list[str] = Field(description="Usernames of the invited members present")


class InterimAlertOut(Schema):
    id: UUID
    level: str
    precautions: str
    interim: bool
    status: str


class MeetingCaseOut(Schema):
    report_id: UUID
    person: str | None
    kind: str
    status: str
    quorum_problem: str = Field(description="Why this meeting cannot decide it; empty if it can")


class MeetingChangeOut(Schema):
    change_id: UUID
    caution_id: UUID
    action: str
    status: str
    quorum_problem: str = Field(description="Why this meeting cannot decide it; empty if it can")


class MeetingOut(Schema):
    id: UUID
    starts_at: dt.datetime
    place: str
    status: str
    version: int
    invited: list[UserOut]
    non_voting: list[UserOut]
    attended: list[UserOut]
    cases: list[MeetingCaseOut]
    changes: list[MeetingChangeOut]


class MeetingSummaryOut(Schema):
    id: UUID
    starts_at: dt.datetime
    place: str
    status: str


class DashboardItemOut(Schema):
    what: str
    due: dt.date | None
    overdue: bool
    report_id: UUID | None
    caution_id: UUID | None
    person: str | None


class DashboardSectionOut(Schema):
    key: str = Field(description="The queue's key: GET /api/dashboard/{key} lists it in full")
    title: str
    total: int = Field(description="Everything in the queue")
    overdue: int
    due_soon: int = Field(description="Due from today to 14 days ahead")
    items: list[DashboardItemOut] = Field(description="The most urgent, overdue first")


class QueuePageOut(DashboardSectionOut):
    page: int
    pages: int


def _users(usernames: list[str], field: str) -> list[User]:
    users = list(User.objects.filter(username__in=usernames, is_active=True))
    unknown = set(usernames) - {user.username for user in users}
    if unknown:
        raise ValidationError({field: f"No user has the username {', '.join(sorted(unknown))}"})
    return users


def _terms(payload: DecisionIn) -> deciding.CautionTerms | None:
    if payload.outcome != Decision.Outcome.CAUTION:
        return None
    partners = Organisation.objects.filter(
        kind=Organisation.Kind.PARTNER, id__in=payload.share_with
    )
    if len(partners) != len(set(payload.share_with)):
        raise ValidationError({"share_with": "Choose partner organisations of this council"})
    restrictions = (
        deciding.RestrictionInput(**{**r.dict(), "channels": tuple(r.channels)})
        for r in payload.restrictions
    )
    address = None
    if payload.on_address is not None:
        address = Address.objects.filter(id=payload.on_address).first()
        if address is None:
            raise ValidationError(
                {"on_address": "Choose one of the addresses of the person reported"}
            )
    return deciding.CautionTerms(
        level=payload.level,
        precautions=payload.precautions,
        restrictions=tuple(restrictions),
        key_contact=payload.key_contact,
        share_with=tuple(partners),
        sharing_justification=payload.sharing_justification,
        partner_sourced=payload.partner_sourced,
        partner_told_person_on=payload.partner_told_person_on,
        on_address=address,
    )


def _meeting_json(meeting: Meeting) -> dict:
    cases = [
        {
            "report_id": case.id,
            "person": case.person.display_name if case.person else None,
            "kind": case.kind,
            "status": case.status,
            "quorum_problem": deciding.quorum_problem(meeting, case),
        }
        for case in meeting.cases.all()
    ]
    return {
        "id": meeting.id,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "status": meeting.status,
        "version": meeting.version,
        "invited": list(meeting.invited.all()),
        "non_voting": list(meeting.non_voting.all()),
        "attended": list(meeting.attended.all()),
        "cases": cases,
        "changes": [
            {
                "change_id": change.id,
                "caution_id": change.caution_id,
                "action": change.action,
                "status": change.status,
                "quorum_problem": deciding.change_quorum_problem(meeting, change),
            }
            for change in meeting.changes.all()
        ],
    }


def _dashboard_item_json(item: queues.DashboardItem) -> dict:
    about = item.letter or item.incident or item.caution
    person = about.person if about else None
    return {
        "what": item.what,
        "due": item.due,
        "overdue": item.overdue,
        "report_id": item.incident.id if item.incident else None,
        "caution_id": item.caution.id if item.caution else None,
        "person": person.display_name if person else None,
    }


def _queue_json(queue: queues.Queue, counts: queues.QueueCounts, items: list) -> dict:
    return {
        "key": queue.key,
        "title": queue.title,
        "total": counts.total,
        "overdue": counts.overdue,
        "due_soon": counts.soon,
        "items": [_dashboard_item_json(item) for item in items],
    }


@router.get(
    "/dashboard", response={200: list[DashboardSectionOut]} | refusals(403), tags=["dashboard"]
)
@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def dashboard(request):
    """Every queue of work waiting, with the profile's deadlines: its counts and its most
    urgent items, overdue first."""
    return [
        _queue_json(section.queue, section.counts, section.items)
        for section in queues.dashboard(request.user)
    ]


@router.get(
    "/dashboard/{key}", response={200: QueuePageOut} | refusals(403, 404), tags=["dashboard"]
)
@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def queue(request, key: str, page: int = 1):
    """One queue in full, PER_PAGE items a page (`?page=2`), overdue first."""
    found = queues.queue_get(request.user, key)
    try:
        shown = Paginator(found.rows, PER_PAGE).page(page)
    except InvalidPage:
        raise Http404 from None
    items = queues.queue_items_shown(request.user, found, shown.object_list)
    return {
        **_queue_json(found, found.counts(), items),
        "page": shown.number,
        "pages": shown.paginator.num_pages,
    }


@router.post(
    "/reports/{incident_id}/assessment",
    response={201: ReportOut} | refusals(403, 404, 409, 422),
    tags=["decisions"],
)
@permission_required(roles.ASSESS, raise_exception=True)
def assess(request, incident_id: UUID, payload: AssessmentIn):
    """Assess a submitted report; not by anyone involved in it (002 §4.5.2)."""
    incident = incident_get_for_user(incident_id, request.user)
    deciding.assessment_record(
        incident,
        severity=payload.severity,
        future_risk=payload.future_risk,
        recommended_level=payload.recommended_level,
        reasons=payload.reasons,
        context=payload.context,
        staff_support=payload.staff_support,
        police_referral=payload.police_referral,
        version=payload.version,
        by=request.user,
    )
    return Status(201, incident)


@router.post(
    "/reports/{incident_id}/interim-alert",
    response={201: InterimAlertOut} | refusals(403, 404, 422),
    tags=["decisions"],
)
@permission_required(roles.ASSESS, raise_exception=True)
def interim_alert(request, incident_id: UUID, payload: InterimAlertIn):
    """An urgent alert pending full assessment, where the profile has them (003 §8.7)."""
    incident = incident_get_for_user(incident_id, request.user)
    caution = deciding.interim_alert_add(
        incident,
        level=payload.level,
        precautions=payload.precautions,
        reasons=payload.reasons,
        identity_reason=payload.identity_reason,
        by=request.user,
    )
    return Status(201, caution)


@router.post(
    "/reports/{incident_id}/decision",
    response={201: DecisionOut} | refusals(403, 404, 409, 422),
    tags=["decisions"],
)
@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def decide(request, incident_id: UUID, payload: DecisionIn):
    """Record the decision body's decision on an assessed report, with its reasons. A
    caution is in the check at once, unless it waits for approval."""
    incident = incident_get_for_user(incident_id, request.user)
    meeting = None
    if payload.meeting_id:
        meeting = Meeting.objects.filter(id=payload.meeting_id, cases=incident).first()
        if meeting is None:
            raise ValidationError({"meeting_id": "Choose a meeting with this report on it"})
    decision = deciding.decision_record(
        incident,
        outcome=payload.outcome,
        reasons=payload.reasons,
        terms=_terms(payload),
        complex_case=payload.complex_case,
        meeting=meeting,
        answers={
            code: deciding.PromptAnswer(given.answer, given.note)
            for code, given in payload.answers.items()
        },
        identity=deciding.Identity(
            identified_by=payload.identified_by or "",
            confidence=payload.identity_confidence or "",
            reason=payload.identity_reason,
        ),
        adjustment_reason=payload.adjustment_reason,
        version=payload.version,
        by=request.user,
    )
    return Status(201, decision)


@router.post(
    "/decisions/{decision_id}/approve",
    response={200: DecisionOut} | refusals(403, 404, 422),
    tags=["decisions"],
)
@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def approve(request, decision_id: UUID, payload: ApproveIn | None = None):
    """The profile's approver approves a complex case (002 §3.4): the caution goes on,
    with a different expiry where the profile lets the approver set one (002 §4.5.1)."""
    decision = selectors.decision_awaiting_approval(decision_id, request.user)
    expires_on = payload.expires_on if payload else None
    deciding.decision_approve(decision, expires_on=expires_on, by=request.user)
    return decision


@router.get("/meetings", response={200: list[MeetingSummaryOut]} | refusals(403), tags=["meetings"])
@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def meetings(request):
    """Meetings of the decision panel, latest first."""
    return list(selectors.meetings_upcoming())


@router.post("/meetings", response={201: MeetingOut} | refusals(403, 422), tags=["meetings"])
@permission_required(roles.DECIDE, raise_exception=True)
def meeting_schedule(request, payload: MeetingIn):
    """Call a panel meeting within the profile's deadline (000 §8.2), for reports and for
    proposed changes to cautions; members are told."""
    cases = list(incidents_visible_to(request.user).filter(id__in=payload.cases))
    if len(cases) != len(set(payload.cases)):
        raise ValidationError({"cases": "A report on the agenda was not found"})
    changes = list(CautionChange.objects.filter(id__in=payload.changes))
    if len(changes) != len(set(payload.changes)):
        raise ValidationError({"changes": "A change on the agenda was not found"})
    meeting = deciding.meeting_schedule(
        starts_at=payload.starts_at,
        place=payload.place,
        cases=cases,
        invited=_users(payload.invited, "invited"),
        non_voting=_users(payload.non_voting, "non_voting"),
        late_reason=payload.late_reason,
        changes=changes,
        by=request.user,
    )
    return Status(201, _meeting_json(meeting))


@router.get("/meetings/{meeting_id}", response={200: MeetingOut} | refusals(404), tags=["meetings"])
def meeting_detail(request, meeting_id: UUID):
    """A meeting: its cases, whether it can decide each (quorum), who was invited and came."""
    return _meeting_json(selectors.meeting_get(meeting_id, request.user))


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={200: MeetingOut} | refusals(403, 404, 409, 422),
    tags=["meetings"],
)
def meeting_attendance(request, meeting_id: UUID, payload: AttendanceIn):
    """Record who was present: the quorum is counted from them."""
    meeting = selectors.meeting_get(meeting_id, request.user)
    if not request.user.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include recording attendance.")
    deciding.meeting_attendance_record(
        meeting,
        attended=_users(payload.attended, "attended"),
        version=payload.version,
        by=request.user,
    )
    return _meeting_json(meeting)
