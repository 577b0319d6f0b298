"""A decision whose restriction works against a reasonable adjustment agreed with the
person is warned and must say why it is still proportionate (issue 16 item 1, ADR 0018)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.adjusting import adjustment_end, adjustment_record
from caution.people.models import Adjustment
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.api.conftest import send
from tests.deciding.conftest import NAMED_CONTACT, assessed, decide, submitted, use_profile
from tests.deciding.test_pages import answered_on_the_page
from tests.factories import answered, answered_json

pytestmark = pytest.mark.django_db

CALLS = "Calls allowed through a named officer"


@pytest.fixture
def case(settings, reporter, person, manager):
    use_profile(settings, "cheltenham")
    return assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")


def agreed(person, kind=Adjustment.Kind.CONTACT_ROUTE, agreed=CALLS) -> Adjustment:
    return adjustment_record(
        person,
        kind=kind,
        agreed=agreed,
        need="Hearing impairment",
        agreed_on=clock.today(),
        agreed_by="Tenancy Officer",
        by=None,
    )


def test_002_2_3_a_restriction_against_an_agreed_adjustment_is_refused_without_a_reason(
    case, person, second_manager
):
    """002 §2.3: restrictions must take into account the customer's individual
    circumstances."""
    agreed(person)

    with pytest.raises(ValidationError) as error:
        decide(case, second_manager, restrictions=(NAMED_CONTACT,))

    [message] = error.value.message_dict["adjustment_reason"]
    assert CALLS in message
    assert "Hearing impairment" not in message
    case.refresh_from_db()
    assert case.status == Incident.Status.ASSESSED
    assert not Caution.objects.exists()


def test_a_restriction_against_an_adjustment_is_kept_with_the_reason_and_audited(
    case, person, second_manager
):
    agreed(person)

    decision = deciding.decision_record(
        case,
        answers=answered(),
        outcome="caution",
        reasons="Assault on an officer at the front desk.",
        terms=deciding.CautionTerms(level="ASSAULT", restrictions=(NAMED_CONTACT,)),
        adjustment_reason="The named officer is the Customer Relations Officer",
        version=case.version,
        by=second_manager,
    )

    assert Decision.objects.get().adjustment_reason == decision.adjustment_reason
    assert decision.adjustment_reason.startswith("The named officer")
    assert AuditEvent.objects.filter(
        summary__contains="weighed against an agreed adjustment", people=person
    ).exists()


def test_a_large_print_adjustment_conflicts_with_no_restriction(case, person, second_manager):
    agreed(person, Adjustment.Kind.LARGE_PRINT, "Letters in large print")

    decision = decide(case, second_manager, restrictions=(NAMED_CONTACT,))

    assert decision.caution is not None
    assert decision.adjustment_reason == ""


def test_an_ended_adjustment_needs_no_reason(case, person, second_manager):
    adjustment_end(agreed(person), by=None)

    assert decide(case, second_manager, restrictions=(NAMED_CONTACT,)).caution is not None


def page_decision(case, **extra) -> dict:
    return {
        "version": case.version,
        "outcome": "caution",
        "reasons": "Assault on an officer.",
        "level": "ASSAULT",
        "restriction-0-type": "named_contact",
        "restriction-0-named_contact": "Customer Relations Officer",
        **answered_on_the_page(),
        **extra,
    }


def test_the_decision_page_warns_of_the_adjustment_and_asks_why(
    client, case, person, second_manager
):
    agreed(person)
    client.force_login(second_manager)

    page = client.post(reverse("register:decide", args=[case.id]), page_decision(case))

    text = page.content.decode()
    assert page.status_code == 200
    assert "govuk-warning-text" in text
    assert f"Contact route: {CALLS}" in text
    assert "govuk-error-summary" in text
    assert "say why it is still proportionate" in text
    assert not Caution.objects.exists()


def test_the_decision_page_records_the_reason(client, case, person, second_manager):
    agreed(person)
    client.force_login(second_manager)

    response = client.post(
        reverse("register:decide", args=[case.id]),
        page_decision(case, adjustment_reason="Calls still go through the named officer"),
    )

    assert response.status_code == 302
    assert Decision.objects.get().adjustment_reason == "Calls still go through the named officer"
    report = client.get(reverse("incidents:detail", args=[case.id])).content.decode()
    assert "Calls still go through the named officer" in report


def test_the_api_answers_422_naming_the_reason_when_it_is_missing(
    client, case, person, second_manager
):
    agreed(person)
    client.force_login(second_manager)
    payload = {
        "version": case.version,
        "outcome": "caution",
        "reasons": "Assault on an officer.",
        "level": "ASSAULT",
        "restrictions": [{"type": "named_contact", "named_contact": "Customer Relations Officer"}],
        "answers": answered_json(),
    }

    refused = send(client, "post", f"/api/reports/{case.id}/decision", payload)
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["adjustment_reason"]

    payload["adjustment_reason"] = "Calls still go through the named officer"
    assert send(client, "post", f"/api/reports/{case.id}/decision", payload).status_code == 201
