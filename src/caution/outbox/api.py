"""The subscriber system's own API call: recording its reference for the person behind a
caution. It signs the request with its webhook secret (docs/operators/webhooks.md)."""

import time
import uuid

from django.http import Http404
from ninja import Router, Status
from ninja.security import APIKeyHeader

from caution.lib.api_schemas import In, refusals
from caution.outbox import signing
from caution.outbox.actions import reference_set
from caution.outbox.models import WebhookSubscription
from caution.register.announcing import may_hear_of
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
