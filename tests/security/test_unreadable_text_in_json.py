"""A NUL byte or a lone UTF-16 surrogate in the API's JSON is refused with 422 and a
message on its field, on SQLite and PostgreSQL alike (where it used to be a 500 that wrote
the text into the log), and nothing is saved."""

import logging

import pytest

from caution.incidents.models import Witness
from caution.lib.api_schemas import UNREADABLE_MESSAGE

pytestmark = pytest.mark.django_db

NAME_WITH_NUL = "Robert\x00Smith"
NAME_WITH_SURROGATE = "Robert \ud800Smith"


def send(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.mark.parametrize("name", [NAME_WITH_NUL, NAME_WITH_SURROGATE])
def test_a_witness_name_with_an_unreadable_character_is_refused_on_its_field(
    client, reporter, draft, name
):
    client.force_login(reporter)

    response = send(
        client,
        "post",
        f"/api/reports/{draft.id}/witnesses",
        {"name": name, "statement": "I saw it.", "version": draft.version},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"name": [UNREADABLE_MESSAGE]}
    assert not Witness.objects.exists()


def test_a_report_description_with_a_nul_is_refused_and_not_logged(client, reporter, draft, caplog):
    client.force_login(reporter)
    description = "He threw a chair at Mrs Jennings\x00"

    with caplog.at_level(logging.DEBUG):
        response = send(
            client,
            "put",
            f"/api/reports/{draft.id}",
            {"description": description, "version": draft.version},
        )

    assert response.status_code == 422
    assert response.json()["errors"]["description"] == [UNREADABLE_MESSAGE]
    assert "Jennings" not in caplog.text
    draft.refresh_from_db()
    assert "Jennings" not in draft.description


@pytest.mark.parametrize("name", [NAME_WITH_NUL, NAME_WITH_SURROGATE])
def test_a_checked_name_with_an_unreadable_character_is_refused_and_not_logged(
    client, reporter, name, caplog
):
    client.force_login(reporter)

    with caplog.at_level(logging.DEBUG):
        response = send(client, "post", "/api/check", {"name": name})

    assert response.status_code == 422
    assert response.json()["errors"] == {"name": [UNREADABLE_MESSAGE]}
    assert "Smith" not in caplog.text
