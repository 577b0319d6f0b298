"""The OpenAPI document offers each field the values it takes. Django ninja gathers every
schema and enumeration under its class's own name, so that `Incident.Kind` and
`Letter.Kind` (and the `Outcome`s, the `Channel`s), and the two `ReviewIn`s of a caution's
review and a subject access review, overwrote one another: the document offered a letter's
kinds to start a report, a review's outcomes for a decision and a subject access review's
fields for a caution's review, which the API then refused with 422 (found by the battery's
access matrix, issue 11)."""

import importlib

import pytest
from django.apps import apps
from django.db import models
from ninja import Schema

from caution.api import api
from caution.incidents.models import Incident
from caution.letters.models import Letter
from caution.people.models import ContactPoint
from caution.privacy.models import SubjectAccessRequest
from caution.register.models import Appeal, Decision, Review

API_MODULES = [
    "caution.incidents.api",
    "caution.letters.api",
    "caution.notifications.api",
    "caution.outbox.api",
    "caution.people.api",
    "caution.privacy.api",
    "caution.register.alerts_api",
    "caution.register.appeals_api",
    "caution.register.cautions_api",
    "caution.register.check_api",
    "caution.register.deciding_api",
    "caution.register.reviews_api",
]


def request_schema(path: str, method: str = "post") -> dict:
    schema = api.get_openapi_schema()
    body = schema["paths"][path][method]["requestBody"]["content"]["application/json"]
    reference = body["schema"]["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][reference]


@pytest.mark.parametrize(
    ("path", "field", "choices"),
    [
        ("/api/reports", "kind", Incident.Kind),
        ("/api/reports/{incident_id}/decision", "outcome", Decision.Outcome),
        ("/api/cautions/{caution_id}/reviews", "outcome", Review.Outcome),
        ("/api/appeals/{appeal_id}/decision", "outcome", Appeal.Outcome),
        ("/api/cautions/{caution_id}/appeals", "channel", Appeal.Channel),
        (
            "/api/people/{person_id}/subject-access-requests",
            "channel",
            SubjectAccessRequest.Channel,
        ),
        ("/api/letters", "kind", Letter.Kind),
    ],
)
def test_the_schema_offers_the_values_the_field_takes(path, field, choices):
    offered = request_schema(path)["properties"][field]

    assert offered["enum"] == list(choices.values)


def test_a_correction_offers_a_contact_its_own_kinds_not_a_names():
    components = api.get_openapi_schema()["components"]["schemas"]
    contact = request_schema("/api/people/{person_id}/corrections")["properties"]["contacts"]
    reference = contact["anyOf"][0]["items"]["$ref"].rsplit("/", 1)[1]

    assert components[reference]["properties"]["kind"]["enum"] == list(ContactPoint.Kind.values)


def test_the_check_documents_its_own_person_matches_not_an_alerts():
    """The alerts' person match (name, band, reasons) had taken the check's name, so the
    document left out the check's person, date of birth, score and cautions."""
    components = api.get_openapi_schema()["components"]["schemas"]

    assert {"person", "date_of_birth", "score", "cautions"} <= set(
        components["PersonMatchOut"]["properties"]
    )


def test_no_two_schemas_of_the_api_share_a_name():
    names = {}
    for module in API_MODULES:
        for value in vars(importlib.import_module(module)).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module:
                names.setdefault(value.__name__, []).append(module)

    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_no_enumeration_in_the_schema_is_named_for_two_models_choices():
    named = {}
    for model in apps.get_models():
        for value in vars(model).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                named.setdefault(value.__name__, set()).add(tuple(value.values))
    components = api.get_openapi_schema()["components"]["schemas"]

    shared = [
        name for name, c in components.items() if "enum" in c and len(named.get(name, ())) > 1
    ]

    assert shared == []
