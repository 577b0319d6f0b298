"""A subscriber system records its own reference for a person through the API, signing
its request with its webhook secret."""

import json
import time

import pytest

from caution.outbox.models import SubscriberReference
from caution.outbox.signing import signature
from tests.factories import make_caution, make_person

pytestmark = pytest.mark.django_db
URL = "/api/webhooks/reference"


def put(client, subscription, data: dict, *, secret: str | None = None, at: float | None = None):
    body = json.dumps(data).encode()
    timestamp = int(at or time.time())
    return client.put(
        URL,
        body,
        content_type="application/json",
        headers={
            "X-Caution-Subscription": str(subscription.id),
            "X-Caution-Timestamp": str(timestamp),
            "X-Caution-Signature": signature(secret or subscription.secret, timestamp, body),
        },
    )


@pytest.fixture
def caution():
    return make_caution(make_person("Robert", "Smith"))


def test_a_subscriber_records_its_reference_for_the_person_behind_a_caution(
    client, housing_system, caution
):
    response = put(client, housing_system, {"caution": str(caution.id), "reference": "TEN-7"})

    assert response.status_code == 204
    assert SubscriberReference.objects.get(person=caution.person).reference == "TEN-7"


def test_an_empty_reference_removes_it(client, housing_system, caution):
    put(client, housing_system, {"caution": str(caution.id), "reference": "TEN-7"})

    put(client, housing_system, {"caution": str(caution.id), "reference": ""})

    assert not SubscriberReference.objects.exists()


def test_a_request_signed_with_another_secret_is_refused(client, housing_system, caution):
    response = put(
        client, housing_system, {"caution": str(caution.id), "reference": "X"}, secret="guess"
    )

    assert response.status_code == 401
    assert not SubscriberReference.objects.exists()


def test_a_replayed_request_is_refused(client, housing_system, caution):
    ten_minutes_ago = time.time() - 600

    response = put(
        client, housing_system, {"caution": str(caution.id), "reference": "X"}, at=ten_minutes_ago
    )

    assert response.status_code == 401


def test_a_partners_system_cannot_reach_a_caution_not_shared_with_it(
    client, housing_system, caution, housing_partner
):
    housing_system.organisation = housing_partner
    housing_system.save()

    response = put(client, housing_system, {"caution": str(caution.id), "reference": "X"})

    assert response.status_code == 404
