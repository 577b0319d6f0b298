"""After a partner's sharing agreement ends, its systems are told to switch their markers
off by the marker reference alone: no caution id, no level, nothing about the person
(ADR 0017). Told through the daily sweep run as `caution sweep --as-of` past the end."""

import datetime as dt
import io
import json
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from caution.accounts.models import Organisation
from caution.lib import clock
from caution.outbox.models import EVENTS, OutboxMessage, WebhookSubscription
from caution.outbox.signing import signature
from caution.register.markers import markers_drift
from tests.factories import make_agreement, make_caution, make_person

pytestmark = pytest.mark.django_db

END = dt.date(2026, 3, 31)
LONDON = ZoneInfo("Europe/London")


def sweep(as_of: dt.date) -> None:
    call_command("sweep", f"--as-of={as_of}", stdout=io.StringIO())


def webhooks() -> list[dict]:
    messages = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK)
    return [message.payload for message in messages.order_by("created_at", "id")]


@pytest.fixture
def shared():
    """Riverside's system heard of a caution shared under an agreement ending on END."""
    riverside = Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)
    moment = dt.datetime.combine(END - dt.timedelta(days=60), dt.time(9), tzinfo=LONDON)
    with clock.frozen_at(moment):
        make_agreement(riverside, ends_on=END)
        system = WebhookSubscription.objects.create(
            name="Riverside housing", url="https://hooks.example.org/x",
            events=list(EVENTS), organisation=riverside,
        )  # fmt: skip
        caution = make_caution(
            make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside]
        )
    return system, caution


def test_an_event_gives_the_system_a_marker_reference(shared):
    [added] = webhooks()

    assert added["event"] == "caution.added"
    assert added["person"]["marker_reference"]


def test_after_the_agreement_ends_the_system_is_told_only_to_switch_off_its_marker(shared):
    _, caution = shared
    [added] = webhooks()

    sweep(END + dt.timedelta(days=1))
    sweep(END + dt.timedelta(days=2))  # the chase of a marker not confirmed off

    told = webhooks()[1:]
    assert [payload["event"] for payload in told] == ["marker.off", "marker.off"]
    for payload in told:
        assert set(payload) == {"event", "id", "occurred_at", "marker_reference"}
        assert payload["marker_reference"] == added["person"]["marker_reference"]
        assert str(caution.id) not in json.dumps(payload)


def test_a_system_confirms_the_marker_off_by_its_reference_and_the_drift_clears(client, shared):
    system, _ = shared
    [added] = webhooks()
    sweep(END + dt.timedelta(days=1))
    assert markers_drift().removals == 1

    reference = added["person"]["marker_reference"]
    body = json.dumps({"markers": [{"marker_reference": reference, "marker": "off"}]})
    timestamp = int(time.time())
    response = client.post(
        "/api/webhooks/receipts",
        data=body,
        content_type="application/json",
        headers={
            "X-Caution-Subscription": str(system.id),
            "X-Caution-Timestamp": str(timestamp),
            "X-Caution-Signature": signature(system.secret, timestamp, body.encode()),
        },
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"recorded": 1, "disagree": []}
    assert not markers_drift().any
