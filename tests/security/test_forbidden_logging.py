"""A refused request (403) is logged in one line, with no traceback: a refusal is
expected, and a traceback's frames could carry what the user asked for."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_403_is_logged_in_one_line_without_a_traceback(client, reporter, caplog):
    client.force_login(reporter)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("accounts:users"))

    assert response.status_code == 403
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in logged] == [
        f"Forbidden (Permission denied): {response.request['PATH_INFO']}"
    ]
    assert "Traceback" not in caplog.text
    assert len(caplog.text.strip().splitlines()) == 1
