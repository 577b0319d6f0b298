"""Appeals through the JSON API: the same actions and permissions as the pages
(register/appeals_views.py). Refusals become 403, 404, 409 or 422 in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from caution.accounts.models import User
from caution.lib.api_schemas import Choice, In, refusals
from caution.register import appeals, selectors
from caution.register.cautions_api import TermsIn
from caution.register.models import Appeal

router = Router(tags=["appeals and reviews"])


class AppealIn(In):
    channel: Choice[Appeal.Channel]
    received_on: dt.date
    grounds: str = Field(description="The grounds of the appeal, in the person's words")
    handler: str = Field(description="Username of who handles the appeal")
    notified_on: dt.date | None = Field(
        None, description="When the person was told; empty: the date recorded, or the decision"
    )
    late_reason: str = Field("", description="Why an appeal after the window is accepted")
    complaint_reference: str = Field(
        "",
        max_length=60,
        description="The formal complaint it is logged as; required where the profile says so",
    )
    fallback: bool = Field(False, description="The handler's fallback acts (002 §3.4 footnote)")


class AppealDecisionIn(TermsIn):
    outcome: Choice[Appeal.Outcome]
    reasons: str


class AppealOut(Schema):
    id: UUID
    caution_id: UUID
    channel: str
    received_on: dt.date
    grounds: str
    notified_on: dt.date
    window_ends_on: dt.date | None
    late: bool
    late_reason: str
    complaint_reference: str
    handler: str = Field(alias="handler.username")
    handler_title: str
    answer_due: dt.date | None
    status: str
    outcome: str
    reasons: str
    external_route: str
    changes: dict
    decided_on: dt.date | None
    version: int


@router.post(
    "/cautions/{caution_id}/appeals", response={201: AppealOut} | refusals(403, 404, 409, 422)
)
def appeal_record(request, caution_id: UUID, payload: AppealIn):
    """Record an appeal as received; the caution shows "appeal in progress" until decided."""
    # Who may, asked before the caution is read or the handler named is checked.
    appeals.refuse_if_not_recorder(request.user)
    caution = selectors.caution_get_for_user(caution_id, request.user)
    handler = User.objects.filter(username=payload.handler, is_active=True).first()
    if handler is None:
        raise ValidationError({"handler": "There is no active user with this username"})
    appeal = appeals.appeal_record(
        caution,
        channel=payload.channel,
        received_on=payload.received_on,
        grounds=payload.grounds,
        handler=handler,
        notified_on=payload.notified_on,
        late_reason=payload.late_reason,
        complaint_reference=payload.complaint_reference,
        fallback=payload.fallback,
        by=request.user,
    )
    return Status(201, appeal)


@router.get("/appeals/{appeal_id}", response={200: AppealOut} | refusals(404))
def appeal_detail(request, appeal_id: UUID):
    return selectors.appeal_get_for_user(appeal_id, request.user)


@router.post(
    "/appeals/{appeal_id}/decision", response={200: AppealOut} | refusals(403, 404, 409, 422)
)
def appeal_decide(request, appeal_id: UUID, payload: AppealDecisionIn):
    """The handler decides: upheld removes the caution, partly upheld changes it, refused
    keeps it."""
    # Only its handler decides an appeal, so it is read first, without a view in the audit:
    # the action asks for the handler before anything else and records the outcome.
    appeal = selectors.appeal_get_for_user(appeal_id, request.user, audit=False)
    return appeals.appeal_decide(
        appeal,
        outcome=payload.outcome,
        reasons=payload.reasons,
        level=payload.level,
        precautions=payload.precautions,
        lift=selectors.restriction_keys(appeal.caution, payload.lift),
        expires_on=payload.expires_on,
        version=payload.version,
        by=request.user,
    )
