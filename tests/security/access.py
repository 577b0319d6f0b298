"""The battery's requests: every page route from Django's URL resolver and every API
operation from the OpenAPI schema, each made as a principal inside a savepoint rolled
back after it (so that what one allowed request changes, the next does not see), with
what it changed counted; and the expected-access table (docs/user/access.toml)."""

import dataclasses
import datetime as dt
import json
import tomllib
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from caution.api import api
from caution.policy.roles import Role
from tests.security.world import ANONYMOUS, World

TABLE = Path(settings.BASE_DIR).parent.parent / "docs" / "user" / "access.toml"
SIGNED_IN = [role.value for role in Role]
# Another system calling with a client token (`Authorization: Bearer crt_…`), never signed
# in: tried on the API only (a page takes no token; it would be anonymous there).
CLIENT = "client-token"
PRINCIPALS = [ANONYMOUS, *SIGNED_IN]
API_PRINCIPALS = [*PRINCIPALS, CLIENT]
PAGE_METHODS = ("GET", "POST")
# Where a refusal sends someone not signed in (signing out lands on the bare page).
SIGN_IN = "/sign-in/?next="

# Routes that act on another record than the one named by their parameter by default:
# a draft's own pages (only its reporter may open them), a rectification request.
DRAFT_ROUTES = {
    "incidents:details", "incidents:person", "incidents:witness_add", "incidents:staff_add",
    "incidents:contact_add", "incidents:evidence_add", "incidents:submit",
    "caution_incidents_api_report_details", "caution_incidents_api_report_person",
    "caution_incidents_api_witness_add", "caution_incidents_api_staff_add",
    "caution_incidents_api_contact_add", "caution_incidents_api_evidence_add",
    "caution_incidents_api_report_submit",
}  # fmt: skip
RECTIFICATION_ROUTES = {"privacy:rectification", "caution_privacy_api_rectification_decide"}
REVIEW_MEETING_ROUTES = {
    "register:review_meeting", "caution_register_reviews_api_review_meeting",
    "caution_register_reviews_api_review_meeting_attendance",
}  # fmt: skip
# Bodies the schema alone cannot give: the check needs something to search for.
BODIES = {
    "caution_register_check_api_check": {"name": "Gary Pratt"},
    "caution_register_alerts_api_alert": {"purpose": "Repairs visit", "name": "Gary Pratt"},
    "caution_register_alerts_api_visit_list": {
        "purpose": "Repairs visit",
        "visits": [{"job_reference": "J-1", "name": "Gary Pratt"}],
    },
}


@dataclasses.dataclass(frozen=True)
class Route:
    name: str  # a page's "namespace:name", or an API operation's id
    path: str
    method: str
    body: dict | None = None  # an API operation's minimal valid JSON body
    upload: bool = False  # a multipart form with a file


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: int
    location: str
    changed: bool
    error: str = ""

    @property
    def refused(self) -> bool:
        """403, 404, 405, 401 or a redirect to sign in."""
        if self.status in (401, 403, 404, 405):
            return True
        return self.status in (301, 302, 303) and self.location.startswith(SIGN_IN)

    def __str__(self) -> str:
        where = f" to {self.location}" if self.location else ""
        return f"{self.status}{where}{' (changed rows)' if self.changed else ''}{self.error}"


def ids_for(route_name: str, world: World) -> dict[str, str]:
    ids = dict(world.ids)
    if route_name in DRAFT_ROUTES:
        ids["incident_id"] = str(world.draft.id)
    if route_name in RECTIFICATION_ROUTES:
        ids["request_id"] = str(world.rectification.id)
    if route_name in REVIEW_MEETING_ROUTES:
        ids["meeting_id"] = str(world.review_meeting.id)
    return ids


def page_routes(world: World) -> list[Route]:
    """Every named page route (the API's operations are read from its schema), made with
    the world's ids, for GET and POST (the methods a browser uses)."""
    routes = []
    for name, parameters in _named_patterns(get_resolver().url_patterns, ""):
        if name.startswith("api:") and not name.startswith("api:openapi"):
            continue
        ids = ids_for(name, world)
        path = reverse(name, kwargs={key: ids[key] for key in parameters})
        routes += [Route(name, path, method) for method in PAGE_METHODS]
    return routes


def _named_patterns(patterns, namespace: str) -> Iterator[tuple[str, list[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"{pattern.pattern} has no name: the table names routes"
            yield f"{namespace}{pattern.name}", list(pattern.pattern.converters)


def api_routes(world: World) -> list[Route]:
    """Every operation in the API's OpenAPI schema, with a minimal body its schema takes."""
    schema = api.get_openapi_schema()
    routes = []
    for template, operations in schema["paths"].items():
        for method, operation in operations.items():
            name = operation["operationId"]
            ids = ids_for(name, world)
            path = template.format(**ids)
            content = operation.get("requestBody", {}).get("content", {})
            if "multipart/form-data" in content:
                routes.append(Route(name, path, method.upper(), upload=True))
                continue
            body = None
            if name in BODIES:
                body = BODIES[name]
            elif "application/json" in content:
                body = example(content["application/json"]["schema"], schema, ids)
            routes.append(Route(name, path, method.upper(), body))
    return routes


def example(spec: dict, schema: dict, ids: dict[str, str], name: str = "") -> object:
    """The smallest value the schema accepts: required properties only, the first of an
    enumeration, today's date, the world's record for an id."""
    if "$ref" in spec:
        spec = schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in spec:
        choices = [choice for choice in spec["anyOf"] if choice.get("type") != "null"]
        return example(choices[0], schema, ids, name)
    if "allOf" in spec:
        return example(spec["allOf"][0], schema, ids, name)
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "object":
        required = spec.get("required", [])
        properties = spec.get("properties", {})
        return {key: example(properties[key], schema, ids, key) for key in required}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    return _string(spec.get("format", ""), name, ids)


def _string(form: str, name: str, ids: dict[str, str]) -> str:
    if form == "date":
        return dt.date(2026, 3, 2).isoformat()
    if form == "date-time":
        return "2026-03-02T09:00:00+00:00"
    if form == "uuid" or name.endswith("_id"):
        return ids.get(name, ids["person_id"])
    return "Minimal text"


def expected_table() -> dict:
    return tomllib.loads(TABLE.read_text())


def allowed_by_table(table: dict, route: Route, kind: str) -> set[str] | None:
    """The principals the table allows; None when the table has no entry for the route."""
    entry = table.get(kind, {}).get(route.name)
    if entry is None:
        return None
    allowed = set()
    for token in entry.get(route.method, []):
        if token == "signed-in":
            allowed |= set(SIGNED_IN)
        else:
            assert token in API_PRINCIPALS, (
                f"{route.name}: unknown principal {token!r} in the table"
            )
            allowed.add(token)
    return allowed


def request(client, route: Route) -> Outcome:
    """The request, in a savepoint rolled back after it; the client's cookies as before
    (signing out, for one, forgets them)."""
    cookies = SimpleCookie()
    cookies.load({key: morsel.value for key, morsel in client.cookies.items()})
    with transaction.atomic():
        before = row_counts()
        try:
            response = _send(client, route)
        except Exception as error:
            return Outcome(500, "", False, f" {type(error).__name__}: {error}")
        finally:
            client.cookies = cookies
        changed = row_counts() != before
        transaction.set_rollback(True)
    return Outcome(response.status_code, response.get("Location", ""), changed)


def _send(client, route: Route):
    if route.upload:
        upload = _upload()
        return client.post(route.path, {"kind": "correspondence", "version": 1, "file": upload})
    if route.body is not None:
        return client.generic(
            route.method, route.path, data=_json(route.body), content_type="application/json"
        )
    if route.method == "GET":
        return client.get(route.path)
    return client.post(route.path, {})


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("note.txt", b"A note left at reception.\n", "text/plain")


def _json(body) -> str:
    return json.dumps(body)


def row_counts() -> tuple[int, ...]:
    """How many rows each of the product's tables holds, the audit's included, in one
    query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("caution.") or model._meta.app_label in ("auth", "sessions")
    )
    # The names are the models' own tables, quoted, never input.
    quoted = [connection.ops.quote_name(table) for table in tables]
    counts = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in quoted)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def read(client, route: Route, form: dict | None = None) -> tuple[int, str]:
    """The request's status and text (a download's too), in a savepoint rolled back after
    it; the client's cookies as before. A page's POST sends `form`, if given."""
    cookies = SimpleCookie()
    cookies.load({key: morsel.value for key, morsel in client.cookies.items()})
    with transaction.atomic():
        try:
            response = _send(client, route) if form is None else client.post(route.path, form)
        finally:
            client.cookies = cookies
        transaction.set_rollback(True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode("utf-8", errors="replace")
