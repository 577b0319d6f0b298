"""Appeals and reviews through the JSON API: the same actions and permissions as the pages
(register/appeal_views.py, register/review_views.py). Refusals become 403, 404, 409 or 422
in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from caution.accounts.models import User
from caution.lib.api_schemas import In, VersionIn, refusals
from caution.register import appeals, reviews, selectors
from caution.register.lifecycle_selectors import (
    appeal_get_for_user,
    require_reviewer,
    review_caution_get,
)
from caution.register.models import Appeal, Review

router = Router(tags=["appeals and reviews"])


class AppealIn(In):
    channel: Appeal.Channel
    received_on: dt.date
    grounds: str = Field(description="The grounds of the appeal, in the person's words")
    handler: str = Field(description="Username of who handles the appeal")
    notified_on: dt.date | None = Field(
        None, description="When the person was told; empty: the date recorded, or the decision"
    )
    late_reason: str = Field("", description="Why an appeal after the window is accepted")
    fallback: bool = Field(False, description="The handler's fallback acts (002 §3.4 footnote)")


class TermsIn(VersionIn):
    level: str | None = Field(None, description="A new level code of the policy profile")
    precautions: str | None = None
    lift: list[int] = Field([], description="Ids of restrictions to lift")
    expires_on: dt.date | None = Field(None, description="A new expiry date")


class AppealDecisionIn(TermsIn):
    outcome: Appeal.Outcome
    reasons: str


class ReviewIn(TermsIn):
    outcome: Review.Outcome
    reasons: str
    justification: str = Field("", description="Needed to keep an entry held for circumstances")
    next_review: dt.date | None = Field(None, description="Empty: the profile's interval")
    meeting_id: UUID | None = None


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


class ReviewOut(Schema):
    id: UUID
    caution_id: UUID
    reviewed_on: dt.date
    due_on: dt.date | None
    outcome: str
    reasons: str
    justification: str
    nothing_new: bool
    next_review: dt.date | None
    changes: dict


class ReviewDueOut(Schema):
    caution_id: UUID = Field(alias="id")
    level: str
    next_review: dt.date | None
    appeal_in_progress: bool


class SinceOut(Schema):
    since: dt.date
    incidents: list[UUID]
    positive_contacts: list[UUID]
    breaches: list[UUID]
    appeals: list[UUID]
    nothing_new: bool
    default_outcome: str
    preselected: str
    justification_needed: bool


@router.post(
    "/cautions/{caution_id}/appeals", response={201: AppealOut} | refusals(403, 404, 409, 422)
)
def appeal_record(request, caution_id: UUID, payload: AppealIn):
    """Record an appeal as received; the caution shows "appeal in progress" until decided."""
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
        fallback=payload.fallback,
        by=request.user,
    )
    return Status(201, appeal)


@router.get("/appeals/{appeal_id}", response={200: AppealOut} | refusals(404))
def appeal_detail(request, appeal_id: UUID):
    return appeal_get_for_user(appeal_id, request.user)


@router.post(
    "/appeals/{appeal_id}/decision", response={200: AppealOut} | refusals(403, 404, 409, 422)
)
def appeal_decide(request, appeal_id: UUID, payload: AppealDecisionIn):
    """The handler decides: upheld removes the caution, partly upheld changes it, refused
    keeps it."""
    appeal = appeal_get_for_user(appeal_id, request.user)
    return appeals.appeal_decide(
        appeal,
        outcome=payload.outcome,
        reasons=payload.reasons,
        level=payload.level,
        precautions=payload.precautions,
        lift=payload.lift,
        expires_on=payload.expires_on,
        version=payload.version,
        by=request.user,
    )


@router.get("/reviews", response={200: list[ReviewDueOut]} | refusals(404))
def reviews_due(request):
    """Cautions whose review is overdue or falls due within 14 days, most overdue first."""
    require_reviewer(request.user)
    return list(reviews.reviews_due())


@router.get("/cautions/{caution_id}/review", response={200: SinceOut} | refusals(404))
def review_context(request, caution_id: UUID):
    """What happened since the last review, and the profile's default outcome."""
    since = reviews.since_last_review(review_caution_get(caution_id, request.user))
    return {
        "since": since.since,
        "incidents": [i.id for i in since.incidents],
        "positive_contacts": [i.id for i in since.contacts],
        "breaches": [b.id for b in since.breaches],
        "appeals": [a.id for a in since.appeals],
        "nothing_new": since.nothing_new,
        "default_outcome": since.default_outcome,
        "preselected": since.preselected,
        "justification_needed": since.justification_needed,
    }


@router.post(
    "/cautions/{caution_id}/reviews", response={201: ReviewOut} | refusals(403, 404, 409, 422)
)
def review_record(request, caution_id: UUID, payload: ReviewIn):
    """Record a review: keep (next review date), change, or remove."""
    caution = review_caution_get(caution_id, request.user)
    meeting = None
    if payload.meeting_id:
        meeting = reviews.ReviewMeeting.objects.filter(id=payload.meeting_id).first()
        if meeting is None:
            raise ValidationError({"meeting_id": "There is no review meeting with this id"})
    review = reviews.review_record(
        caution,
        outcome=payload.outcome,
        reasons=payload.reasons,
        justification=payload.justification,
        next_review=payload.next_review,
        level=payload.level,
        precautions=payload.precautions,
        lift=payload.lift,
        expires_on=payload.expires_on,
        meeting=meeting,
        version=payload.version,
        by=request.user,
    )
    return Status(201, review)
