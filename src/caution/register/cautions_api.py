"""A caution through the JSON API: reading it with its history, proposing a change (terms,
expiry, end) and deciding one, correcting a typing error, recording a breach and legal
action: the same actions and permissions as the pages (register/cautions_views.py).
Refusals become 403, 404, 409 or 422 in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime

from caution.accounts import roles
from caution.audit.selectors import history_of
from caution.incidents.api import PersonOut
from caution.lib.api_schemas import Choice, In, VersionIn, refusals
from caution.policy.profiles import current
from caution.register import access, cautions, changing, deciding, selectors
from caution.register.models import Caution, CautionChange, Correspondence, LegalAction, Meeting

router = Router()


class TermsIn(VersionIn):
    """What an appeal or a review may change on a caution."""

    level: str | None = Field(None, description="A new level code of the policy profile")
    precautions: str | None = None
    lift: list[UUID] = Field([], description="Ids of restrictions to lift")
    expires_on: dt.date | None = Field(None, description="A new expiry date")


class AmendIn(VersionIn):
    level: str
    precautions: str
    key_contact: str = Field(max_length=200)
    lift: list[UUID] = Field([], description="Ids of restrictions to lift")
    reason: str


class CorrectIn(VersionIn):
    precautions: str | None = None
    key_contact: str | None = Field(None, max_length=200)
    reason: str = Field(description="The typing error put right")


class DecideChangeIn(VersionIn):
    made: bool = Field(description="true: make the change; false: refuse it")
    reasons: str
    meeting_id: UUID | None = Field(None, description="The meeting that decided, where one meets")


class ChangeOut(Schema):
    id: UUID
    caution_id: UUID
    action: str
    kinds: list[str]
    proposal: dict
    reason: str
    status: str
    decided_by: str = Field(description="Who decides it under the profile")
    decided_at: dt.datetime | None
    decision_reasons: str
    version: int


class ExtendIn(VersionIn):
    expires_on: dt.date
    reason: str


class EndIn(VersionIn):
    reason: str


class BreachIn(In):
    restriction: UUID | None = Field(None, description="The id of the restriction broken")
    occurred_at: AwareDatetime
    description: str = Field(description="What the person did")


class RestrictionOut(Schema):
    id: UUID = Field(alias="uuid")
    type: str
    label: str
    details: str
    named_contact: str
    channels: list[str]
    service_area: str
    starts_on: dt.date
    ends_on: dt.date | None
    permanent: bool


class BreachOut(Schema):
    id: UUID
    caution_id: UUID
    restriction_id: UUID | None = Field(None, alias="restriction.uuid")
    occurred_at: dt.datetime
    description: str
    recorded_at: dt.datetime


class LegalActionIn(In):
    kind: Choice[LegalAction.Kind]
    status: Choice[LegalAction.Status]
    on: dt.date = Field(description="When it was considered, sought, granted or refused")
    note: str = Field("", description="The court, the reference; required for kind other")


class LegalActionOut(Schema):
    id: UUID
    caution_id: UUID
    kind: str
    status: str
    on: dt.date
    note: str
    recorded_at: dt.datetime


class CorrespondenceIn(In):
    received_on: dt.date
    channel: Choice[Correspondence.Channel]
    summary: str = Field(description="What it says")
    significant_new_information: bool = False
    acknowledged: bool = Field(False, description="It was acknowledged or answered")


class CorrespondenceOut(Schema):
    id: UUID
    caution_id: UUID
    received_on: dt.date
    channel: str
    summary: str
    significant_new_information: bool
    acknowledged: bool
    recorded_at: dt.datetime


class HistoryOut(Schema):
    at: dt.datetime
    by: str | None = Field(None, alias="actor.display_name")
    summary: str
    changes: dict[str, list] = Field({}, alias="details.changes")
    reason: str = Field("", alias="details.reason")


class OriginOut(Schema):
    """Where the caution's information came from (000 §8.6)."""

    partner_sourced: bool = Field(description="From a partner's own register or report")
    partner: str | None = Field(None, description="The partner, where its agreement is known")
    agreement: UUID | None = Field(None, description="The sharing agreement it came under")
    agreement_title: str | None = None
    partner_told_person_on: dt.date | None = Field(
        None, description="The day the partner said it told the person (000 §8.6)"
    )
    case_by_case: bool = Field(
        False,
        description="A partner's entry kept past the partner maximum for its level: reviewed "
        "case by case (000 §8.6)",
    )


class CautionRecordOut(Schema):
    id: UUID
    origin: OriginOut
    person: PersonOut | None
    address: str | None
    level: str
    level_label: str
    status: str
    interim: bool
    precautions: str
    restrictions: list[RestrictionOut]
    restrictions_text: str = Field(description="The restrictions in words, as the check shows")
    key_contact: str
    reporting_service: str
    date_added: dt.date
    expires_on: dt.date | None
    next_review: dt.date | None
    appeal_in_progress: bool
    ended_on: dt.date | None
    ended_reason: str
    version: int
    breaches: list[BreachOut]
    legal_actions: list[LegalActionOut]
    correspondence: list[CorrespondenceOut]
    history: list[HistoryOut]


def _caution_json(caution: Caution) -> dict:
    level = current().level(caution.level)
    agreement = caution.source_agreement
    return {
        "id": caution.id,
        "origin": {
            "partner_sourced": caution.partner_sourced,
            "partner": agreement.organisation.name if agreement else None,
            "agreement": agreement.id if agreement else None,
            "agreement_title": agreement.title if agreement else None,
            "partner_told_person_on": caution.partner_told_person_on,
            "case_by_case": caution.case_by_case,
        },
        "person": caution.person,
        "address": caution.address.one_line if caution.address else None,
        "level": caution.level,
        "level_label": level.label if level else caution.level,
        "status": caution.status,
        "interim": caution.interim,
        "precautions": caution.precautions,
        "restrictions": list(caution.restriction_set.all()),
        "restrictions_text": caution.restrictions,
        "key_contact": caution.key_contact,
        "reporting_service": caution.reporting_service,
        "date_added": caution.date_added,
        "expires_on": caution.expires_on,
        "next_review": caution.next_review,
        "appeal_in_progress": caution.appeal_in_progress,
        "ended_on": caution.ended_on,
        "ended_reason": caution.ended_reason,
        "version": caution.version,
        "breaches": list(caution.breaches.all()),
        "legal_actions": list(caution.legal_actions.all()),
        "correspondence": list(caution.correspondence.all()),
        "history": list(history_of(caution)),
    }


@router.get(
    "/cautions/{caution_id}", response={200: CautionRecordOut} | refusals(404), tags=["cautions"]
)
def caution_detail(request, caution_id: UUID):
    """The full caution with its restrictions, breaches and history (who, when, what, why),
    for those who may see restricted details; 404 for everyone else."""
    return _caution_json(selectors.caution_get_for_user(caution_id, request.user))


def _change_json(change: CautionChange) -> dict:
    route = deciding.change_routes(change.kinds)
    return {
        "id": change.id,
        "caution_id": change.caution_id,
        "action": change.action,
        "kinds": change.kinds,
        "proposal": change.proposal,
        "reason": change.reason,
        "status": change.status,
        "decided_by": changing.route_title(route, current()),
        "decided_at": change.decided_at,
        "decision_reasons": change.decision_reasons,
        "version": change.version,
    }


def _proposed(caution: Caution, change: CautionChange):
    """Made at once (200, the caution), or waiting for its decider (202, the change)."""
    if change.status == CautionChange.Status.MADE:
        caution.refresh_from_db()
        return _caution_json(caution)
    return Status(202, _change_json(change))


CHANGE_ANSWERS = {200: CautionRecordOut, 202: ChangeOut} | refusals(403, 404, 409, 422)


@router.post("/cautions/{caution_id}/amend", response=CHANGE_ANSWERS, tags=["cautions"])
def caution_amend(request, caution_id: UUID, payload: AmendIn):
    """Propose a change of level, precautions, key contact or restrictions to lift, with a
    reason, for the decider the profile names (`[changes]`): made at once (200) where you
    may decide it alone, otherwise waiting for its decider or meeting (202)."""
    # Who may, asked before the caution is read: a refused request leaves no view in the
    # audit (here and below).
    changing.refuse_if_not_proposer(request.user)
    caution = selectors.caution_get_for_user(caution_id, request.user)
    change = changing.caution_change_propose(
        caution,
        action=CautionChange.Action.AMEND,
        level=payload.level,
        precautions=payload.precautions,
        key_contact=payload.key_contact,
        lift=selectors.restriction_keys(caution, payload.lift),
        reason=payload.reason,
        version=payload.version,
        by=request.user,
    )
    return _proposed(caution, change)


@router.post("/cautions/{caution_id}/extend", response=CHANGE_ANSWERS, tags=["cautions"])
def caution_extend(request, caution_id: UUID, payload: ExtendIn):
    """Propose a new expiry, never past the profile's maximum, with a reason: 200 or 202 as
    for a change."""
    changing.refuse_if_not_proposer(request.user)
    caution = selectors.caution_get_for_user(caution_id, request.user)
    change = changing.caution_change_propose(
        caution,
        action=CautionChange.Action.EXTEND,
        expires_on=payload.expires_on,
        reason=payload.reason,
        version=payload.version,
        by=request.user,
    )
    return _proposed(caution, change)


@router.post("/cautions/{caution_id}/end", response=CHANGE_ANSWERS, tags=["cautions"])
def caution_end(request, caution_id: UUID, payload: EndIn):
    """Propose taking the caution off the register, with a reason: 200 (it left the check
    at once) or 202 (waiting for its decider), as for a change."""
    changing.refuse_if_not_proposer(request.user)
    caution = selectors.caution_get_for_user(caution_id, request.user)
    change = changing.caution_change_propose(
        caution,
        action=CautionChange.Action.END,
        reason=payload.reason,
        version=payload.version,
        by=request.user,
    )
    return _proposed(caution, change)


@router.post(
    "/cautions/{caution_id}/correct",
    response={200: CautionRecordOut} | refusals(403, 404, 409, 422),
    tags=["cautions"],
)
def caution_correct(request, caution_id: UUID, payload: CorrectIn):
    """The register officer corrects a typing error in the precautions or key contact: a
    correction, never a decision (it cannot change the level, period or restrictions)."""
    changing.refuse_if_not_corrector(request.user)
    caution = selectors.caution_get_for_user(caution_id, request.user)
    changing.caution_correct(
        caution,
        precautions=payload.precautions,
        key_contact=payload.key_contact,
        reason=payload.reason,
        version=payload.version,
        by=request.user,
    )
    return _caution_json(caution)


@router.get("/changes/{change_id}", response={200: ChangeOut} | refusals(404), tags=["cautions"])
def change_detail(request, change_id: UUID):
    """A proposed change to a caution and, once decided, its decision."""
    return _change_json(selectors.change_get_for_user(change_id, request.user))


@router.post(
    "/changes/{change_id}/decide",
    response={200: ChangeOut} | refusals(403, 404, 409, 422),
    tags=["cautions"],
)
def change_decide(request, change_id: UUID, payload: DecideChangeIn):
    """The decider's decision on a proposed change, with its minuted reasons: at a quorate
    meeting where the body meets (000 §8.4), by the post or decider otherwise."""
    # Who decides depends on the change, so it is read first, without a view in the audit:
    # the action asks who decides before anything else and records what was decided.
    change = selectors.change_get_for_user(change_id, request.user, audit=False)
    meeting = None
    if payload.meeting_id:
        meeting = Meeting.objects.filter(id=payload.meeting_id, changes=change).first()
        if meeting is None:
            raise ValidationError({"meeting_id": "Choose a meeting with this change on it"})
    changing.caution_change_decide(
        change,
        made=payload.made,
        reasons=payload.reasons,
        meeting=meeting,
        version=payload.version,
        by=request.user,
    )
    return _change_json(change)


@router.post(
    "/cautions/{caution_id}/breaches",
    response={201: BreachOut} | refusals(403, 404, 422),
    tags=["cautions"],
)
@permission_required(roles.CHECK, raise_exception=True)
def breach(request, caution_id: UUID, payload: BreachIn):
    """Record that the person broke a restriction of a caution you can see in the check;
    the register officers are told."""
    caution = selectors.caution_for_breach(caution_id, request.user)
    restriction = None
    if payload.restriction is not None:
        # Only this caution's own: one answer whether the id names no restriction or
        # another caution's, which may be one this user cannot see.
        restriction = caution.restriction_set.filter(uuid=payload.restriction).first()
        if restriction is None:
            raise ValidationError({"restriction": "This caution has no restriction with this id"})
    recorded = cautions.breach_record(
        caution,
        restriction=restriction,
        occurred_at=payload.occurred_at,
        description=payload.description,
        by=request.user,
    )
    return Status(201, recorded)


@router.post(
    "/cautions/{caution_id}/legal-actions",
    response={201: LegalActionOut} | refusals(403, 404, 422),
    tags=["cautions"],
)
def legal_action(request, caution_id: UUID, payload: LegalActionIn):
    """Record legal action considered or taken against the person over this caution: an
    injunction, possession or other, where it stands and when (003 §6.2, 004 §5)."""
    if not access.may_change_cautions(request.user):
        raise PermissionDenied("Your role does not include recording legal action.")
    caution = selectors.caution_get_for_user(caution_id, request.user)
    recorded = cautions.legal_action_record(
        caution,
        kind=payload.kind,
        status=payload.status,
        on=payload.on,
        note=payload.note,
        by=request.user,
    )
    return Status(201, recorded)


@router.post(
    "/cautions/{caution_id}/correspondence",
    response={201: CorrespondenceOut} | refusals(403, 404, 422),
    tags=["cautions"],
)
def correspondence(request, caution_id: UUID, payload: CorrespondenceIn):
    """Log correspondence received from the person: kept on file, and acknowledged only if
    it gives significant new information where the caution says so (001 §11)."""
    if not access.may_change_cautions(request.user):
        raise PermissionDenied("Your role does not include logging correspondence.")
    caution = selectors.caution_get_for_user(caution_id, request.user)
    received = cautions.correspondence_record(
        caution,
        received_on=payload.received_on,
        channel=payload.channel,
        summary=payload.summary,
        significant_new_information=payload.significant_new_information,
        acknowledged=payload.acknowledged,
        by=request.user,
    )
    return Status(201, received)
