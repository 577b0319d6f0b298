"""The decision asks what the policy asks the decider to weigh (issue 15 finding 7): the
profile's questions are required answers on a caution, kept with the decision and shown on
it (002 §2.3, §4.5; 001 §10.2; 003 §11)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.policy.profiles import load_profile
from caution.register import deciding
from caution.register.models import Caution
from tests.api.conftest import send
from tests.deciding.conftest import assessed, submitted, use_profile

pytestmark = pytest.mark.django_db


def caution_for(incident, by, answers):
    return deciding.decision_record(
        incident,
        outcome="caution",
        reasons="Assault on an officer at the front desk.",
        terms=deciding.CautionTerms(level="ASSAULT", precautions="Visit in pairs"),
        answers=answers,
        version=incident.version,
        by=by,
    )


@pytest.fixture
def case(settings, reporter, person, manager):
    use_profile(settings, "cheltenham")
    return assessed(submitted(reporter, person, "ASSAULT"), manager, "ASSAULT")


ANSWERED = {
    "essential_services": deciding.PromptAnswer("yes", "Can still phone the contact centre"),
    "formal_complaint": deciding.PromptAnswer("no"),
}


def test_002_2_3_a_caution_is_refused_until_essential_services_are_considered(case, second_manager):
    """002 §2.3: "ensure that customers are not prevented from accessing essential
    services as a result of being on the PSR"."""
    with pytest.raises(ValidationError) as refused:
        caution_for(case, second_manager, {"formal_complaint": deciding.PromptAnswer("no")})

    assert set(refused.value.message_dict) == {"prompt_essential_services"}
    assert not Caution.objects.exists()


def test_002_4_5_a_caution_is_refused_until_a_current_formal_complaint_is_considered(
    case, second_manager
):
    """002 §4.5: "consider ... whether the customer has a current formal complaint"."""
    answers = {"essential_services": deciding.PromptAnswer("yes"), "formal_complaint": None}

    with pytest.raises(ValidationError) as refused:
        caution_for(case, second_manager, {k: v for k, v in answers.items() if v})

    assert set(refused.value.message_dict) == {"prompt_formal_complaint"}


def test_002_2_3_the_answers_are_stored_with_the_decision_as_asked(case, second_manager):
    """002 §2.3, §4.5: the decider's answers are kept with the decision."""
    decision = caution_for(case, second_manager, ANSWERED)

    assert [(a["code"], a["answer"], a["note"]) for a in decision.prompt_answers] == [
        ("essential_services", "yes", "Can still phone the contact centre"),
        ("formal_complaint", "no", ""),
    ]
    assert decision.prompt_answers[1]["question"] == (
        "Does the person have a current formal complaint with the council?"
    )


def test_an_outcome_that_restricts_nothing_is_not_asked(case, second_manager):
    decision = deciding.decision_record(
        case, outcome="no_action", reasons="Not repeated.", version=case.version, by=second_manager
    )

    assert decision.prompt_answers == []


@pytest.mark.parametrize(
    ("profile", "seed"), [("determination-team", "001 §10.2"), ("dover", "003 §11")]
)
def test_001_10_2_and_003_11_the_decider_is_asked_about_vulnerability(profile, seed):
    """001 §10.2: "the customer may be vulnerable"; 003 §11: vulnerable tenants."""
    prompts = load_profile(profile).decision.prompts

    assert [prompt.code for prompt in prompts] == ["vulnerability"]
    assert "vulnerable" in prompts[0].question
    assert seed.split()[1] in prompts[0].hint


def test_003_11_a_dover_alert_needs_the_vulnerability_answer(
    settings, reporter, person, manager, second_manager
):
    """003 §11: balance protecting staff with support for vulnerable tenants."""
    use_profile(settings, "dover")
    incident = assessed(submitted(reporter, person, "VIOLENCE"), manager, "3")

    with pytest.raises(ValidationError, match="vulnerable"):
        deciding.decision_record(
            incident,
            outcome="caution",
            reasons="Violence",
            terms=deciding.CautionTerms(level="3", precautions="Visit in pairs"),
            version=incident.version,
            by=manager,
        )


def test_002_2_3_the_decision_page_asks_and_the_report_shows_the_answers(
    client, case, second_manager
):
    """002 §2.3, §4.5: asked on the page, shown on the decision."""
    client.force_login(second_manager)
    url = reverse("register:decide", args=[case.id])
    form = {
        "version": case.version,
        "outcome": "caution",
        "reasons": "Assault on an officer.",
        "level": "ASSAULT",
        "prompt_essential_services": "yes",
    }
    refused = client.post(url, form).content.decode()
    assert "There is a problem" in refused
    assert "Answer the question: Does the person have a current formal complaint" in refused

    response = client.post(url, {**form, "prompt_formal_complaint": "no"})

    assert response.status_code == 302
    page = client.get(reverse("incidents:detail", args=[case.id])).content.decode()
    assert "Does the person have a current formal complaint with the council?" in page
    assert "Can the person still reach the essential services" in page


def test_002_4_5_the_api_takes_the_answers_and_refuses_a_missing_one(client, case, second_manager):
    """002 §4.5, through the API as on the page."""
    client.force_login(second_manager)
    body = {
        "version": case.version,
        "outcome": "caution",
        "reasons": "Assault on an officer.",
        "level": "ASSAULT",
        "answers": {"essential_services": {"answer": "yes"}},
    }
    refused = send(client, "post", f"/api/reports/{case.id}/decision", body)
    assert refused.status_code == 422
    assert "prompt_formal_complaint" in refused.json()["errors"]

    body["answers"]["formal_complaint"] = {"answer": "no", "note": "Closed in May"}
    response = send(client, "post", f"/api/reports/{case.id}/decision", body)

    assert response.status_code == 201, response.json()
    answers = {a["code"]: a["answer"] for a in response.json()["prompt_answers"]}
    assert answers == {"essential_services": "yes", "formal_complaint": "no"}
