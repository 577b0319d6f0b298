"""Markers that agree: a subscriber that confirms each marker it switches, by a signed
receipt over real HTTP to the served app, leaves no drift; one that takes events and
never confirms shows on the dashboard, and the sweep sends it the state again. A
subscriber reconciles nightly from the signed full-state feed."""

import datetime as dt
import io
import json
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.utils import timezone

from caution.accounts.roles import Role
from caution.lib import clock
from caution.outbox.delivery import outbox_deliver
from caution.outbox.models import EVENTS, SubscriberReference, WebhookSubscription
from caution.outbox.signing import signature, signature_valid
from caution.register.markers import markers_drift
from tests.factories import change_made, make_caution, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def signed(base: str, subscription, path: str, body: bytes = b"", method: str = "POST"):
    """The subscriber's own call, signed with its secret as docs/operators/webhooks.md
    shows: (status, headers, body)."""
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (http:// to the loopback live server)
        base + path,
        data=body or None,
        method=method,
        headers={
            "Content-Type": "application/json",
            "X-Caution-Subscription": str(subscription.id),
            "X-Caution-Timestamp": str(timestamp),
            "X-Caution-Signature": signature(subscription.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers.items()), refused.read()


def acknowledge(base: str, subscription, events: list[dict]) -> dict:
    """What an acknowledging subscriber does after storing events: switch each marker
    to `on_register`, then confirm them in one receipt."""
    markers = [
        {"caution": e["caution"]["id"], "marker": "on" if e["person"]["on_register"] else "off"}
        for e in events
    ]
    body = json.dumps({"markers": markers}).encode()
    status, _, answer = signed(base, subscription, "/api/webhooks/receipts", body)
    assert status == 200
    return json.loads(answer)


@pytest.fixture
def officer(db):
    return make_user(Role.REGISTER_OFFICER, first_name="Owen")


@pytest.fixture
def crm(db, receiver):
    """A second system, which takes events but never confirms a marker."""
    return WebhookSubscription.objects.create(name="CRM", url=receiver.url, events=list(EVENTS))


def end(caution, officer) -> None:
    caution.refresh_from_db()
    change_made(caution, "end", reason="Review: removed", by=officer)


def test_a_subscriber_that_confirms_each_marker_leaves_no_drift(
    live_server, receiver, housing_system, officer
):
    caution = make_caution(make_person("Robert", "Smith"))
    outbox_deliver()
    assert acknowledge(live_server.url, housing_system, receiver.events()) == {
        "recorded": 1,
        "disagree": [],
    }

    end(caution, officer)
    outbox_deliver()
    acknowledge(live_server.url, housing_system, receiver.events()[1:])

    assert not markers_drift().any


def test_a_subscriber_that_never_confirms_shows_as_drift_on_the_dashboard(
    client, live_server, receiver, housing_system, crm, officer
):
    cautions = [make_caution(make_person("Robert", "Smith")) for _ in range(2)]
    outbox_deliver()
    for caution in cautions:
        end(caution, officer)
    outbox_deliver()
    acknowledge(live_server.url, housing_system, receiver.events())
    client.force_login(officer)

    page = client.get("/dashboard/").content.decode()

    drift = markers_drift()
    assert (drift.removal_systems, drift.removals) == (1, 2)
    assert "1 system has not confirmed removal of 2 markers." in page


def test_confirming_the_wrong_state_is_answered_as_disagreeing(
    live_server, receiver, housing_system, officer
):
    caution = make_caution(make_person("Robert", "Smith"))
    outbox_deliver()
    end(caution, officer)
    body = json.dumps({"markers": [{"caution": str(caution.id), "marker": "on"}]}).encode()

    status, _, answer = signed(live_server.url, housing_system, "/api/webhooks/receipts", body)

    assert status == 200
    assert json.loads(answer)["disagree"] == [str(caution.id)]
    assert markers_drift().removals == 1


def noon(day: dt.date) -> dt.datetime:
    """A moment after that day's sweep (06:00), whatever the time the test runs at."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def test_the_sweep_sends_an_unconfirmed_removal_again_once_a_day(receiver, housing_system, officer):
    caution = make_caution(make_person("Robert", "Smith"))
    end(caution, officer)
    outbox_deliver()
    tomorrow = clock.today() + dt.timedelta(days=1)

    call_command("sweep", f"--as-of={tomorrow}", stdout=io.StringIO())
    call_command("sweep", f"--as-of={tomorrow}", stdout=io.StringIO())
    with clock.frozen_at(noon(tomorrow)):
        outbox_deliver()

    sent = [(e["event"], e["person"]["on_register"]) for e in receiver.events()]
    assert sent == [("caution.added", True), ("caution.removed", False), ("caution.removed", False)]


def test_a_confirmed_marker_is_not_chased(live_server, receiver, housing_system, officer):
    caution = make_caution(make_person("Robert", "Smith"))
    end(caution, officer)
    outbox_deliver()
    acknowledge(live_server.url, housing_system, receiver.events()[-1:])

    tomorrow = clock.today() + dt.timedelta(days=1)
    call_command("sweep", f"--as-of={tomorrow}", stdout=io.StringIO())
    with clock.frozen_at(noon(tomorrow)):
        outbox_deliver()

    assert len(receiver.events()) == 2


def test_a_receipt_for_a_caution_the_subscriber_never_heard_of_is_refused(
    live_server, housing_system, housing_partner
):
    partner_system = WebhookSubscription.objects.create(
        name="Riverside", url=housing_system.url, events=list(EVENTS), organisation=housing_partner
    )
    caution = make_caution(make_person("Robert", "Smith"))
    body = json.dumps({"markers": [{"caution": str(caution.id), "marker": "off"}]}).encode()

    status, _, _ = signed(live_server.url, partner_system, "/api/webhooks/receipts", body)

    assert status == 404


def test_the_full_state_feed_is_signed_and_lists_the_markers_that_should_be_on(
    live_server, housing_system, officer
):
    robert = make_person("Robert", "Smith")
    SubscriberReference.objects.create(subscription=housing_system, person=robert, reference="T-1")
    kept = make_caution(robert)
    end(make_caution(make_person("Sid", "Vicious")), officer)

    status, headers, body = signed(
        live_server.url, housing_system, "/api/webhooks/markers?page=1", method="GET"
    )

    assert status == 200
    assert signature_valid(
        housing_system.secret,
        headers["X-Caution-Timestamp"],
        headers["X-Caution-Signature"],
        body,
        now=time.time(),
    )
    feed = json.loads(body)
    assert (feed["page"], feed["pages"]) == (1, 1)
    assert [(m["reference"], [c["id"] for c in m["cautions"]]) for m in feed["markers"]] == [
        ("T-1", [str(kept.id)])
    ]


def test_a_partners_feed_lists_only_what_is_shared_under_its_agreement(
    live_server, receiver, housing_partner
):
    partner_system = WebhookSubscription.objects.create(
        name="Riverside", url=receiver.url, events=list(EVENTS), organisation=housing_partner
    )
    shared = make_caution(make_person("Robert", "Smith"), shared_with=[housing_partner])
    make_caution(make_person("Sid", "Vicious"))

    _, _, body = signed(live_server.url, partner_system, "/api/webhooks/markers", method="GET")

    assert [m["cautions"][0]["id"] for m in json.loads(body)["markers"]] == [str(shared.id)]


def test_a_follower_who_switches_by_hand_confirms_on_the_marker_page(client, officer):
    from caution.register.announcing import marker_subscribe

    housing_officer = make_user(Role.REPORTER, first_name="Hana")
    marker_subscribe(system="Housing management system", by=housing_officer)
    caution = make_caution(make_person("Robert", "Smith"))
    end(caution, officer)
    assert markers_drift().removals == 1
    client.force_login(housing_officer)

    client.post(f"/notifications/markers/{caution.id}/", {"marker": "off"})

    assert not markers_drift().any
    page = client.get(f"/notifications/markers/{caution.id}/").content.decode()
    assert "You confirmed the marker off" in page
