"""Assessing, panel meetings and deciding through the JSON API: the same actions, the same
permissions and the profile's rules, refused as 4xx with field messages."""

import datetime as dt

import pytest
from django.utils import timezone

from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.actions import AddressInput, address_find_or_create
from caution.policy.profiles import current
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.api.conftest import send
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.factories import answered, answered_json, make_person, make_user

pytestmark = pytest.mark.django_db
ASSESSMENT = {
    "severity": "high",
    "future_risk": "high",
    "recommended_level": "1",
    "reasons": "Violence at the front desk; likely to recur.",
}


def in_days(days: int) -> str:
    return (timezone.localtime(clock.now()) + dt.timedelta(days=days)).isoformat()


def schedule(client, case, panel, days: int = 0):
    """A meeting of the panel, held today unless `days` says otherwise: attendance and
    decisions wait for the day a meeting is held."""
    usernames = [member.username for member in panel.values()]
    meeting = {"starts_at": in_days(days), "cases": [str(case.id)], "invited": usernames}
    return send(client, "post", "/api/meetings", meeting)


def attend(client, meeting: dict, *members):
    attended = {"version": meeting["version"], "attended": [m.username for m in members]}
    return send(client, "post", f"/api/meetings/{meeting['id']}/attendance", attended)


def caution_decision(incident, **extra) -> dict:
    return {
        "version": incident.version,
        "outcome": "caution",
        "reasons": "Violence at reception; a credible risk to staff.",
        "level": "1",
        "precautions": "Visit in pairs",
        "answers": answered_json(),
        **extra,
    }


@pytest.fixture
def case(reporter, person, manager):
    """A Harborough report, assessed and waiting for the Review Panel."""
    return assessed(submitted(reporter, person, "VIOLENCE"), manager, "1")


def test_a_report_goes_from_the_api_to_a_caution_the_check_shows(
    client, reporter, manager, register_officer, panel
):
    client.force_login(reporter)
    report = send(client, "post", "/api/reports", {"kind": "incident"}).json()
    url = f"/api/reports/{report['id']}"
    details = {
        "version": 1,
        "occurred_at": (clock.now() - dt.timedelta(hours=1)).isoformat(),
        "location": "Reception",
        "channel": "face_to_face",
        "category": "VIOLENCE",
        "description": "Threw a chair at the officer.",
    }
    send(client, "put", url, details)
    new = {"given_names": "Gary", "family_name": "Pratt", "date_of_birth": "1979-06-21"}
    send(client, "post", f"{url}/person", {"version": 2, "new": new})
    send(client, "post", f"{url}/staff", {"version": 3, "name": "Sam Carter"})
    assert send(client, "post", f"{url}/submit", {"version": 4}).json()["status"] == "submitted"

    client.force_login(manager)
    assessment = send(client, "post", f"{url}/assessment", {"version": 5, **ASSESSMENT})
    assert assessment.status_code == 201

    client.force_login(register_officer)
    incident = Incident.objects.get(id=report["id"])
    meeting = schedule(client, incident, panel).json()
    meeting = attend(client, meeting, panel["chair"], panel["dpo"], panel["member"]).json()
    assert meeting["cases"][0]["quorum_problem"] == ""
    restriction = {"type": "writing_only", "details": "Letters to the Housing Team only"}
    decision = send(
        client,
        "post",
        f"{url}/decision",
        caution_decision(incident, meeting_id=meeting["id"], restrictions=[restriction]),
    )
    assert decision.status_code == 201
    assert decision.json()["outcome"] == "caution"

    client.force_login(reporter)
    found = send(client, "post", "/api/check", {"name": "Gary Pratt"}).json()
    caution = found["people"][0]["cautions"][0]
    assert caution["id"] == decision.json()["caution_id"]
    assert (caution["level"], caution["precautions"]) == ("1", "Visit in pairs")


def test_a_reporter_may_not_assess(client, reporter, person):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(make_user(Role.REPORTER, first_name="Ravi"))
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/assessment",
        {"version": incident.version, **ASSESSMENT},
    )
    assert response.status_code == 403
    assert Incident.objects.get(id=incident.id).status == Incident.Status.SUBMITTED


def test_an_assessor_involved_in_the_incident_is_refused(client, reporter, person, manager):
    """002 §4.5.2: assessed by a manager not involved."""
    incident = submitted(reporter, person, "VIOLENCE", staff=[(manager, False)])
    client.force_login(manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/assessment",
        {"version": incident.version, **ASSESSMENT},
    )
    assert response.status_code == 403
    assert "involved" in response.json()["detail"]


def test_an_assessment_without_reasons_names_the_field(client, reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/assessment",
        {"version": incident.version, **ASSESSMENT, "reasons": "  "},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"reasons": ["Give the reasons for the assessment"]}


def test_an_assessment_over_a_newer_version_gets_409(client, reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/assessment",
        {"version": incident.version - 1, **ASSESSMENT},
    )
    assert response.status_code == 409


def test_an_unknown_outcome_gets_a_422_naming_the_field(client, case, register_officer):
    client.force_login(register_officer)
    response = send(
        client,
        "post",
        f"/api/reports/{case.id}/decision",
        {"version": case.version, "outcome": "banish", "reasons": "x"},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["outcome"]


def test_000_8_4_a_panel_without_its_quorum_cannot_decide(client, case, register_officer, panel):
    client.force_login(register_officer)
    meeting = attend(client, schedule(client, case, panel).json(), panel["chair"], panel["dpo"])
    response = send(
        client,
        "post",
        f"/api/reports/{case.id}/decision",
        caution_decision(case, meeting_id=meeting.json()["id"]),
    )
    assert response.status_code == 422
    assert "not quorate" in response.json()["detail"]
    assert "not quorate" in response.json()["errors"]["__all__"][0]
    assert not Caution.objects.exists()


def test_000_8_2_a_late_meeting_needs_a_reason(client, case, register_officer, panel):
    client.force_login(register_officer)
    response = schedule(client, case, panel, days=9)
    assert response.status_code == 422
    assert "must meet by" in response.json()["errors"]["starts_at"][0]


def test_only_those_who_decide_schedule_meetings(client, case, manager, panel):
    client.force_login(manager)
    assert schedule(client, case, panel).status_code == 403


def test_a_panel_member_cannot_record_attendance(client, case, register_officer, panel):
    client.force_login(register_officer)
    meeting = schedule(client, case, panel).json()
    client.force_login(panel["member"])
    assert attend(client, meeting, panel["member"]).status_code == 403


def test_a_meeting_shows_whether_it_can_decide_each_case(client, case, register_officer, panel):
    client.force_login(register_officer)
    meeting = schedule(client, case, panel).json()
    shown = send(client, "get", f"/api/meetings/{meeting['id']}").json()
    assert shown["cases"][0]["report_id"] == str(case.id)
    assert "not quorate" in shown["cases"][0]["quorum_problem"]


def test_a_meeting_is_not_found_for_a_reporter(client, case, register_officer, reporter, panel):
    client.force_login(register_officer)
    meeting = schedule(client, case, panel).json()
    client.force_login(reporter)
    assert send(client, "get", f"/api/meetings/{meeting['id']}").status_code == 404


def test_002_4_4_cheltenham_wants_a_warning_before_a_caution(
    settings, client, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "PERSISTENT"), manager, "PERSISTENT")
    client.force_login(second_manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/decision",
        caution_decision(incident, level="PERSISTENT"),
    )
    assert response.status_code == 422
    assert "warning must come before" in response.json()["errors"]["outcome"][0]
    assert not Decision.objects.exists()


def test_002_3_4_a_complex_case_waits_for_the_approver(
    settings, client, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    approver = make_user(Role(current().decision.approval.role), first_name="Cass")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    client.force_login(second_manager)
    decision = send(
        client,
        "post",
        f"/api/reports/{incident.id}/decision",
        caution_decision(incident, level="ASSAULT", complex_case=True),
    ).json()
    assert (decision["status"], decision["caution_id"]) == ("awaiting_approval", None)
    client.force_login(approver)
    approved = send(client, "post", f"/api/decisions/{decision['id']}/approve")
    assert approved.status_code == 200
    assert Caution.objects.get(id=approved.json()["caution_id"]).level == "ASSAULT"


def test_002_3_4_only_the_approver_approves(
    settings, client, reporter, person, manager, second_manager
):
    use_profile(settings, "cheltenham")
    incident = assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")
    decision = deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="Assault on an officer.",
        terms=deciding.CautionTerms(level="ASSAULT"),
        complex_case=True,
        version=incident.version,
        by=second_manager,
    )
    client.force_login(manager)
    response = send(client, "post", f"/api/decisions/{decision.id}/approve")
    assert response.status_code == 403


def test_003_8_7_dover_adds_an_urgent_interim_alert(settings, client, reporter, person, manager):
    use_profile(settings, "dover")
    incident = submitted(reporter, person, "THREAT_OF_HARM")
    client.force_login(manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/interim-alert",
        {"level": "3", "precautions": "No lone visits", "reasons": "Threatened to stab staff"},
    )
    assert response.status_code == 201
    assert response.json()["interim"] is True


def test_harborough_has_no_interim_alerts(client, reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/interim-alert",
        {"level": "1", "precautions": "No lone visits", "reasons": "Threat"},
    )
    assert response.status_code == 422
    assert not Caution.objects.exists()


def test_the_dashboard_lists_reports_awaiting_assessment(
    client, reporter, person, register_officer
):
    incident = submitted(reporter, person, "VIOLENCE")
    client.force_login(register_officer)
    sections = send(client, "get", "/api/dashboard").json()
    waiting = next(s for s in sections if s["title"] == "Reports awaiting assessment")
    assert [item["report_id"] for item in waiting["items"]] == [str(incident.id)]
    assert waiting["items"][0]["person"] == "Robert Smith"


def test_a_reporter_has_no_dashboard(client, reporter):
    client.force_login(reporter)
    assert send(client, "get", "/api/dashboard").status_code == 403


def test_003_15_2_the_api_holds_a_caution_on_the_persons_address(
    settings, client, reporter, manager, second_manager
):
    use_profile(settings, "dover")
    tenant = make_person(
        "Robert", "Smith", address=AddressInput("4 Mill Lane", postcode="LE17 4BN")
    )
    home = tenant.address_links.get().address
    incident = assessed(submitted(reporter, tenant, "PROPERTY_RISK"), manager, "3")
    client.force_login(second_manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/decision",
        caution_decision(incident, level="3", on_address=str(home.id)),
    )
    assert response.status_code == 201, response.json()
    assert Caution.objects.get(address=home).person is None


def test_003_15_2_an_address_that_is_not_the_persons_gets_a_422_naming_the_field(
    settings, client, reporter, person, manager, second_manager
):
    use_profile(settings, "dover")
    elsewhere = address_find_or_create(AddressInput("1 High Street", postcode="CT16 1AA"))
    incident = assessed(submitted(reporter, person, "PROPERTY_RISK"), manager, "3")
    client.force_login(second_manager)
    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/decision",
        caution_decision(incident, level="3", on_address=str(elsewhere.id)),
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["on_address"]
    assert not Caution.objects.exists()
