"""Cautions through the JSON API: the full record only for those who may see restricted
details, changes always with a reason, breaches by anyone who can see the caution."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.notifications.models import Notification
from caution.register import deciding
from caution.register.models import Breach, Caution, CautionChange, Restriction
from tests.api.conftest import send
from tests.factories import cautioned, change_made, make_user

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
    change_made(
        caution,
        "amend",
        level="2",
        precautions="Visit in pairs",
        key_contact="",
        reason="Review: fewer incidents",
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


def test_a_reporter_is_refused_ending_a_caution_before_it_is_read(client, caution, reporter):
    """403 whatever the id (the role is asked first), so it tells nothing of the caution."""
    client.force_login(reporter)
    ended = send(client, "post", url(caution, "end"), {"version": 1, "reason": "x"})
    assert ended.status_code == 403
    assert not AuditEvent.objects.filter(actor=reporter).exists()


def panel_held(change_id, officer):
    """A quorate meeting of the Review Panel with the change on its agenda (000 §8.3-8.4)."""
    members = [make_user(Role.DECISION_MAKER), make_user(Role.DATA_PROTECTION_OFFICER)]
    members.append(make_user(Role.PANEL_MEMBER))
    called = deciding.meeting_schedule(
        starts_at=clock.now(),
        place="Committee room",
        cases=[],
        changes=[CautionChange.objects.get(id=change_id)],
        invited=members,
        by=officer,
    )
    return deciding.meeting_attendance_record(
        called, attended=members, version=called.version, by=officer
    )


def test_000_8_2_a_change_waits_for_the_review_panel_and_is_made_when_it_decides(
    client, caution, register_officer
):
    client.force_login(register_officer)
    response = send(client, "post", url(caution, "amend"), amend(caution))
    assert response.status_code == 202
    proposed = response.json()
    assert (proposed["status"], proposed["decided_by"]) == ("proposed", "Review Panel")
    assert send(client, "get", url(caution)).json()["level"] == "1"

    meeting = panel_held(proposed["id"], register_officer)
    decided = send(
        client,
        "post",
        f"/api/changes/{proposed['id']}/decide",
        {"version": 1, "made": True, "reasons": "Agreed", "meeting_id": str(meeting.id)},
    )
    assert decided.json()["status"] == "made"
    assert send(client, "get", url(caution)).json()["level"] == "2"


def test_a_change_without_a_reason_names_the_field(client, caution, register_officer):
    client.force_login(register_officer)
    response = send(client, "post", url(caution, "amend"), amend(caution, reason=""))
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Give the reason for the change"]}


def test_a_change_over_a_newer_one_gets_409(client, caution, register_officer):
    client.force_login(register_officer)
    opened = amend(caution)
    change_made(caution, "amend", level="2", precautions="", key_contact="", reason="Panel")
    response = send(client, "post", url(caution, "amend"), opened)
    assert response.status_code == 409
    caution.refresh_from_db()
    assert caution.level == "2"


def test_a_role_that_sees_but_does_not_decide_cannot_change(client, caution, dpo):
    client.force_login(dpo)
    assert send(client, "get", url(caution)).status_code == 200
    assert send(client, "post", url(caution, "amend"), amend(caution)).status_code == 403


def test_000_10_2_a_caution_is_not_extended_past_three_years(client, caution, register_officer):
    """000 Appendix 10.2: "a maximum period of three years"."""
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


def test_000_8_2_an_extension_is_proposed_for_the_review_panel(client, caution, register_officer):
    Caution.objects.filter(id=caution.id).update(expires_on=clock.today() + relativedelta(years=1))
    client.force_login(register_officer)
    later = clock.today() + relativedelta(years=2)
    response = send(
        client,
        "post",
        url(caution, "extend"),
        {"version": 1, "expires_on": later.isoformat(), "reason": "Still a risk"},
    )
    assert response.status_code == 202
    assert response.json()["proposal"]["expires_on"] == later.isoformat()
    assert response.json()["kinds"] == ["extension"]


def test_000_8_2_a_caution_leaves_the_check_only_when_the_review_panel_ends_it(
    client, caution, register_officer
):
    client.force_login(register_officer)
    proposed = send(client, "post", url(caution, "end"), {"version": 1, "reason": "Moved away"})
    assert proposed.status_code == 202
    assert send(client, "post", "/api/check", {"name": "Robert Smith"}).json()["found"] is True
    meeting = panel_held(proposed.json()["id"], register_officer)
    send(
        client,
        "post",
        f"/api/changes/{proposed.json()['id']}/decide",
        {"version": 1, "made": True, "reasons": "Agreed", "meeting_id": str(meeting.id)},
    )
    assert send(client, "get", url(caution)).json()["status"] == "removed"
    assert send(client, "post", "/api/check", {"name": "Robert Smith"}).json()["found"] is False


def test_anyone_who_sees_the_caution_records_a_breach_and_the_officer_is_told(
    client, caution, writing_only, reporter, register_officer
):
    client.force_login(reporter)
    occurred = (clock.now() - dt.timedelta(hours=2)).isoformat()
    breach = {
        "restriction": str(writing_only.uuid),
        "occurred_at": occurred,
        "description": "Phoned",
    }
    response = send(client, "post", url(caution, "breaches"), breach)
    assert response.status_code == 201
    assert response.json()["restriction_id"] == str(writing_only.uuid)
    assert Notification.objects.filter(user=register_officer, subject__contains="breach").exists()


def test_a_breach_of_another_cautions_restriction_is_refused(
    client, caution, writing_only, reporter
):
    other = cautioned("Mary", "Jones").cautions.get()
    client.force_login(reporter)
    breach = {
        "restriction": str(writing_only.uuid),
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


def test_000_8_2_a_restriction_to_lift_is_named_by_the_id_the_api_shows(
    client, caution, writing_only, register_officer
):
    client.force_login(register_officer)
    shown = [r["id"] for r in send(client, "get", url(caution)).json()["restrictions"]]
    assert str(writing_only.uuid) in shown
    response = send(
        client, "post", url(caution, "amend"), amend(caution, lift=[str(writing_only.uuid)])
    )
    assert response.status_code == 202
    assert response.json()["proposal"]["lift"] == [writing_only.pk]


def test_a_restriction_id_of_another_caution_cannot_be_lifted(
    client, caution, writing_only, register_officer
):
    other = cautioned("Mary", "Jones").cautions.get()
    elsewhere = Restriction.objects.create(
        caution=other, type="writing_only", label="Writing only", starts_on=clock.today()
    )
    client.force_login(register_officer)
    response = send(
        client, "post", url(caution, "amend"), amend(caution, lift=[str(elsewhere.uuid)])
    )
    assert response.status_code == 422
    assert "lift" in response.json()["errors"]
