"""The policy conformance table (src/caution/policy/profiles/conformance/*.toml, rendered
as docs/policy-conformance.md) holds every seed obligation to a test that exists, and every
`test_00N_` test to an obligation, so that a row cannot silently name a deleted test and a
new seed rule cannot go untracked."""

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_TEST = re.compile(r"test_(\d{3})_")


def _generator():
    spec = importlib.util.spec_from_file_location(
        "policy_conformance", ROOT / "scripts" / "policy_conformance.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conformance = _generator()


@cache
def _test_ids() -> frozenset[str]:
    """`path::name` of every test function in the suites, read with ast (no collection)."""
    found = set()
    for folder in ("tests", "e2e"):
        for path in (ROOT / folder).rglob("test_*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    node.name.startswith("test_")
                ):
                    found.add(f"{path.relative_to(ROOT).as_posix()}::{node.name}")
    return frozenset(found)


def _obligations():
    return [row for policy in conformance.policies() for row in policy.obligations]


def test_every_seed_has_its_table():
    assert [(policy.seed, policy.profile) for policy in conformance.policies()] == [
        ("000", "harborough"),
        ("001", "determination-team"),
        ("002", "cheltenham"),
        ("003", "dover"),
        ("004", "workington"),
    ]


def test_each_obligation_has_its_own_id():
    ids = [row.id for row in _obligations()]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_test_a_row_names_exists():
    missing = [(row.id, test) for row in _obligations() for test in row.tests]
    assert [(id_, test) for id_, test in missing if test not in _test_ids()] == []


def test_every_met_row_names_a_test():
    assert [row.id for row in _obligations() if row.status == "met" and not row.tests] == []


def test_every_row_that_is_not_met_says_why():
    assert [row.id for row in _obligations() if row.status != "met" and not row.reason] == []


def test_a_row_names_only_tests_of_its_own_seed_or_none_of_any():
    wrong = [
        (row.id, test)
        for row in _obligations()
        for test in row.tests
        if (match := SEED_TEST.search(test.split("::")[-1])) and match.group(1) != row.seed
    ]
    assert wrong == []


def test_every_seed_test_in_the_suite_is_named_by_an_obligation():
    named = {test for row in _obligations() for test in row.tests}
    seed_tests = {test for test in _test_ids() if SEED_TEST.match(test.split("::")[-1])}
    assert sorted(seed_tests - named) == []


def test_the_markdown_is_generated_from_the_rows(capsys):
    rendered = conformance.render(conformance.policies())
    tally = conformance.counts(_obligations())
    with capsys.disabled():
        print("\npolicy conformance:", ", ".join(f"{s} {n}" for s, n in tally.items()))
    assert conformance.MARKDOWN.read_text(encoding="utf-8") == rendered, (
        "docs/policy-conformance.md is out of date: run scripts/policy_conformance.py"
    )
