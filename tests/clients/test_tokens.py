"""Client tokens: kept only as a fingerprint, refused once revoked or expired, rotated
with or without an overlap, rate-limited per token; every change audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from caution.accounts.clients import (
    client_token_authenticate,
    client_token_issue,
    client_token_revoke,
    client_token_rotate,
)
from caution.accounts.models import ClientToken
from caution.audit.models import AuditEvent
from caution.lib import clock

pytestmark = pytest.mark.django_db


def calls(client, token: str):
    return client.post(
        "/api/alerts",
        {"purpose": "Repairs visit planning", "phone": "07700 900123"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def later(**delta) -> dt.datetime:
    return clock.now() + dt.timedelta(**delta)


def test_only_a_fingerprint_of_the_token_is_kept(issue):
    issued = issue()
    row = ClientToken.objects.filter(pk=issued.token.pk).values().get()
    secret = issued.secret.rsplit("_", 1)[1]
    assert not any(secret in str(value) for value in row.values())
    assert issued.secret.startswith(f"crt_{issued.token.prefix}_")


def test_a_token_works_until_it_is_revoked(client, issue, administrator, robert):
    issued = issue()
    assert calls(client, issued.secret).status_code == 200
    client_token_revoke(issued.token, by=administrator)
    assert calls(client, issued.secret).status_code == 401


def test_an_expired_token_is_refused(client, issue, robert):
    issued = issue(valid_days=30)
    with clock.frozen_at(later(days=29)):
        assert calls(client, issued.secret).status_code == 200
    with clock.frozen_at(later(days=30, seconds=1)):
        assert calls(client, issued.secret).status_code == 401


@pytest.mark.parametrize(
    "presented",
    ["", "nonsense", "crt_", "crt_000000000000_wrong", "Basic dXNlcjpwYXNz"],
)
def test_anything_but_a_live_token_is_refused(client, issue, presented):
    issued = issue()
    wrong_secret = f"crt_{issued.token.prefix}_not-the-secret"
    for token in (presented, wrong_secret):
        assert calls(client, token).status_code == 401


def test_a_token_of_the_wrong_secret_is_not_recognised(issue):
    issued = issue()
    assert client_token_authenticate(f"crt_{issued.token.prefix}_x") is None


def test_rotating_at_once_stops_the_old_token_and_starts_the_new(
    client, issue, administrator, robert
):
    old = issue()
    new = client_token_rotate(old.token, overlap_hours=0, by=administrator)
    assert calls(client, old.secret).status_code == 401
    assert calls(client, new.secret).status_code == 200
    assert (new.token.operations, new.token.fields) == (old.token.operations, old.token.fields)
    assert new.token.rotated_from == old.token


def test_rotating_with_an_overlap_keeps_the_old_token_working_until_then(
    client, issue, administrator, robert
):
    old = issue()
    client_token_rotate(old.token, overlap_hours=24, by=administrator)
    with clock.frozen_at(later(hours=23)):
        assert calls(client, old.secret).status_code == 200
    with clock.frozen_at(later(hours=24, seconds=1)):
        assert calls(client, old.secret).status_code == 401


def test_a_revoked_token_cannot_be_rotated_back_to_life(issue, administrator):
    issued = issue()
    client_token_revoke(issued.token, by=administrator)
    with pytest.raises(ValidationError):
        client_token_rotate(issued.token, by=administrator)


def test_a_token_over_its_rate_limit_gets_429_until_the_next_minute(client, issue, robert):
    issued = issue(per_minute=2)
    minute = clock.now().replace(second=10, microsecond=0)
    with clock.frozen_at(minute):
        assert [calls(client, issued.secret).status_code for _ in range(3)] == [200, 200, 429]
        refused = calls(client, issued.secret)
        assert refused["Retry-After"] == "50"
    with clock.frozen_at(minute + dt.timedelta(minutes=1)):
        assert calls(client, issued.secret).status_code == 200


def test_the_rate_limit_is_counted_per_token(client, issue, robert):
    first, second = issue(per_minute=1), issue(per_minute=1)
    with clock.frozen_at(clock.now().replace(second=0)):
        assert calls(client, first.secret).status_code == 200
        assert calls(client, second.secret).status_code == 200
        assert calls(client, first.secret).status_code == 429


def test_a_token_needs_at_least_one_operation(scheduler, administrator):
    with pytest.raises(ValidationError) as refused:
        client_token_issue(
            scheduler, operations=[], fields=["level"], valid_days=30, by=administrator
        )
    assert refused.value.message_dict == {
        "operations": ["Choose at least one thing the token may do"]
    }


def test_a_token_lives_at_most_a_year_and_a_day(scheduler, administrator):
    with pytest.raises(ValidationError) as refused:
        client_token_issue(
            scheduler, operations=["alert"], fields=[], valid_days=400, by=administrator
        )
    assert list(refused.value.message_dict) == ["valid_days"]


def test_registering_issuing_rotating_and_revoking_are_audited(issue, administrator):
    issued = issue()
    rotated = client_token_rotate(issued.token, overlap_hours=24, by=administrator)
    client_token_revoke(rotated.token, by=administrator)
    summaries = list(
        AuditEvent.objects.filter(actor=administrator)
        .order_by("at")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Registered the client system Repairs scheduler",
        f"Issued token {issued.token.prefix} to the client system Repairs scheduler",
        f"Rotated token {issued.token.prefix} of the client system Repairs scheduler: "
        f"{rotated.token.prefix} replaces it",
        f"Revoked token {rotated.token.prefix} of the client system Repairs scheduler",
    ]
