"""Restrictions are named by UUIDs, and the breach endpoint does not tell whether a
restriction exists: issue 11 found integer ids, and a different answer for an id that
names no restriction ("There is no restriction with this id") and one that names another
caution's, perhaps one the user may not see ("That restriction belongs to another
caution")."""

import json
import uuid

import pytest

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register.models import Breach
from tests.factories import cautioned, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def caution(db):
    return cautioned("Robert", "Smith").cautions.get()


@pytest.fixture
def hidden_restriction(db):
    """Another caution's restriction: one that a partner, say, may not see."""
    return cautioned("Mary", "Jones").cautions.get().restriction_set.get()


def breach_of(client, caution, restriction_id) -> tuple[int, dict]:
    response = client.post(
        f"/api/cautions/{caution.id}/breaches",
        json.dumps(
            {
                "restriction": str(restriction_id),
                "occurred_at": clock.now().isoformat(),
                "description": "Phoned the office",
            }
        ),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_a_restriction_is_named_by_a_uuid(client, caution, register_officer):
    client.force_login(register_officer)

    [restriction] = client.get(f"/api/cautions/{caution.id}").json()["restrictions"]

    assert uuid.UUID(restriction["id"]) == caution.restriction_set.get().uuid


def test_a_breach_names_its_restriction_by_its_uuid(client, caution, reporter):
    restriction = caution.restriction_set.get()
    client.force_login(reporter)

    status, body = breach_of(client, caution, restriction.uuid)

    assert status == 201
    assert body["restriction_id"] == str(restriction.uuid)


def test_the_breach_endpoint_answers_alike_for_a_missing_and_an_unseen_restriction(
    client, caution, hidden_restriction
):
    client.force_login(make_user(Role.REPORTER))

    missing = breach_of(client, caution, uuid.uuid4())
    unseen = breach_of(client, caution, hidden_restriction.uuid)

    assert missing == unseen
    assert missing[0] == 422
    assert not Breach.objects.exists()
