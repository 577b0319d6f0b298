"""Field-level reads per role (issue 11's battery): no health, vulnerability or offence
details for roles that need only the check, nor for partners or a client system.

The world (tests/security/world.py) plants a canary word in every sensitive field, each of
a kind (`KINDS`: what the check shows, the register's record beyond it, allegations of
offending, health and vulnerability, staff health, data protection casework). As
anonymous, each role and a client system with its token, every page and API operation the
expected-access table (docs/user/access.toml) lets the principal read is requested: every
GET, and the reads made by POST (the check page and API, the alerts). Every canary in each
answer is checked against `[fields]` in the same table, which lists who may read each kind:
deny by default. A kind the table gives a principal must also be seen by them somewhere, so
that the table says exactly what each role reads.

Not searched: compressed content (a letter's PDF, a subject access export's ZIP); the
tests of those documents check what they hold."""

import dataclasses
from collections import defaultdict

from caution.accounts.roles import Role
from tests.security.access import (
    API_PRINCIPALS,
    CLIENT,
    Route,
    allowed_by_table,
    api_routes,
    expected_table,
    page_routes,
    read,
)
from tests.security.world import ANONYMOUS, CANARIES, KINDS, SHOWN_BY_THE_CHECK
from tests.signing_in import SignedInClient

# Reads made by POST: the check, as its page posts it and as the API takes it (the API's
# bodies are the battery's own: tests/security/access.py BODIES), and the alerts.
READING_POSTS = {
    "register:check",
    "caution_register_check_api_check",
    "caution_register_alerts_api_alert",
    "caution_register_alerts_api_visit_list",
}
CHECKED = {"name": "Gary Pratt"}
# A reporter follows their own reports: the report's page and the API's, for the report the
# world's reporter made (assessed and decided by others), read besides the table's routes.
OWN_REPORT_ROUTES = {"incidents:detail", "caution_incidents_api_report"}
PLANTED = {**SHOWN_BY_THE_CHECK, **CANARIES}


def client_for(world, name: str) -> SignedInClient:
    if name == CLIENT:
        return SignedInClient(headers={"Authorization": f"Bearer {world.token.secret}"})
    client = SignedInClient()
    if name != ANONYMOUS:
        client.force_login(world.principals[name])
    return client


def reads(world) -> list[tuple[Route, str]]:
    """Every read route, with the table's kind ("pages" or "api")."""
    pages = [(route, "pages") for route in page_routes(world)]
    api = [(route, "api") for route in api_routes(world)]
    return [
        (route, kind)
        for route, kind in pages + api
        if route.method == "GET" or route.name in READING_POSTS
    ]


def own_report_reads(world) -> list[Route]:
    theirs, other = str(world.own_report.id), str(world.submitted.id)
    return [
        dataclasses.replace(route, path=route.path.replace(other, theirs))
        for route in [*page_routes(world), *api_routes(world)]
        if route.name in OWN_REPORT_ROUTES and route.method == "GET"
    ]


def fields_table() -> dict[str, set[str]]:
    """Who may read each kind of field."""
    return {kind: set(principals) for kind, principals in expected_table()["fields"].items()}


def canaries_in(text: str) -> set[str]:
    return {name for name, word in PLANTED.items() if word in text}


def test_each_role_reads_only_the_kinds_of_field_the_table_gives_it(in_the_world):
    table, may_read = expected_table(), fields_table()
    responses, where = 0, defaultdict(list)
    for name in API_PRINCIPALS:
        client = client_for(in_the_world, name)
        for route, kind in reads(in_the_world):
            if name not in (allowed_by_table(table, route, kind) or set()):
                continue
            form = CHECKED if route.name == "register:check" and route.method == "POST" else None
            status, text = read(client, route, form)
            responses += 1
            assert status < 500, f"{route.method} {route.name} as {name}: {status}"
            for canary in canaries_in(text):
                where[name, KINDS[canary]].append(f"{canary} in {route.name}")
    reporter = client_for(in_the_world, Role.REPORTER.value)
    for route in own_report_reads(in_the_world):
        status, text = read(reporter, route)
        responses += 1
        assert status == 200, f"{route.name} of their own report: {status}"
        for canary in canaries_in(text):
            where[Role.REPORTER.value, KINDS[canary]].append(f"{canary} in their {route.name}")
    unexpected = [
        f"{name} read {kind}: {', '.join(found[:3])}{' …' if len(found) > 3 else ''}"
        for (name, kind), found in sorted(where.items())
        if name not in may_read.get(kind, set())
    ]
    unseen = [
        f"{name} may read {kind}, but no answer showed it"
        for kind, principals in may_read.items()
        for name in sorted(principals)
        if (name, kind) not in where
    ]

    print(
        f"\nfield-level reads: {responses} responses read as {len(API_PRINCIPALS)} principals; "
        f"{len(where) - len(unexpected)} (principal, kind of field) pairs seen where allowed, "
        f"{len(unexpected)} unexpected"
    )
    print(*unexpected, *unseen, sep="\n")
    assert "\n".join(unexpected) == ""
    assert "\n".join(unseen) == ""
