"""A caution through the JSON API: reading it with its history, changing, extending and
ending it, and recording a breach: the same actions and permissions as the pages
(register/cautions_views.py). Refusals become 403, 404, 409 or 422 in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime

from caution.accounts import roles
from caution.audit.selectors import history_of
from caution.incidents.api import PersonOut
from caution.lib.api_schemas import In, VersionIn, refusals
from caution.policy.profiles import current
from caution.register import cautions, selectors
from caution.register.models import Caution, Restriction

router = Router()


class TermsIn(VersionIn):
    """What an appeal or a review may change on a caution."""

    level: str | None = Field(None, description="A new level code of the policy profile")
    precautions: str | None = None
    lift: list[int] = Field([], description="Ids of restrictions to lift")
    expires_on: dt.date | None = Field(None, description="A new expiry date")


class AmendIn(VersionIn):
    level: str
    precautions: str
    key_contact: str = Field(max_length=200)
    reason: str


class ExtendIn(VersionIn):
    expires_on: dt.date
    reason: str


class EndIn(VersionIn):
    reason: str


class BreachIn(In):
    restriction: int | None = Field(None, description="The id of the restriction broken")
    occurred_at: AwareDatetime
    description: str = Field(description="What the person did")


class RestrictionOut(Schema):
    id: int
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
    restriction_id: int | None
    occurred_at: dt.datetime
    description: str
    recorded_at: dt.datetime


class HistoryOut(Schema):
    at: dt.datetime
    by: str | None = Field(None, alias="actor.display_name")
    summary: str
    changes: dict[str, list] = Field({}, alias="details.changes")
    reason: str = Field("", alias="details.reason")


class CautionRecordOut(Schema):
    id: UUID
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
    history: list[HistoryOut]


def _caution_json(caution: Caution) -> dict:
    level = current().level(caution.level)
    return {
        "id": caution.id,
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
        "history": list(history_of(caution)),
    }


@router.get(
    "/cautions/{caution_id}", response={200: CautionRecordOut} | refusals(404), tags=["cautions"]
)
def caution_detail(request, caution_id: UUID):
    """The full caution with its restrictions, breaches and history (who, when, what, why),
    for those who may see restricted details; 404 for everyone else."""
    return _caution_json(selectors.caution_get_for_user(caution_id, request.user))


@router.post(
    "/cautions/{caution_id}/amend",
    response={200: CautionRecordOut} | refusals(403, 404, 409, 422),
    tags=["cautions"],
)
def caution_amend(request, caution_id: UUID, payload: AmendIn):
    """Change a caution's level, precautions or key contact, with a reason."""
    caution = selectors.caution_get_for_user(caution_id, request.user)
    cautions.caution_amend(
        caution,
        level=payload.level,
        precautions=payload.precautions,
        key_contact=payload.key_contact,
        reason=payload.reason,
        version=payload.version,
        by=request.user,
    )
    return _caution_json(caution)


@router.post(
    "/cautions/{caution_id}/extend",
    response={200: CautionRecordOut} | refusals(403, 404, 409, 422),
    tags=["cautions"],
)
def caution_extend(request, caution_id: UUID, payload: ExtendIn):
    """Move the expiry later, never past the profile's maximum, with a reason."""
    caution = selectors.caution_get_for_user(caution_id, request.user)
    cautions.caution_extend(
        caution,
        expires_on=payload.expires_on,
        reason=payload.reason,
        version=payload.version,
        by=request.user,
    )
    return _caution_json(caution)


@router.post(
    "/cautions/{caution_id}/end",
    response={200: CautionRecordOut} | refusals(403, 404, 409, 422),
    tags=["cautions"],
)
def caution_end(request, caution_id: UUID, payload: EndIn):
    """Take the caution off the register, with a reason: it leaves the check at once."""
    caution = selectors.caution_get_for_user(caution_id, request.user)
    cautions.caution_end(caution, reason=payload.reason, version=payload.version, by=request.user)
    return _caution_json(caution)


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
        restriction = Restriction.objects.filter(id=payload.restriction).first()
        if restriction is None:
            raise ValidationError({"restriction": "There is no restriction with this id"})
    recorded = cautions.breach_record(
        caution,
        restriction=restriction,
        occurred_at=payload.occurred_at,
        description=payload.description,
        by=request.user,
    )
    return Status(201, recorded)
