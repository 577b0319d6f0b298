"""Other council systems are told, by signed webhooks to a real HTTP receiver on loopback,
when a caution is added, changed or removed: with the minimum, so that their marker can be
switched on and off and nothing else is copied (002 §3.1)."""

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest

from caution.accounts.roles import Role
from caution.lib import clock
from caution.outbox.delivery import outbox_deliver
from caution.outbox.models import SubscriberReference, WebhookSubscription
from caution.outbox.signing import signature_valid
from caution.register import deciding
from caution.register.models import Decision, MarkerState
from tests.factories import answered, change_made, make_caution, make_person, make_user
from tests.journeys.conftest import assess, report

pytestmark = pytest.mark.django_db

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operators" / "webhooks.md"


@pytest.fixture
def person():
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def officer():
    return make_user(Role.REGISTER_OFFICER, first_name="Owen")


def test_002_3_1_a_subscriber_hears_of_a_new_caution_with_its_own_reference_and_no_more(
    housing_system, receiver, person
):
    SubscriberReference.objects.create(
        subscription=housing_system, person=person, reference="TEN-40172"
    )
    caution = make_caution(person, level="1")

    outbox_deliver()

    [(headers, body, _)] = receiver.requests
    event = json.loads(body)
    assert set(event) == {"event", "id", "occurred_at", "person", "caution"}
    assert event["event"] == "caution.added"
    marker = MarkerState.objects.get(subscription=housing_system, person=person)
    assert event["person"] == {
        "reference": "TEN-40172",
        "on_register": True,
        "marker_reference": str(marker.reference),
    }
    assert event["caution"] == {
        "id": str(caution.id),
        "level": "1",
        "level_name": "Violent",
        "status": "active",
        "url": f"http://127.0.0.1:8000/cautions/{caution.id}/",
    }
    assert headers["X-Caution-Event"] == "caution.added"
    assert headers["X-Caution-Event-Id"] == event["id"]


def test_002_3_1_no_name_address_or_incident_detail_leaves_by_webhook(
    housing_system, receiver, person
):
    make_caution(person, incident_summary="Pushed an officer at the front desk.")

    outbox_deliver()

    [(_, body, _)] = receiver.requests
    for detail in ("Robert", "Smith", "Pushed", "Visit in pairs", "writing only", "Housing Team"):
        assert detail not in body.decode()


def test_a_person_the_subscriber_has_no_reference_for_is_sent_as_null(
    housing_system, receiver, person
):
    make_caution(person)

    outbox_deliver()

    person_part = receiver.events()[0]["person"]
    assert (person_part["reference"], person_part["on_register"]) == (None, True)


def test_the_signature_is_hmac_sha256_of_the_timestamp_and_body_with_the_secret(
    housing_system, receiver, person
):
    make_caution(person)

    outbox_deliver()

    [(headers, body, _)] = receiver.requests
    timestamp, given = headers["X-Caution-Timestamp"], headers["X-Caution-Signature"]
    assert signature_valid(housing_system.secret, timestamp, given, body, now=time.time())
    assert not signature_valid("another secret", timestamp, given, body, now=time.time())
    assert not signature_valid(
        housing_system.secret, timestamp, given, body.replace(b"1", b"2"), now=time.time()
    )


def test_a_signature_outside_the_replay_window_is_refused(housing_system, receiver, person):
    make_caution(person)

    outbox_deliver()

    [(headers, body, _)] = receiver.requests
    timestamp, given = headers["X-Caution-Timestamp"], headers["X-Caution-Signature"]
    later = int(timestamp) + 301
    assert not signature_valid(housing_system.secret, timestamp, given, body, now=later)


def test_the_verification_example_in_the_integration_guide_accepts_a_real_delivery(
    housing_system, receiver, person
):
    """The guide's Python example, run as written, against what the receiver got."""
    code = re.search(r"```python\n(.*?)```", GUIDE.read_text(), re.DOTALL).group(1)
    example: dict = {}
    exec(code, example)  # noqa: S102 - our own documentation
    make_caution(person)

    outbox_deliver()

    [(headers, body, _)] = receiver.requests
    assert example["verify"](housing_system.secret, headers, body)
    assert not example["verify"]("wrong secret", headers, body)


def test_002_3_1_a_change_and_a_removal_are_sent_and_removal_switches_the_marker_off(
    housing_system, receiver, person, officer
):
    caution = make_caution(person, level="2")
    caution = change_made(
        caution,
        "amend",
        level="1",
        precautions="Visit in pairs",
        key_contact="",
        reason="Second incident",
        by=officer,
    )
    change_made(caution, "end", reason="Reviewed", by=officer)

    outbox_deliver()

    events = receiver.events()
    assert [e["event"] for e in events] == ["caution.added", "caution.changed", "caution.removed"]
    assert [e["caution"]["level"] for e in events] == ["2", "1", "1"]
    assert events[2]["caution"]["status"] == "removed"
    assert [e["person"]["on_register"] for e in events] == [True, True, False]


def test_an_extension_is_sent_as_a_change(housing_system, receiver, person, officer):
    caution = make_caution(person)
    change_made(
        caution,
        "extend",
        expires_on=clock.today() + dt.timedelta(days=200),
        reason="Reviewed",
        by=officer,
    )

    outbox_deliver()

    assert [e["event"] for e in receiver.events()] == ["caution.added", "caution.changed"]


def test_the_marker_stays_on_while_another_caution_is_active(
    housing_system, receiver, person, officer
):
    first = make_caution(person)
    make_caution(person, level="3")
    change_made(first, "end", reason="Reviewed", by=officer)

    outbox_deliver()

    assert receiver.events()[-1]["person"]["on_register"] is True


def test_a_subscriber_is_sent_only_the_events_it_chose(receiver, person, officer):
    WebhookSubscription.objects.create(
        name="CRM", url=receiver.url, events=["caution.added", "caution.removed"]
    )
    caution = make_caution(person)
    change_made(
        caution,
        "amend",
        level="2",
        precautions="",
        key_contact="",
        reason="Lower risk",
        by=officer,
    )

    outbox_deliver()

    assert [e["event"] for e in receiver.events()] == ["caution.added"]


def test_an_inactive_subscriber_is_sent_nothing(receiver, person):
    WebhookSubscription.objects.create(
        name="Old CRM", url=receiver.url, events=["caution.added"], active=False
    )
    make_caution(person)

    assert outbox_deliver() == 0


def test_a_partners_system_hears_only_of_cautions_shared_with_that_partner(
    receiver, housing_partner
):
    WebhookSubscription.objects.create(
        name="Riverside Homes housing system",
        url=receiver.url,
        events=["caution.added"],
        organisation=housing_partner,
    )
    make_caution(make_person("Anne", "Other"))
    shared = make_caution(make_person("Robert", "Smith"), shared_with=[housing_partner])

    outbox_deliver()

    assert [e["caution"]["id"] for e in receiver.events()] == [str(shared.id)]


def test_003_8_7_an_interim_alert_ended_by_the_full_decision_is_sent_as_removed(
    settings, housing_system, receiver, reporter, person
):
    settings.CAUTION_PROFILE = "dover"
    manager = make_user(Role.MANAGER, first_name="Lena")
    reporter.manager = manager
    reporter.save(update_fields=["manager"])
    case = report(reporter, person, "THREAT_OF_HARM")
    deciding.interim_alert_add(
        case, level="3", precautions="No home visits", reasons="A credible threat", by=manager
    )
    assess(case, manager, "1", severity="low", future_risk="low")
    deciding.decision_record(
        case,
        answers=answered(),
        outcome=Decision.Outcome.NO_ACTION,
        reasons="Assessed: no alert needed.",
        version=case.version,
        by=manager,
    )

    outbox_deliver()

    events = receiver.events()
    assert [e["event"] for e in events] == ["caution.added", "caution.removed"]
    assert events[1]["person"]["on_register"] is False
