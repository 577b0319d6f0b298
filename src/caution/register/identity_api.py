"""Disputes about a person's identity through the JSON API: the same actions and
permissions as the pages (register/identity_views.py). Refusals become 403, 404, 409 or
422 in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema, Status

from caution.lib.api_schemas import Choice, In, refusals
from caution.register import identity, selectors
from caution.register.models import IdentityDispute

router = Router(tags=["people"])


class DisputeIn(In):
    account: str = Field(description="What the person or officer says is wrong")


class ResolveIn(In):
    outcome: Choice[IdentityDispute.Outcome] = Field(
        description="The same person; the wrong person (their active cautions end); or "
        "details corrected"
    )
    note: str = Field(description="How the identity was confirmed or corrected")


class DisputeOut(Schema):
    id: UUID
    person_id: UUID
    account: str
    raised_at: dt.datetime
    outcome: str
    note: str
    resolved_at: dt.datetime | None


@router.post(
    "/people/{person_id}/identity-disputes",
    response={201: DisputeOut} | refusals(403, 404, 422),
)
def dispute_raise(request, person_id: UUID, payload: DisputeIn):
    """Dispute who the person is: the check says so on their card until it is resolved."""
    person = selectors.person_get_for_user(person_id, request.user)
    dispute = identity.identity_dispute_raise(person, account=payload.account, by=request.user)
    return Status(201, dispute)


@router.post(
    "/identity-disputes/{dispute_id}/resolve",
    response={200: DisputeOut} | refusals(403, 404, 422),
)
def dispute_resolve(request, dispute_id: UUID, payload: ResolveIn):
    """Resolve a dispute about who the person is; the wrong person's cautions end."""
    # Refused before the lookup, which audits the view of the dispute.
    if not identity.may_resolve_dispute(request.user):
        raise Http404
    dispute = selectors.identity_dispute_get_for_user(dispute_id, request.user)
    return identity.identity_dispute_resolve(
        dispute, outcome=payload.outcome, note=payload.note, by=request.user
    )
