"""schemathesis over the API's OpenAPI schema, as every role and signed out, against a
world of real records (the demo's, made through the product's actions): no server error,
and every answer's status code, content type and body as the schema documents them."""

import collections
import dataclasses
from pathlib import Path

import pytest
import requests
import schemathesis
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from caution.accounts.roles import Role
from caution.api import api
from caution.demo import demo_staff, seed_demo
from caution.incidents.models import Incident
from caution.letters.models import Letter
from caution.lib import clock
from caution.notifications.models import Notification
from caution.people.models import Person
from caution.privacy.models import LegalHold, RectificationRequest, SubjectAccessRequest
from caution.privacy.rectification import rectification_record
from caution.privacy.retention import legal_hold_place
from caution.privacy.subject_access import access_request_record
from caution.register.identity import identity_dispute_raise
from caution.register.models import (
    Appeal,
    Caution,
    CautionChange,
    Decision,
    IdentityDispute,
    Meeting,
    ReviewMeeting,
)
from tests.factories import COUNCIL_ADDRESS, change_made, make_user
from tests.signing_in import SignedInClient

EXAMPLES = 2  # per operation, principal and mode: 3,036 requests in all (69 operations)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _world() -> dict[str, list[str]]:
    """Real ids for each path parameter: the demo's records, and the few kinds the demo
    does not make (a legal hold, requests from the person, a change to a caution, a
    dispute about who the person is)."""
    seed_demo(people=10)
    dpo = demo_staff()[Role.DATA_PROTECTION_OFFICER]
    person = Caution.objects.filter(person__isnull=False).first().person
    legal_hold_place(person, reason="A claim against the council", by=dpo)
    access_request_record(person, channel="letter", received_on=clock.today(), by=dpo)
    rectification_record(
        person, received_on=clock.today(), request="My date of birth is wrong", by=dpo
    )
    identity_dispute_raise(person, account="Says this is his brother", by=dpo)
    change_made(
        Caution.objects.filter(status="active", person__isnull=False).last(),
        precautions="Visit in pairs, with a manager",
    )
    ids = {
        "incident_id": Incident,
        "decision_id": Decision,
        "meeting_id": Meeting,
        "caution_id": Caution,
        "change_id": CautionChange,
        "appeal_id": Appeal,
        "letter_id": Letter,
        "notification_id": Notification,
        "hold_id": LegalHold,
        "dispute_id": IdentityDispute,
    }
    world = {
        name: [str(pk) for pk in model.objects.values_list("pk", flat=True)[:8]]
        for name, model in ids.items()
    }
    # A meeting's id names a panel meeting or a review meeting, by its path.
    world["meeting_id"] += [
        str(pk) for pk in ReviewMeeting.objects.values_list("pk", flat=True)[:8]
    ]
    # The dashboard's queues by key: some every reader of reports works on, some not.
    world["key"] = ["assess", "schedule", "decide", "reviews", "letters"]
    cautioned = Person.objects.filter(cautions__isnull=False).distinct()
    world["person_id"] = [str(pk) for pk in cautioned.values_list("pk", flat=True)[:8]]
    world["request_id"] = [
        str(request.pk)
        for model in (SubjectAccessRequest, RectificationRequest)
        for request in model.objects.all()
    ]
    # The dashboard's queues by their keys, and one that is no queue.
    world["key"] = ["assess", "decide", "reviews", "letters", "appeals", "no-such-queue"]
    return world


def _client(principal: str) -> Client:
    if principal == "signed out":
        return Client()
    client = SignedInClient()
    client.force_login(demo_staff()[Role(principal)])
    return client


def _send(client: Client, case) -> Response:
    """The case's request through Django's test client (in the test's transaction), and the
    answer as schemathesis reads it."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    prepared = requests.Request(
        **{
            k: v
            for k, v in kwargs.items()
            if k in ("method", "url", "headers", "params", "json", "data", "files", "cookies")
        }
    ).prepare()
    body = prepared.body or b""
    answer = client.generic(
        prepared.method,
        prepared.path_url,
        data=body,
        content_type=prepared.headers.get("Content-Type", "application/octet-stream"),
    )
    headers = collections.defaultdict(list)
    for name, value in answer.items():
        headers[name.lower()].append(value)
    return Response(
        status_code=answer.status_code,
        headers=dict(headers),
        content=answer.content,
        request=prepared,
        elapsed=0.0,
        verify=True,
    )


def _fuzz(operation, principal: str, client: Client, world: dict, mode, tally, found) -> None:
    """Up to EXAMPLES cases of one operation as one principal, path parameters drawn from
    the world's real ids; counted in `tally`, each failure described in `found`."""
    names = [p["name"] for p in operation.definition.raw.get("parameters", []) if p["in"] == "path"]

    def cases():
        if not names:
            return operation.as_strategy(generation_mode=mode)
        picks = st.fixed_dictionaries({name: st.sampled_from(world[name]) for name in names})
        return picks.flatmap(
            lambda ids: operation.as_strategy(generation_mode=mode, path_parameters=ids)
        )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases())
    def run(case):
        tally["cases"] += 1
        response = _send(client, case)
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as failures:
            kind = "server errors" if response.status_code >= 500 else "schema violations"
            tally[kind] += 1
            found.append(
                f"{principal}: {case.method} {case.formatted_path} -> {response.status_code}: "
                + "; ".join(f.title for f in failures.exceptions)
                + f" [{response.content[:150]!r} for {response.request.body!r:.150}]"
            )

    run()


PRINCIPALS = ["signed out", *(role.value for role in Role)]


@dataclasses.dataclass(frozen=True)
class DemoWorld:
    ids: dict[str, list[str]]
    folder: Path


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoWorld:
    """The demo's world, made once for the module (for each worker that runs its cases) in a
    transaction rolled back after its last case: each case's own transaction nests inside
    it, so that every principal is fuzzed on the same records."""
    folder = tmp_path_factory.mktemp("demo-world")
    with (
        django_db_blocker.unblock(),
        override_settings(
            DATA_DIR=folder,
            CAUTION_PROFILE="harborough",
            STORAGES=_stored_in(folder),
            # The demo's letters ask for replies: they go out only with the council's address.
            CAUTION_COUNCIL_ADDRESS=COUNCIL_ADDRESS,
        ),
        transaction.atomic(),
    ):
        yield DemoWorld(_world(), folder)
        transaction.set_rollback(True)


def _stored_in(folder: Path) -> dict:
    stored = django_settings.STORAGES
    return {**stored, "default": {**stored["default"], "OPTIONS": {"location": folder / "private"}}}


@pytest.fixture(scope="module")
def operations() -> list:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
    return [result.ok() for result in schema.get_all_operations()]


# One case per principal, so that parallel workers share them out; together they make the
# requests of docs/security.md (every operation x 11 principals x 2 modes x EXAMPLES).
@pytest.mark.django_db
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_the_api_answers_every_role_without_server_errors_and_as_its_schema_says(
    principal, demo_world, operations, settings
):
    settings.DATA_DIR = demo_world.folder
    settings.CAUTION_PROFILE = "harborough"
    settings.STORAGES = _stored_in(demo_world.folder)
    client = _client(principal)
    tally, found = collections.Counter(), []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, principal, client, demo_world.ids, mode, tally, found)
    print(
        f"\nschemathesis as {principal}: {len(operations)} operations, "
        f"{tally['cases']} cases, {tally['server errors']} server errors, "
        f"{tally['schema violations']} schema violations"
    )
    assert found == [], "\n".join(sorted(set(found))[:40])


def _documented(path: str, method: str) -> dict:
    return api.get_openapi_schema(path_prefix="/api/")["paths"][path][method]["responses"]


@pytest.mark.django_db
def test_the_check_signed_out_answers_401_as_its_schema_documents():
    answer = Client().post("/api/check", {"name": "Robert Smith"}, content_type="application/json")
    assert answer.status_code == 401
    assert 401 in _documented("/api/check", "post")


@pytest.mark.django_db
def test_a_body_that_is_not_json_answers_400_as_the_schema_documents():
    client = SignedInClient()
    client.force_login(make_user(Role.REGISTER_OFFICER))
    answer = client.post("/api/meetings", b"\xb8", content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Cannot parse request body"
    assert 400 in _documented("/api/meetings", "post")


def test_only_operations_that_read_a_body_document_the_400():
    assert 400 not in _documented("/api/reports", "get")
