"""The letters API: prepare, submit, sign, deliver and exempt, through the same actions."""

import pytest

from tests.api.conftest import send
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(settings):
    settings.CAUTION_PROFILE = "harborough"
    return decided("harborough")


def test_a_letter_is_prepared_signed_and_sent_through_the_api(client, case):
    client.force_login(case.officer)
    made = send(
        client, "post", "/api/letters", {"kind": "caution", "caution_id": str(case.caution.id)}
    )
    assert made.status_code == 201, made.content
    letter = made.json()
    assert (letter["status"], letter["missing"]) == ("draft", [])

    assert send(client, "post", f"/api/letters/{letter['id']}/submit").status_code == 200
    client.force_login(case.signatory)
    signed = send(client, "post", f"/api/letters/{letter['id']}/sign").json()
    assert signed["status"] == "issued" and len(signed["sha256"]) == 64

    client.force_login(case.officer)
    sent = send(client, "post", f"/api/letters/{letter['id']}/deliver", {"method": "email"})
    assert sent.json()["delivery_status"] == "emailed"


def test_signing_by_someone_else_is_forbidden(client, case):
    client.force_login(case.officer)
    send(client, "post", f"/api/letters/{case.letter.id}/submit")
    refused = send(client, "post", f"/api/letters/{case.letter.id}/sign")
    assert refused.status_code == 403


def test_an_exemption_the_policy_does_not_allow_is_refused_by_field(client, case):
    client.force_login(case.officer)
    refused = send(
        client,
        "post",
        f"/api/letters/{case.letter.id}/exempt",
        {"exemption": "agency_request", "justification": "The police asked us not to tell him."},
    )
    assert refused.status_code == 422
    assert "exemption" in refused.json()["errors"]
