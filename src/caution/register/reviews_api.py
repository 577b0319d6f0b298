"""Reviews through the JSON API: the same actions and permissions as the pages
(register/reviews_views.py). Refusals become 403, 404, 409 or 422 in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from caution.accounts import roles
from caution.lib.api_schemas import Choice, refusals
from caution.register import access, reviews, selectors
from caution.register.cautions_api import TermsIn
from caution.register.deciding_api import AttendanceIn, _users
from caution.register.models import Review, ReviewMeeting

# The same tag as appeals: one section of the API's documentation, as before.
router = Router(tags=["appeals and reviews"])


class ReviewIn(TermsIn):
    outcome: Choice[Review.Outcome]
    reasons: str
    justification: str = Field("", description="Needed to keep an entry held for circumstances")
    next_review: dt.date | None = Field(None, description="Empty: the profile's interval")
    meeting_id: UUID | None = None


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
    legal_actions: list[UUID] = Field(description="Every legal action recorded on the caution")
    appeals: list[UUID]
    nothing_new: bool
    default_outcome: str
    preselected: str
    justification_needed: bool


@router.get("/reviews", response={200: list[ReviewDueOut]} | refusals(404))
def reviews_due(request):
    """Cautions whose review is overdue or falls due within 14 days, most overdue first."""
    access.require_reviewer(request.user)
    return list(reviews.reviews_due())


@router.get("/cautions/{caution_id}/review", response={200: SinceOut} | refusals(404))
def review_context(request, caution_id: UUID):
    """What happened since the last review, and the profile's default outcome."""
    since = reviews.since_last_review(selectors.review_caution_get(caution_id, request.user))
    return {
        "since": since.since,
        "incidents": [i.id for i in since.incidents],
        "positive_contacts": [i.id for i in since.contacts],
        "breaches": [b.id for b in since.breaches],
        "legal_actions": [a.id for a in since.legal_actions],
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
    caution = selectors.review_caution_get(caution_id, request.user)
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
        lift=selectors.restriction_keys(caution, payload.lift),
        expires_on=payload.expires_on,
        meeting=meeting,
        version=payload.version,
        by=request.user,
    )
    return Status(201, review)


class ReviewMeetingOut(Schema):
    id: UUID
    held_on: dt.date
    invited: list[str] = Field(description="Usernames of the group invited")
    attended: list[str] = Field(description="Usernames of those present")
    non_voting: list[str] = Field(description="Usernames of attendees who do not vote")
    quorum_problem: str = Field(
        description="Why the meeting cannot approve reviews yet; empty when it can"
    )


def _review_meeting_json(meeting: ReviewMeeting) -> dict:
    return {
        "id": meeting.id,
        "held_on": meeting.held_on,
        "invited": sorted(meeting.invited.values_list("username", flat=True)),
        "attended": sorted(meeting.attended.values_list("username", flat=True)),
        "non_voting": sorted(meeting.non_voting.values_list("username", flat=True)),
        "quorum_problem": reviews.review_quorum_problem(meeting),
    }


@router.get("/review-meetings/{meeting_id}", response={200: ReviewMeetingOut} | refusals(404))
def review_meeting(request, meeting_id: UUID):
    """A review meeting: the group invited, who was present, and whether it is quorate."""
    access.require_reviewer(request.user)
    return _review_meeting_json(get_object_or_404(ReviewMeeting, id=meeting_id))


@router.post(
    "/review-meetings/{meeting_id}/attendance",
    response={200: ReviewMeetingOut} | refusals(403, 404, 409, 422),
)
def review_meeting_attendance(request, meeting_id: UUID, payload: AttendanceIn):
    """Record who of the group is present: they approve the reviews recorded at the
    meeting, when enough of them are (000 §8.4, 002 §3.4)."""
    access.require_reviewer(request.user)
    meeting = get_object_or_404(ReviewMeeting, id=meeting_id)
    if not request.user.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include recording attendance.")
    reviews.review_meeting_attendance_record(
        meeting,
        attended=_users(payload.attended, "attended"),
        version=payload.version,
        by=request.user,
    )
    return _review_meeting_json(meeting)
