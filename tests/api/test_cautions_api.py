"""Cautions through the JSON API: the full record only for those who may see restricted
details, changes always with a reason, breaches by anyone who can see the caution."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.lib import clock
from caution.notifications.models import Notification
from caution.register import cautions
from caution.register.models import Breach, Restriction
from tests.api.conftest import send
from tests.factories import cautioned

pytestmark = pytest.mark.django_db


@pytest.fixture
def caution(db):
    return cautioned("Robert", "Smith").cautions.get()


@pytest.fixture
def writing_only(caution):
    return Restriction.objects.create(
        caution=caution,
        type="writing_only",
        label="Contact in writing only",
        starts_on=clock.today(),
    )


def url(caution, part: str = "") -> str:
    return f"/api/cautions/{caution.id}" + (f"/{part}" if part else "")


def amend(caution, **changes) -> dict:
    return {
        "version": caution.version,
        "level": "2",
        "precautions": "Visit in pairs",
        "key_contact": "Housing Team Leader",
        "reason": "Panel review: behaviour has improved",
        **changes,
    }


def test_the_register_officer_sees_the_caution_and_its_history(client, caution, register_officer):
    cautions.caution_amend(
        caution,
        level="2",
        precautions="Visit in pairs",
        key_contact="",
        reason="Review: fewer incidents",
        version=caution.version,
        by=register_officer,
    )
    client.force_login(register_officer)
    body = send(client, "get", url(caution)).json()
    assert (body["level"], body["level_label"]) == (
        "2",
        "Potentially violent or threatening aggression",
    )
    change = body["history"][-1]
    assert (change["summary"], change["reason"]) == ("Changed a caution", "Review: fewer incidents")
    assert change["changes"]["level"] == ["1", "2"]


def test_the_caution_never_shows_the_incident_narrative(client, caution, register_officer):
    client.force_login(register_officer)
    assert "Pushed an officer" not in send(client, "get", url(caution)).content.decode()


def test_a_reporter_cannot_open_the_full_caution(client, caution, reporter):
    client.force_login(reporter)
    assert send(client, "get", url(caution)).status_code == 404
    assert (
        send(client, "post", url(caution, "end"), {"version": 1, "reason": "x"}).status_code == 404
    )


def test_a_caution_is_changed_with_a_reason(client, caution, register_officer):
    client.force_login(register_officer)
    response = send(client, "post", url(caution, "amend"), amend(caution))
    assert response.status_code == 200
    assert (response.json()["level"], response.json()["version"]) == ("2", 2)


def test_a_change_without_a_reason_names_the_field(client, caution, register_officer):
    client.force_login(register_officer)
    response = send(client, "post", url(caution, "amend"), amend(caution, reason=""))
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Give the reason for the change"]}


def test_a_change_over_a_newer_one_gets_409(client, caution, register_officer):
    client.force_login(register_officer)
    send(client, "post", url(caution, "amend"), amend(caution))
    response = send(client, "post", url(caution, "amend"), amend(caution, level="3"))
    assert response.status_code == 409
    caution.refresh_from_db()
    assert caution.level == "2"


def test_a_role_that_sees_but_does_not_decide_cannot_change(client, caution, dpo):
    client.force_login(dpo)
    assert send(client, "get", url(caution)).status_code == 200
    assert send(client, "post", url(caution, "amend"), amend(caution)).status_code == 403


def test_000_10_2_a_caution_is_not_extended_past_three_years(client, caution, register_officer):
    client.force_login(register_officer)
    too_late = clock.today() + relativedelta(years=4)
    response = send(
        client,
        "post",
        url(caution, "extend"),
        {"version": 1, "expires_on": too_late.isoformat(), "reason": "Still a risk"},
    )
    assert response.status_code == 422
    assert "at most 36 months" in response.json()["errors"]["expires_on"][0]


def test_a_caution_is_extended_with_a_reason(client, caution, register_officer):
    client.force_login(register_officer)
    later = clock.today() + relativedelta(years=2)
    response = send(
        client,
        "post",
        url(caution, "extend"),
        {"version": 1, "expires_on": later.isoformat(), "reason": "Still a risk"},
    )
    assert response.json()["expires_on"] == later.isoformat()


def test_an_ended_caution_leaves_the_check(client, caution, register_officer):
    client.force_login(register_officer)
    ended = send(client, "post", url(caution, "end"), {"version": 1, "reason": "Moved away"})
    assert ended.json()["status"] == "removed"
    assert send(client, "post", "/api/check", {"name": "Robert Smith"}).json()["found"] is False


def test_anyone_who_sees_the_caution_records_a_breach_and_the_officer_is_told(
    client, caution, writing_only, reporter, register_officer
):
    client.force_login(reporter)
    occurred = (clock.now() - dt.timedelta(hours=2)).isoformat()
    breach = {"restriction": writing_only.id, "occurred_at": occurred, "description": "Phoned"}
    response = send(client, "post", url(caution, "breaches"), breach)
    assert response.status_code == 201
    assert response.json()["restriction_id"] == writing_only.id
    assert Notification.objects.filter(user=register_officer, subject__contains="breach").exists()


def test_a_breach_of_another_cautions_restriction_is_refused(
    client, caution, writing_only, reporter
):
    other = cautioned("Mary", "Jones").cautions.get()
    client.force_login(reporter)
    breach = {
        "restriction": writing_only.id,
        "occurred_at": clock.now().isoformat(),
        "description": "Phoned",
    }
    response = send(client, "post", url(other, "breaches"), breach)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["restriction"]
    assert not Breach.objects.exists()


def test_a_breach_without_a_description_names_the_field(client, caution, reporter):
    client.force_login(reporter)
    breach = {"occurred_at": clock.now().isoformat(), "description": " "}
    response = send(client, "post", url(caution, "breaches"), breach)
    assert response.json()["errors"] == {"description": ["Describe what the person did"]}


def test_a_partner_cannot_record_a_breach_on_a_caution_not_shared_with_them(
    client, caution, partner_user
):
    client.force_login(partner_user)
    breach = {"occurred_at": clock.now().isoformat(), "description": "Phoned"}
    assert send(client, "post", url(caution, "breaches"), breach).status_code == 404
