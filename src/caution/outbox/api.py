"""The subscriber system's own API call: recording its reference for the person behind a
caution. It signs the request with its webhook secret (docs/operators/webhooks.md)."""

import json
import time
import uuid
from typing import Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyHeader
from pydantic import model_validator

from caution.lib.api_schemas import In, refusals
from caution.outbox import signing
from caution.outbox.actions import reference_set
from caution.outbox.models import WebhookSubscription
from caution.register.announcing import may_hear_of
from caution.register.markers import marker_confirm, marker_confirm_reference, markers_feed
from caution.register.models import Caution


class SignedBySubscriber(APIKeyHeader):
    """The request is signed, within the replay window, with the named active
    subscription's secret; the subscription is then the caller."""

    param_name = signing.SIGNATURE_HEADER

    def authenticate(self, request, key: str | None) -> WebhookSubscription | None:
        try:
            subscription_id = uuid.UUID(request.headers.get(signing.SUBSCRIPTION_HEADER, ""))
        except ValueError:
            return None
        subscription = WebhookSubscription.objects.filter(id=subscription_id, active=True).first()
        if subscription is None:
            return None
        timestamp = request.headers.get(signing.TIMESTAMP_HEADER, "")
        valid = signing.signature_valid(
            subscription.secret, timestamp, key or "", request.body, now=time.time()
        )
        return subscription if valid else None


router = Router(tags=["webhooks"])
# The most markers one receipt may confirm.
MOST_RECEIPTS = 500


class ReferenceIn(In):
    caution: uuid.UUID
    reference: str = ""


@router.put(
    "/webhooks/reference",
    auth=SignedBySubscriber(),
    response={204: None, **refusals(404, 422)},
    summary="A subscriber records its own reference for the person behind a caution",
)
def reference_put(request, payload: ReferenceIn):
    subscription = request.auth
    caution = Caution.objects.filter(id=payload.caution, person__isnull=False).first()
    if caution is None or not may_hear_of(subscription, caution):
        raise Http404
    reference_set(subscription, person=caution.person, reference=payload.reference, by=subscription)
    return Status(204, None)


class MarkerReceiptIn(Schema):
    caution: uuid.UUID | None = Field(None, description="The caution id from the event")
    marker_reference: uuid.UUID | None = Field(
        None,
        description="Instead of the caution: the marker reference from the event (the only "
        "thing a marker.off event gives)",
    )
    marker: Literal["on", "off"] = Field(description="What your marker now shows")

    @model_validator(mode="after")
    def one_of_caution_or_reference(self):
        if (self.caution is None) == (self.marker_reference is None):
            raise ValueError("Give either the caution or the marker_reference")
        return self


class ReceiptsIn(In):
    markers: list[MarkerReceiptIn] = Field(min_length=1, max_length=MOST_RECEIPTS)


class ReceiptsOut(Schema):
    recorded: int
    disagree: list[uuid.UUID] = Field(
        description="The cautions (or marker references) whose person's marker should show "
        "the opposite of what you confirmed: switch it, and confirm again"
    )


@router.post(
    "/webhooks/receipts",
    auth=SignedBySubscriber(),
    response={200: ReceiptsOut, **refusals(404, 422)},
    summary="A subscriber confirms it switched markers on or off",
)
def receipts_post(request, payload: ReceiptsIn):
    """Confirm, for each caution, that the marker on its person now shows `on` or `off`.
    The register compares it with what the marker should show; what disagrees stays on
    the dashboard's drift and is chased by the sweep."""
    subscription = request.auth
    by_caution = [item for item in payload.markers if item.caution]
    found = Caution.objects.filter(
        id__in=[item.caution for item in by_caution], person__isnull=False
    ).in_bulk()
    states = subscription.marker_states
    heard = set(states.values_list("person_id", flat=True))
    for item in by_caution:
        caution = found.get(item.caution)
        if caution is None or not (
            caution.person_id in heard or may_hear_of(subscription, caution)
        ):
            raise Http404
    held = {item.marker_reference for item in payload.markers if item.marker_reference}
    if len(held) != states.filter(reference__in=held).count():
        raise Http404
    disagree = []
    for item in payload.markers:
        on = item.marker == "on"
        if item.caution:
            state = marker_confirm(found[item.caution], on=on, by=subscription)
        else:
            state = marker_confirm_reference(subscription, item.marker_reference, on=on)
        if not state.agrees:
            disagree.append(item.caution or item.marker_reference)
    return {"recorded": len(payload.markers), "disagree": disagree}


@router.get(
    "/webhooks/markers",
    auth=SignedBySubscriber(),
    response={200: dict, **refusals(404)},
    summary="Every marker that should be on for this subscriber, a page at a time, signed",
)
def markers_get(request, page: int = 1):
    """The full state, for a nightly reconciliation: each person whose marker should be
    on, by your reference, with their active cautions. A marker you hold for anyone not
    listed should be off. The answer is signed with your secret like an event."""
    feed = markers_feed(request.auth, page=page)
    if feed is None:
        raise Http404
    body = json.dumps(feed, cls=DjangoJSONEncoder).encode()
    timestamp = int(time.time())
    response = HttpResponse(body, content_type="application/json")
    response[signing.TIMESTAMP_HEADER] = str(timestamp)
    response[signing.SIGNATURE_HEADER] = signing.signature(request.auth.secret, timestamp, body)
    return response
