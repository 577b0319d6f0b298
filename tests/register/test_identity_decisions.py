"""Who the person is, at the report and at the decision (issue 16, item 3): how they were
identified and how sure, recorded at both; a caution needs a second identifier on record
(a date of birth or a current address) or the decider's reason why one is enough."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Incident
from caution.people.actions import AddressInput
from caution.people.models import IdentifiedBy, IdentityConfidence
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.api.conftest import send
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.deciding.test_pages import answered_on_the_page
from tests.factories import answered, answered_json, make_person, make_user

pytestmark = pytest.mark.django_db
NO_SECOND_IDENTIFIER = "has no date of birth or current address on record"


@pytest.fixture(autouse=True)
def cheltenham(settings):
    """A manager not involved decides alone (002 §3.4): no panel meeting to arrange."""
    use_profile(settings, "cheltenham")


@pytest.fixture
def manager(db):
    return make_user(Role.MANAGER, first_name="Mo")


@pytest.fixture
def second_manager(db):
    return make_user(Role.MANAGER, first_name="Max")


@pytest.fixture
def person(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def only_a_name(db):
    return make_person("Gary", "Pratt")


def case_about(person, reporter, manager) -> Incident:
    return assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")


def decide(incident, by, identity=None):
    return deciding.decision_record(
        incident,
        outcome=Decision.Outcome.CAUTION,
        reasons="Assault on an officer at the front desk.",
        terms=deciding.CautionTerms(level="ASSAULT", precautions="Visit in pairs"),
        answers=answered(),
        identity=identity,
        version=incident.version,
        by=by,
    )


# The service --------------------------------------------------------------------------


def test_a_caution_on_someone_known_only_by_name_is_refused_and_nothing_changes(
    only_a_name, reporter, manager, second_manager
):
    incident = case_about(only_a_name, reporter, manager)

    with pytest.raises(ValidationError) as refused:
        decide(incident, second_manager)

    assert NO_SECOND_IDENTIFIER in str(refused.value.message_dict["identity_reason"])
    incident.refresh_from_db()
    assert incident.status == Incident.Status.ASSESSED
    assert not Decision.objects.exists()
    assert not Caution.objects.exists()


def test_a_caution_on_someone_known_only_by_name_goes_on_with_the_deciders_reason(
    only_a_name, reporter, manager, second_manager
):
    incident = case_about(only_a_name, reporter, manager)
    reason = "Known to every officer at the Promenade office for years; photographed by CCTV"

    decision = decide(incident, second_manager, deciding.Identity(reason=reason))

    assert decision.identity_reason == reason
    assert Caution.objects.get(person=only_a_name).status == Caution.Status.ACTIVE


def test_a_current_address_is_enough_as_a_second_identifier(reporter, manager, second_manager):
    tenant = make_person("Gary", "Pratt", address=AddressInput("4 Mill Lane", postcode="GL50 1PP"))

    decide(case_about(tenant, reporter, manager), second_manager)

    assert Caution.objects.filter(person=tenant).exists()


def test_an_address_they_have_left_is_not_a_second_identifier(reporter, manager, second_manager):
    mover = make_person("Gary", "Pratt", address=AddressInput("4 Mill Lane", postcode="GL50 1PP"))
    mover.address_links.update(current=False)

    with pytest.raises(ValidationError, match=NO_SECOND_IDENTIFIER):
        decide(case_about(mover, reporter, manager), second_manager)


def test_a_warning_needs_no_second_identifier(only_a_name, reporter, manager, second_manager):
    incident = case_about(only_a_name, reporter, manager)

    decision = deciding.decision_record(
        incident,
        outcome=Decision.Outcome.WARNING,
        reasons="A first warning.",
        version=incident.version,
        by=second_manager,
    )

    assert decision.outcome == Decision.Outcome.WARNING


def test_the_decision_records_how_the_person_was_identified_and_how_sure(
    person, reporter, manager, second_manager
):
    identity = deciding.Identity(
        identified_by=IdentifiedBy.ID_SEEN, confidence=IdentityConfidence.CERTAIN
    )

    decision = decide(case_about(person, reporter, manager), second_manager, identity)

    assert (decision.identified_by, decision.identity_confidence) == ("id_seen", "certain")


def test_an_identification_that_is_not_one_of_the_choices_is_refused(
    person, reporter, manager, second_manager
):
    incident = case_about(person, reporter, manager)

    with pytest.raises(ValidationError, match="Choose how the person was identified"):
        decide(incident, second_manager, deciding.Identity(identified_by="guessed"))


def test_the_report_records_how_the_reporter_knew_who_it_was(reporter, person):
    incident = submitted(reporter, person, "ASSAULT")
    draft = reporting.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)

    reporting.incident_update(
        draft,
        reporting.IncidentDetails(
            occurred_at=None,
            location="Reception",
            channel="",
            service_area="",
            category="ASSAULT",
            description="Shouted at the officer.",
            identified_by=IdentifiedBy.KNOWN_TO_STAFF,
            identity_confidence=IdentityConfidence.FAIRLY_SURE,
        ),
        version=draft.version,
        by=reporter,
    )

    draft.refresh_from_db()
    assert (draft.identified_by, draft.identity_confidence) == ("known_to_staff", "fairly_sure")
    assert incident.identified_by == ""  # not asked: the report may leave it unsaid


def test_an_interim_alert_on_someone_known_only_by_name_needs_the_reason(
    settings, only_a_name, reporter, manager
):
    use_profile(settings, "dover")
    incident = submitted(reporter, only_a_name, "THREAT_OF_HARM")

    def alert(reason: str = ""):
        return deciding.interim_alert_add(
            incident,
            level="3",
            precautions="No home visits",
            reasons="Said he keeps a knife by the door.",
            identity_reason=reason,
            by=manager,
        )

    with pytest.raises(ValidationError, match=NO_SECOND_IDENTIFIER):
        alert()
    assert not Caution.objects.exists()
    assert alert("Named by the officer who has visited him for years").interim


# The pages ----------------------------------------------------------------------------


def decision_form(incident, **extra) -> dict:
    return {
        "version": incident.version,
        "outcome": "caution",
        "reasons": "Assault on an officer.",
        "level": "ASSAULT",
        **answered_on_the_page(),
        **extra,
    }


def test_the_decision_page_refuses_a_caution_without_a_second_identifier_with_a_message(
    client, only_a_name, reporter, manager, second_manager
):
    incident = case_about(only_a_name, reporter, manager)
    client.force_login(second_manager)

    response = client.post(reverse("register:decide", args=[incident.id]), decision_form(incident))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Gary Pratt has no date of birth or current address on record" in page
    assert not Caution.objects.exists()


def test_the_decision_page_takes_the_reason_and_puts_the_caution_on(
    client, only_a_name, reporter, manager, second_manager
):
    incident = case_about(only_a_name, reporter, manager)
    client.force_login(second_manager)

    response = client.post(
        reverse("register:decide", args=[incident.id]),
        decision_form(
            incident,
            identified_by="cctv",
            identity_confidence="certain",
            identity_reason="Recognised on CCTV by the officers who know him",
        ),
    )

    assert response.status_code == 302, response.content.decode()
    decision = Decision.objects.get()
    assert decision.identified_by == "cctv"
    assert decision.identity_reason == "Recognised on CCTV by the officers who know him"


def test_the_decision_page_starts_from_how_the_reporter_identified_the_person(
    client, person, reporter, manager, second_manager
):
    incident = case_about(person, reporter, manager)
    Incident.objects.filter(id=incident.id).update(
        identified_by=IdentifiedBy.CCTV, identity_confidence=IdentityConfidence.NOT_SURE
    )
    client.force_login(second_manager)

    page = client.get(reverse("register:decide", args=[incident.id])).content.decode()

    assert chosen(page, "identified_by") == "cctv"
    assert chosen(page, "identity_confidence") == "not_sure"


def chosen(page: str, name: str) -> str:
    """The value of the radio button of this name that the page shows chosen."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and "checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return ""


def test_the_report_page_asks_how_the_reporter_knew_who_it_was(client, reporter, person):
    draft = reporting.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    client.force_login(reporter)

    response = client.post(
        reverse("incidents:details", args=[draft.id]),
        {
            "version": draft.version,
            "location": "Reception",
            "category": "ASSAULT",
            "description": "Shouted at the officer.",
            "identified_by": "account",
            "identity_confidence": "certain",
        },
    )

    assert response.status_code == 302, response.content.decode()
    draft.refresh_from_db()
    assert (draft.identified_by, draft.identity_confidence) == ("account", "certain")


# The API ------------------------------------------------------------------------------


def test_the_api_refuses_a_caution_without_a_second_identifier_with_a_field_message(
    client, only_a_name, reporter, manager, second_manager
):
    incident = case_about(only_a_name, reporter, manager)
    client.force_login(second_manager)
    body = {
        "version": incident.version,
        "outcome": "caution",
        "reasons": "Assault on an officer.",
        "level": "ASSAULT",
        "answers": answered_json(),
    }

    refused = send(client, "post", f"/api/reports/{incident.id}/decision", body)
    assert refused.status_code == 422
    assert NO_SECOND_IDENTIFIER in refused.json()["errors"]["identity_reason"][0]
    assert not Caution.objects.exists()

    body |= {"identified_by": "partner", "identity_reason": "The police confirmed who he is"}
    made = send(client, "post", f"/api/reports/{incident.id}/decision", body)
    assert made.status_code == 201, made.json()
    assert made.json()["identified_by"] == "partner"
    assert made.json()["identity_reason"] == "The police confirmed who he is"
