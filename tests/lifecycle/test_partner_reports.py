"""A partner's system sends a report with its client token (the `report` operation): it
is received only under a live sharing agreement covering its category, joins the
assessment queue, and a caution decided on it is partner-sourced, carries its agreement,
shows its origin in the API and keeps Harborough's one-year cap (000 §8.6)."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from caution.accounts.clients import client_register, client_token_issue
from caution.accounts.models import Organisation
from caution.incidents.models import Incident
from tests.factories import make_agreement
from tests.journeys.conftest import MONDAY, assess
from tests.journeys.test_harborough import decide, held

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def harborough(settings):
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def riverside(db) -> Organisation:
    homes = Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)
    make_agreement(homes, categories=["THREAT"])
    return homes


@pytest.fixture
def token(riverside, administrator):
    system = client_register(
        name="Riverside housing system",
        owner="Riverside Homes IT",
        purpose="Sends Riverside's own register entries for the panel",
        organisation=riverside,
        by=administrator,
    )
    issued = client_token_issue(
        system,
        operations=["report"],
        fields=["report_date_of_birth", "report_address"],
        valid_days=30,
        by=administrator,
    )
    return issued.secret


REPORT = {
    "given_names": "Gary",
    "family_name": "Pratt",
    "date_of_birth": "1979-06-21",
    "occurred_at": (MONDAY - dt.timedelta(days=2)).isoformat(),
    "category": "THREAT",
    "description": "Riverside Homes' register: threatened their caretaker with a hammer.",
    "partner_told_person_on": (MONDAY - dt.timedelta(days=1)).date().isoformat(),
}


def send(client, token: str, **changes):
    return client.post(
        "/api/partner/reports",
        {**REPORT, **changes},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_partners_report_joins_the_assessment_queue_under_its_agreement(
    client, token, customer, riverside
):
    response = send(client, token)

    assert response.status_code == 201
    incident = Incident.objects.get(id=response.json()["id"])
    assert (incident.status, incident.kind) == (Incident.Status.SUBMITTED, "third_party")
    assert incident.person == customer
    assert incident.source_agreement.organisation == riverside
    assert incident.agency == "Riverside Homes"


def test_a_report_in_a_category_no_agreement_covers_is_refused(client, token, customer):
    response = send(client, token, category="VIOLENCE")

    assert response.status_code == 422
    assert "category" in response.json()["errors"]
    assert not Incident.objects.exists()


def test_a_token_without_the_report_operation_may_not_send_one(
    client, riverside, administrator, customer
):
    system = client_register(
        name="Riverside checks", owner="IT", purpose="Checks", organisation=riverside,
        by=administrator,
    )  # fmt: skip
    other = client_token_issue(
        system, operations=["alert"], fields=[], valid_days=30, by=administrator
    )

    assert send(client, other.secret).status_code == 403


def test_000_8_6_a_caution_on_a_partners_report_is_partner_sourced_for_at_most_a_year(
    client, token, customer, line_manager, panel, register_officer
):
    """000 §8.6: a partner's information goes through the same process and stays at most
    a year unless it is marker 1; the entry shows where it came from."""
    incident = Incident.objects.get(id=send(client, token).json()["id"])
    assess(incident, line_manager, "2")
    at = held(incident, panel, register_officer, present=("chair", "dpo", "facilities"))

    caution = decide(incident, at, register_officer, level="2").caution

    assert caution.partner_sourced
    assert caution.expires_on == caution.date_added + relativedelta(years=1)
    client.force_login(register_officer)
    origin = client.get(f"/api/cautions/{caution.id}").json()["origin"]
    assert origin == {
        "partner_sourced": True,
        "partner": "Riverside Homes",
        "agreement": str(incident.source_agreement_id),
        "agreement_title": "Sharing with Riverside Homes",
        "partner_told_person_on": REPORT["partner_told_person_on"],
        "case_by_case": False,
    }


def test_a_field_outside_the_tokens_scope_is_refused_by_name(client, token, customer):
    """The token may send a date of birth and an address, not a police reference."""
    response = send(client, token, police_reference="LE/2026/1234")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["police_reference"]
    assert not Incident.objects.exists()


def test_000_8_6_a_partners_report_says_when_the_partner_told_the_person(client, token, customer):
    """000 §8.6: "Third party contacts will only be added to the Register if they have
    been notified by the business partner": Harborough refuses a report without it."""
    refused = send(client, token, partner_told_person_on=None)
    assert refused.status_code == 422
    assert "partner_told_person_on" in refused.json()["errors"]

    accepted = send(client, token)
    incident = Incident.objects.get(id=accepted.json()["id"])
    assert incident.partner_told_person_on.isoformat() == REPORT["partner_told_person_on"]


def test_000_8_6_a_marker_1_entry_from_a_partner_is_flagged_for_case_by_case_review(
    client, token, customer, line_manager, panel, register_officer
):
    """000 §8.6: a marker 1 partner entry is not capped at a year: "reviewed by the Review
    Panel on a case by case basis". The caution's page and its review say so."""
    incident = Incident.objects.get(id=send(client, token).json()["id"])
    assess(incident, line_manager, "1")
    at = held(incident, panel, register_officer, present=("chair", "dpo", "facilities"))
    caution = decide(incident, at, register_officer, level="1").caution

    client.force_login(register_officer)
    page = client.get(f"/cautions/{caution.id}/").content.decode()
    review = client.get(f"/cautions/{caution.id}/review/").content.decode()
    assert "reviewed case by case" in page
    assert "reviewed case by case" in review
    assert client.get(f"/api/cautions/{caution.id}").json()["origin"]["case_by_case"]
