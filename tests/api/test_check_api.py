"""The check through the JSON API: same service, same permissions, 4xx with field messages."""

import pytest
from django.test import override_settings

from caution.audit.models import AuditEvent
from tests.factories import cautioned

pytestmark = pytest.mark.django_db
URL = "/api/check"


def post(client, payload):
    return client.post(URL, payload, content_type="application/json")


def test_it_answers_ranked_matches_with_reasons_and_cautions(client, reporter):
    robert = cautioned("Robert", "Smith", reference="HDC-1")
    client.force_login(reporter)
    response = post(client, {"name": "Bob Smiht"})
    assert response.status_code == 200
    match = response.json()["people"][0]
    assert match["person"] == str(robert.id)
    assert match["reference"] == "HDC-1"
    assert match["score"] > 0
    assert "'bob' and 'robert' are forms of the same name" in match["reasons"]
    caution = match["cautions"][0]
    assert (caution["level"], caution["level_label"]) == ("1", "Violent")
    assert caution["precautions"] == "Visit in pairs"
    assert caution["appeal_in_progress"] is False


def test_it_never_returns_the_incident_narrative(client, register_officer):
    cautioned("Robert", "Smith")
    client.force_login(register_officer)
    assert "Pushed an officer" not in post(client, {"name": "Robert Smith"}).content.decode()


def test_it_says_when_nothing_was_found_and_what_was_searched(client, reporter):
    client.force_login(reporter)
    body = post(client, {"name": "Nobody Here", "postcode": "le16 7ag"}).json()
    assert body["found"] is False
    assert body["searched"] == {"name": "Nobody Here", "postcode": "le16 7ag"}


def test_a_bad_postcode_gets_a_422_naming_the_field(client, reporter):
    client.force_login(reporter)
    response = post(client, {"name": "Robert Smith", "postcode": "nonsense"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"postcode": ["Enter a real postcode, like LE16 7AG"]}


def test_a_malformed_date_gets_a_422_naming_the_field(client, reporter):
    client.force_login(reporter)
    response = post(client, {"name": "Robert Smith", "date_of_birth": "31/02/1980"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["date_of_birth"]


def test_an_empty_check_gets_a_422(client, reporter):
    client.force_login(reporter)
    response = post(client, {})
    assert response.status_code == 422
    assert "Enter at least one thing" in response.json()["errors"]["__all__"][0]
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()


def test_it_needs_sign_in(client):
    assert post(client, {"name": "Robert Smith"}).status_code == 401


@override_settings(CAUTION_PROFILE="cheltenham")
def test_it_refuses_a_councillor_where_the_profile_says_so(client, councillor):
    """002 §3.2: councillors ask Democratic Services."""
    client.force_login(councillor)
    response = post(client, {"name": "Robert Smith"})
    assert response.status_code == 403
    assert "Democratic Services" in response.json()["detail"]


def test_the_openapi_description_documents_the_check(client, reporter):
    client.force_login(reporter)
    schema = client.get("/api/openapi.json").json()
    assert "/api/check" in schema["paths"]


def test_a_check_with_an_unknown_field_is_refused_with_its_name(client, reporter):
    """docs/user/api.md: unknown fields are refused, so a misspelt field never goes unsearched."""
    client.force_login(reporter)
    response = client.post(
        "/api/check",
        {"name": "Robert Smith", "postcode_": "LE16 7AG"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "postcode_" in str(response.json())
