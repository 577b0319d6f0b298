"""The alert endpoint for client systems (issue 14): the check's matching and safety rule,
answered within the token's scope, every call audited with the client and its purpose."""

import pytest
from django.urls import reverse

from caution.audit.models import AuditEvent
from tests.factories import cautioned

pytestmark = pytest.mark.django_db
PURPOSE = "Repairs visit planning"


def ask(client, token: str, payload: dict, url: str = "/api/alerts"):
    return client.post(
        url,
        {"purpose": PURPOSE, **payload},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_uprn_the_register_holds_finds_the_person_living_there(client, issue, robert):
    answer = ask(client, issue().secret, {"uprn": "200003741234"}).json()
    assert answer["flagged"] is True
    assert answer["alerts"][0]["person"]["name"] == "Robert Smith"


@pytest.mark.parametrize(
    "asked",
    [
        {"phone": "07700900123"},
        {"email": "BOB@example.com"},
        {"address": "12 High St", "postcode": "le16 7ag"},
        {"name": "Bob Smith", "date_of_birth": "1975-03-14"},
    ],
)
def test_each_way_of_asking_finds_the_cautioned_person(client, issue, robert, asked):
    assert ask(client, issue().secret, asked).json()["flagged"] is True


def test_a_visit_with_no_caution_is_not_flagged(client, issue, robert):
    answer = ask(client, issue().secret, {"name": "Nobody Atall"}).json()
    assert answer == {"flagged": False, "alerts": []}


def test_the_safety_rule_keeps_a_strong_name_whose_date_of_birth_differs(client, issue, robert):
    """As on the check page: a strong name is never hidden because another field differs."""
    answer = ask(client, issue().secret, {"name": "Robert Smith", "date_of_birth": "1980-01-01"})
    assert answer.json()["flagged"] is True
    person = answer.json()["alerts"][0]["person"]
    assert "Date of birth differs: confirm who you are dealing with" in person["warnings"]


def test_a_token_scoped_to_level_and_precautions_gets_those_fields_only(client, issue, robert):
    token = issue(fields=["level", "precautions"]).secret
    alert = ask(client, token, {"phone": "07700 900123"}).json()["alerts"][0]
    assert alert == {
        "level": "1",
        "level_words": "Level 1: Violent, most serious of 3 levels",
        "most_serious": True,
        "interim": False,
        "precautions": "Visit in pairs",
    }


def test_a_token_scoped_to_contact_gets_whom_to_speak_to(client, issue, robert):
    alert = ask(client, issue(fields=["contact"]).secret, {"phone": "07700 900123"}).json()
    assert alert["alerts"][0] == {
        "speak_to": "Housing Team Leader",
        "key_contact": "Housing Team Leader",
        "reporting_service": "",
    }


def test_a_token_with_no_field_is_told_yes_or_no_only(client, issue, robert):
    answer = ask(client, issue(fields=[]).secret, {"phone": "07700 900123"})
    assert answer.json() == {"flagged": True}


def test_the_answer_never_holds_the_incident(client, issue, robert):
    answer = ask(client, issue().secret, {"phone": "07700 900123"})
    assert "Pushed an officer" not in answer.content.decode()


def test_an_out_of_scope_operation_is_refused_with_403(client, issue, robert):
    token = issue(operations=["visit_list"]).secret
    response = ask(client, token, {"phone": "07700 900123"})
    assert response.status_code == 403
    assert response.json()["detail"] == "This token may not ask about one person or address."
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()


def test_a_call_without_a_purpose_is_refused_with_422(client, issue, robert):
    response = client.post(
        "/api/alerts",
        {"phone": "07700 900123"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue().secret}",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["purpose"]


def test_a_bad_postcode_is_refused_with_422_naming_the_field(client, issue):
    response = ask(client, issue().secret, {"name": "Robert Smith", "postcode": "nonsense"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"postcode": ["Enter a real postcode, like LE16 7AG"]}


def test_a_uprn_the_register_does_not_hold_finds_nothing(client, issue, robert):
    answer = ask(client, issue().secret, {"uprn": "100000000001"})
    assert answer.status_code == 200
    assert answer.json()["flagged"] is False


def test_a_uprn_that_is_not_digits_is_refused(client, issue):
    response = ask(client, issue().secret, {"uprn": "12 High St"})
    assert response.json()["errors"] == {
        "uprn": ["Enter a UPRN of up to 12 digits, like 200003741234"]
    }


def test_each_call_is_audited_as_a_check_with_the_client_token_and_purpose(
    client, issue, robert, scheduler
):
    issued = issue()
    ask(client, issued.secret, {"uprn": "200003741234"})
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK)
    assert event.actor is None
    assert event.details["client"] == {
        "id": str(scheduler.id),
        "name": "Repairs scheduler",
        "token": issued.token.prefix,
    }
    assert event.details["purpose"] == PURPOSE
    assert event.details["uprn"] == "200003741234"
    assert list(event.people.all()) == [robert]


def test_a_partners_client_sees_only_cautions_shared_with_the_partner(
    client, administrator, housing_partner
):
    from caution.accounts.clients import client_register, client_token_issue

    cautioned("Robert", "Smith", phones=("07700 900123",))
    partner_system = client_register(
        name="Riverside lone-worker app",
        owner="Riverside Homes IT",
        purpose="Alerts for lone workers",
        organisation=housing_partner,
        by=administrator,
    )
    token = client_token_issue(
        partner_system, operations=["alert"], fields=["level"], valid_days=30, by=administrator
    )
    answer = ask(client, token.secret, {"phone": "07700 900123"})
    assert answer.json() == {"flagged": False, "alerts": []}


def test_a_job_list_gets_one_answer_per_visit_in_order(client, issue, robert):
    visits = [
        {"job_reference": "R-1001", "uprn": "200003741234"},
        {"job_reference": "R-1002", "name": "Nobody Atall", "postcode": "LE16 9AA"},
    ]
    answer = ask(client, issue().secret, {"visits": visits}, "/api/alerts/visits").json()
    assert [(v["job_reference"], v["flagged"]) for v in answer["visits"]] == [
        ("R-1001", True),
        ("R-1002", False),
    ]


def test_each_visit_of_a_job_list_is_audited_as_a_check_with_its_job_reference(
    client, issue, robert
):
    visits = [
        {"job_reference": "R-1001", "uprn": "200003741234"},
        {"job_reference": "R-1002", "phone": "01858 000000"},
    ]
    ask(client, issue().secret, {"visits": visits}, "/api/alerts/visits")
    events = AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK)
    assert sorted(e.details["job_reference"] for e in events) == ["R-1001", "R-1002"]
    assert {e.details["purpose"] for e in events} == {PURPOSE}


def test_a_job_list_with_a_bad_visit_is_refused_whole_naming_the_visit(client, issue, robert):
    visits = [
        {"job_reference": "R-1001", "uprn": "200003741234"},
        {"job_reference": "R-1002", "postcode": "nonsense", "name": "Ann Other"},
    ]
    response = ask(client, issue().secret, {"visits": visits}, "/api/alerts/visits")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "visits.1.postcode": ["Enter a real postcode, like LE16 7AG"]
    }
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()


def test_a_token_for_alerts_only_may_not_send_a_job_list(client, issue, robert):
    token = issue(operations=["alert"]).secret
    visits = [{"job_reference": "R-1001", "uprn": "200003741234"}]
    response = ask(client, token, {"visits": visits}, "/api/alerts/visits")
    assert response.status_code == 403


def test_a_signed_in_session_cannot_call_the_alert_endpoint(client, reporter):
    client.force_login(reporter)
    response = client.post(
        "/api/alerts",
        {"purpose": PURPOSE, "phone": "07700 900123"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_a_token_cannot_call_the_staff_endpoints(client, issue, robert):
    response = client.post(
        "/api/check",
        {"name": "Robert Smith"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue().secret}",
    )
    assert response.status_code == 401


def test_the_openapi_schema_documents_the_bearer_token(client, reporter):
    client.force_login(reporter)
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ClientToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert schema["paths"]["/api/alerts"]["post"]["security"] == [{"ClientToken": []}]


def test_the_audit_page_names_the_client_its_token_and_the_purpose(client, issue, robert, dpo):
    issued = issue()
    ask(client, issued.secret, {"phone": "07700 900123"})
    client.force_login(dpo)
    page = client.get(reverse("privacy:audit")).content.decode()
    assert f"Repairs scheduler (client system, token {issued.token.prefix})" in page
    assert f"Purpose: {PURPOSE}" in page
