"""Data protection through the JSON API: legal holds, the deletion schedule, subject
access and rectification, and a person leaving the service (003 §10.3). The same actions
and permissions as the pages (privacy/views.py); refusals become 403, 404 or 422 in
caution/api.py."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from caution.accounts import roles
from caution.lib.api_schemas import Choice, In, refusals
from caution.people.models import Person
from caution.privacy import rectification, retention, selectors, subject_access
from caution.privacy.models import RectificationRequest, SubjectAccessRequest
from caution.register.cautions_expiry import cautions_end_on_leaving

router = Router(tags=["data protection"])


class HoldOut(Schema):
    id: UUID
    person_id: UUID
    reason: str
    placed_at: dt.datetime
    lifted_at: dt.datetime | None
    lift_reason: str


class ReasonIn(In):
    reason: str


class DueOut(Schema):
    person_id: UUID
    due_on: dt.date = Field(description="The day the sweep deletes the person's records")
    paused_by: str = Field(description="What pauses the deletion; empty when nothing does")

    @staticmethod
    def resolve_person_id(due) -> UUID:
        return due.person.id


class AccessIn(In):
    channel: Choice[SubjectAccessRequest.Channel]
    received_on: dt.date


class AccessOut(Schema):
    id: UUID
    person_id: UUID | None = Field(description="None once the person's records are deleted")
    channel: str
    received_on: dt.date
    due_on: dt.date = Field(description="One calendar month from receipt")
    overdue: bool
    exported_at: dt.datetime | None
    completed_on: dt.date | None


class AccessReviewIn(In):
    redact: bool = Field(True, description="Replace staff and witness names with roles")
    confirm: bool = Field(
        description="You have read every passage, with the other people named in it, and "
        "the export may be released"
    )


class FlagOut(Schema):
    kind: str = Field(description="name, date or phone")
    text: str


class PassageOut(Schema):
    where: str
    text: str
    flags: list[FlagOut]


class AccessReviewOut(Schema):
    reviewed_at: dt.datetime
    redacted: bool
    passages: list[PassageOut] = Field(
        description="The export's free text, with other people's names, dates and phone "
        "numbers flagged"
    )


class RectificationIn(In):
    received_on: dt.date
    request: str = Field(description="What the person says is wrong")


class OutcomeIn(In):
    outcome: str = Field(description="corrected or refused")
    reason: str = Field(description="What was corrected, or why the request is refused")


class RectificationOut(Schema):
    id: UUID
    person_id: UUID
    received_on: dt.date
    due_on: dt.date
    outcome: str
    outcome_reason: str


class LeftIn(In):
    left_on: dt.date


class LeftOut(Schema):
    ended: int = Field(description="How many cautions came off the register")


def _person(request, person_id: UUID, permission: str = roles.PROTECT_DATA) -> Person:
    if not request.user.has_perm(permission):
        raise Http404
    return get_object_or_404(Person, id=person_id)


@router.get("/data-protection/deletion", response={200: list[DueOut]} | refusals(404))
def deletion(request):
    """Everyone with no active caution, when their records will be deleted, and what
    pauses it. Audited."""
    return selectors.deletion_due(request.user)


@router.post("/people/{person_id}/legal-holds", response={201: HoldOut} | refusals(403, 404, 422))
def hold_place(request, person_id: UUID, payload: ReasonIn):
    """Pause the deletion of the person's records until the hold is lifted."""
    person = _person(request, person_id)
    return Status(201, retention.legal_hold_place(person, reason=payload.reason, by=request.user))


@router.post("/legal-holds/{hold_id}/lift", response={200: HoldOut} | refusals(403, 404, 422))
def hold_lift(request, hold_id: UUID, payload: ReasonIn):
    hold = selectors.hold_get(hold_id, request.user)
    return retention.legal_hold_lift(hold, reason=payload.reason, by=request.user)


@router.get("/subject-access-requests", response={200: list[AccessOut]} | refusals(404))
def access_requests(request):
    """Open requests first, the overdue among them first."""
    return selectors.access_requests(request.user)


@router.post(
    "/people/{person_id}/subject-access-requests",
    response={201: AccessOut} | refusals(403, 404, 422),
)
def access_record(request, person_id: UUID, payload: AccessIn):
    person = _person(request, person_id)
    access = subject_access.access_request_record(
        person, channel=payload.channel, received_on=payload.received_on, by=request.user
    )
    return Status(201, access)


@router.post(
    "/subject-access-requests/{request_id}/review",
    response={200: AccessReviewOut} | refusals(403, 404, 422),
)
def access_review(request, request_id: UUID, payload: AccessReviewIn):
    """Confirm that the export has been reviewed for other people's data; the export can
    then be downloaded. Answers with every passage and what in it was flagged."""
    access = selectors.access_request_get(request_id, request.user)
    if not payload.confirm:
        raise ValidationError({"confirm": "Confirm that you have reviewed the export"})
    found = subject_access.access_review_confirm(access, redact=payload.redact, by=request.user)
    return {"reviewed_at": access.reviewed_at, "redacted": access.redacted, "passages": found}


@router.post(
    "/subject-access-requests/{request_id}/export",
    response={200: None} | refusals(403, 404, 422),
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def access_export(request, request_id: UUID):
    """The zip for the person, as reviewed: summary (HTML and PDF), data.json and the
    letters. Refused until the review is confirmed, and again if the records changed."""
    access = selectors.access_request_get(request_id, request.user)
    content = subject_access.access_export(access, by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{str(access.id)[:8]}.zip"'
    )
    return response


@router.post(
    "/people/{person_id}/rectification-requests",
    response={201: RectificationOut} | refusals(403, 404, 422),
)
def rectification_record(request, person_id: UUID, payload: RectificationIn):
    person = _person(request, person_id)
    found = rectification.rectification_record(
        person, received_on=payload.received_on, request=payload.request, by=request.user
    )
    return Status(201, found)


@router.post(
    "/rectification-requests/{request_id}/decide",
    response={200: RectificationOut} | refusals(403, 404, 422),
)
def rectification_decide(request, request_id: UUID, payload: OutcomeIn):
    found: RectificationRequest = selectors.rectification_get(request_id, request.user)
    return rectification.rectification_decide(
        found, outcome=payload.outcome, reason=payload.reason, by=request.user
    )


@router.post("/people/{person_id}/left", response={200: LeftOut} | refusals(403, 404, 422))
def left_service(request, person_id: UUID, payload: LeftIn):
    """The person's tenancy or licence ended: their cautions come off (003 §10.3)."""
    person = _person(request, person_id, roles.DECIDE)
    ended = cautions_end_on_leaving(person, left_on=payload.left_on, by=request.user)
    return {"ended": ended}
