"""Role x route x method, deny by default: every page route from Django's URL resolver
(GET and POST) and every operation in the API's OpenAPI schema, requested as anonymous and
as one user in each role (and, on the API, as a client system with its token), on a world
holding one record of each kind (tests/security/world.py), against the expected-access
table beside the roles (docs/user/access.toml). A route or operation without an entry
fails: a new route is refused until the table says who may use it.

Allowed: a 2xx, a redirect other than to sign in, or the form's own errors (400, 409, 422:
the request reached the action). Refused: 401, 403, 404, 405 or a redirect to sign in, and
no row changed (every table's row count, the audit's included)."""

import pytest

from tests.security.access import (
    API_PRINCIPALS,
    CLIENT,
    PRINCIPALS,
    allowed_by_table,
    api_routes,
    expected_table,
    page_routes,
    request,
)
from tests.security.world import ANONYMOUS
from tests.signing_in import SignedInClient


def clients(world, principals: list[str]) -> dict[str, SignedInClient]:
    signed_in = {}
    for name in principals:
        if name == CLIENT:
            signed_in[name] = SignedInClient(
                headers={"Authorization": f"Bearer {world.token.secret}"}
            )
            continue
        client = SignedInClient()
        if name != ANONYMOUS:
            client.force_login(world.principals[name])
        signed_in[name] = client
    return signed_in


def known(table: dict) -> set[tuple[str, str, str]]:
    """The open findings the table lists: (route, method, principal)."""
    return {
        (entry["route"], method, principal)
        for entry in table.get("known", [])
        for method in entry["methods"]
        for principal in entry["principals"]
    }


def run(
    world, routes, kind: str, principals: list[str]
) -> tuple[int, list[str], list[str], list[str], set]:
    table = expected_table()
    findings, seen = known(table), set()
    grants, refusals, missing = [], [], []
    requests = 0
    by = clients(world, principals)
    for route in routes:
        allowed = allowed_by_table(table, route, kind)
        observed = []
        for name, client in by.items():
            outcome = request(client, route)
            requests += 1
            if outcome.status >= 500:
                refusals.append(f"{route.method} {route.name} as {name}: {outcome}")
                continue
            if not outcome.refused:
                observed.append(name)
            if allowed is None:
                continue
            if name in allowed and outcome.refused:
                refusals.append(f"{route.method} {route.name} as {name}: {outcome}")
            elif (route.name, route.method, name) in findings:
                seen.add((route.name, route.method, name))
                if outcome.refused and not outcome.changed:
                    refusals.append(f"{route.method} {route.name} as {name}: fixed, {outcome}")
            elif name not in allowed and not outcome.refused:
                grants.append(f"{route.method} {route.name} as {name}: {outcome}")
            elif outcome.refused and outcome.changed:
                grants.append(f"{route.method} {route.name} as {name}: refused, but {outcome}")
        if allowed is None:
            missing.append(f"{route.name} {route.method}: no entry (allowed now: {observed})")
    # This run's findings; one naming a principal never requested fails every run.
    names = {route.name for route in routes}
    everyone = API_PRINCIPALS if kind == "api" else PRINCIPALS
    ours = {
        (route, method, name)
        for route, method, name in findings
        if route in names and (name in principals or name not in everyone)
    }
    refusals += [f"{finding}: listed as known, not requested" for finding in ours - seen]
    return requests, grants, refusals, missing, seen


# One case per principal, so that parallel workers share them out (the world is made once
# for the module on each worker that runs its cases, tests/security/conftest.py).
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_page_route_answers_each_role_as_the_table_says(in_the_world, principal):
    requests, grants, refusals, missing, open_ = run(
        in_the_world, page_routes(in_the_world), "pages", [principal]
    )

    print(
        f"\npages as {principal}: {requests} requests, {len(grants)} unexpected grants, "
        f"{len(refusals)} unexpected refusals, {len(missing)} routes without an entry, "
        f"{len(open_)} known open findings"
    )
    print(*missing, *grants, *refusals, sep="\n")
    assert "\n".join(missing) == ""
    assert "\n".join(grants) == ""
    assert "\n".join(refusals) == ""


@pytest.mark.parametrize("principal", API_PRINCIPALS)
def test_every_api_operation_answers_each_role_as_the_table_says(in_the_world, principal):
    requests, grants, refusals, missing, open_ = run(
        in_the_world, api_routes(in_the_world), "api", [principal]
    )

    print(
        f"\nAPI as {principal}: {requests} requests, {len(grants)} unexpected grants, "
        f"{len(refusals)} unexpected refusals, {len(missing)} operations without an entry, "
        f"{len(open_)} known open findings"
    )
    print(*missing, *grants, *refusals, sep="\n")
    assert "\n".join(missing) == ""
    assert "\n".join(grants) == ""
    assert "\n".join(refusals) == ""
