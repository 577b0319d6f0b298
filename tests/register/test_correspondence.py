"""Correspondence received from a person whose contact is restricted: reviewed, kept on
file, and acknowledged or answered only if it gives significant new information (001 §11),
logged on the caution from its page and the API."""

import datetime as dt

import pytest

from caution.lib import clock
from caution.register.models import Correspondence, Restriction
from tests.api.conftest import send
from tests.factories import make_caution, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def caution(settings):
    settings.CAUTION_PROFILE = "determination-team"
    caution = make_caution(make_person("Robert", "Smith"), level="R")
    Restriction.objects.create(
        caution=caution,
        type="no_reply_on_answered_issues",
        label="Correspondence is read and answered only if it raises a new issue",
        starts_on=clock.today() - dt.timedelta(days=30),
    )
    return caution


def form(**values) -> dict:
    on = clock.today() - dt.timedelta(days=1)
    return {
        "received_on_0": on.day,
        "received_on_1": on.month,
        "received_on_2": on.year,
        "channel": "letter",
        "summary": "The same complaint about the bins, for the ninth time.",
        **values,
    }


def test_001_11_correspondence_received_is_kept_on_file_and_shown_on_the_caution(
    client, caution, register_officer
):
    client.force_login(register_officer)
    response = client.post(f"/cautions/{caution.id}/correspondence/", form())
    assert response.status_code == 302
    page = client.get(f"/cautions/{caution.id}/").content.decode()
    assert "The same complaint about the bins, for the ninth time." in page
    assert "Kept on file" in page
    assert "Nothing new" in page


def test_001_11_correspondence_without_new_information_is_not_acknowledged(
    client, caution, register_officer
):
    client.force_login(register_officer)
    response = client.post(f"/cautions/{caution.id}/correspondence/", form(acknowledged="on"))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "answered only if it raises a new issue" in response.content.decode()
    assert not Correspondence.objects.exists()


def test_001_11_correspondence_with_significant_new_information_is_acknowledged_through_the_api(
    client, caution, register_officer
):
    client.force_login(register_officer)
    response = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/correspondence",
        {
            "received_on": clock.today().isoformat(),
            "channel": "email",
            "summary": "A new repair problem: water coming through the ceiling.",
            "significant_new_information": True,
            "acknowledged": True,
        },
    )
    assert response.status_code == 201, response.content
    record = client.get(f"/api/cautions/{caution.id}").json()
    [logged] = record["correspondence"]
    assert (logged["significant_new_information"], logged["acknowledged"]) == (True, True)
