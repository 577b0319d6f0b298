"""A client system calling the served app over real HTTP on loopback (pytest-django's live
server), as docs/user/api.md shows it: Python's own urllib, a bearer token, JSON."""

import datetime as dt
import json
import urllib.error
import urllib.request

import pytest

from caution.accounts.clients import client_token_revoke
from caution.audit.models import AuditEvent
from caution.lib import clock

pytestmark = pytest.mark.django_db(transaction=True)
PURPOSE = "Repairs visit planning"


def call(base: str, token: str, path: str, body: dict) -> tuple[int, dict]:
    """The docs' example client: POST JSON with the token; (status, answer)."""
    # Only http:// to the loopback live server: no file: or other scheme is opened.
    request = urllib.request.Request(  # noqa: S310
        base + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def test_an_alert_over_http_answers_within_the_tokens_scope(live_server, issue, robert):
    token = issue(operations=["alert"], fields=["level", "precautions", "contact"]).secret
    status, answer = call(
        live_server.url, token, "/api/alerts", {"purpose": PURPOSE, "uprn": "200003741234"}
    )
    assert status == 200
    assert answer == {
        "flagged": True,
        "alerts": [
            {
                "level": "1",
                "level_words": "Level 1: Violent, most serious of 3 levels",
                "most_serious": True,
                "interim": False,
                "precautions": "Visit in pairs",
                "speak_to": "Housing Team Leader",
                "key_contact": "Housing Team Leader",
                "reporting_service": "",
            }
        ],
    }


def test_a_job_list_over_http_gets_one_answer_per_visit_each_audited(
    live_server, issue, robert, scheduler
):
    token = issue(operations=["visit_list"], fields=[]).secret
    visits = [
        {"job_reference": "R-1001", "uprn": "200003741234"},
        {"job_reference": "R-1002", "name": "Ann Other", "postcode": "LE16 9AA"},
    ]
    status, answer = call(
        live_server.url, token, "/api/alerts/visits", {"purpose": PURPOSE, "visits": visits}
    )
    assert status == 200
    assert answer == {
        "visits": [
            {"job_reference": "R-1001", "flagged": True},
            {"job_reference": "R-1002", "flagged": False},
        ]
    }
    events = AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).order_by("at")
    assert [
        (e.details["client"]["name"], e.details["purpose"], e.details["job_reference"])
        for e in events
    ] == [("Repairs scheduler", PURPOSE, "R-1001"), ("Repairs scheduler", PURPOSE, "R-1002")]


def test_over_http_refusals_are_401_403_and_429(live_server, issue, administrator, robert):
    body = {"purpose": PURPOSE, "phone": "07700 900123"}
    narrow = issue(operations=["visit_list"]).secret
    assert call(live_server.url, narrow, "/api/alerts", body)[0] == 403

    revoked = issue()
    client_token_revoke(revoked.token, by=administrator)
    assert call(live_server.url, revoked.secret, "/api/alerts", body)[0] == 401

    expiring = issue(valid_days=1).secret
    with clock.frozen_at(clock.now() + dt.timedelta(days=1, seconds=1)):
        assert call(live_server.url, expiring, "/api/alerts", body)[0] == 401

    limited = issue(per_minute=1).secret
    with clock.frozen_at(clock.now().replace(second=0)):
        statuses = [call(live_server.url, limited, "/api/alerts", body)[0] for _ in range(2)]
    assert statuses == [200, 429]
