"""The accessibility statement's content, read from two files kept beside this module: the
browser tests' own axe results (axe-results.json, written by e2e/axe_record.py) and the
known issues (known-issues.toml), with the council's names from the policy profile."""

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from caution.policy.profiles import current

HERE = Path(__file__).parent
AXE_RESULTS = HERE / "axe-results.json"
KNOWN_ISSUES = HERE / "known-issues.toml"


@dataclass(frozen=True)
class KnownIssue:
    summary: str
    criterion: str  # the WCAG 2.2 success criterion it fails, "1.3.1 Info and Relationships"
    plan: str
    by: dt.date


@dataclass(frozen=True)
class TestedPage:
    title: str
    path: str


@dataclass(frozen=True)
class AxeResults:
    checked_on: dt.date
    axe_version: str
    browser: str
    viewport: str  # width by height, in CSS pixels
    rule_count: int
    check_count: int
    violations: dict[str, int]  # by impact: critical, serious, moderate, minor
    pages: tuple[TestedPage, ...]  # each page (title and path) once, in the order checked

    @property
    def violation_count(self) -> int:
        return sum(self.violations.values())


@dataclass(frozen=True)
class Statement:
    council: str
    register_name: str
    contact_post: str  # who hears feedback: the council's register officer
    compliance: str  # "fully compliant" or "partially compliant"
    issues: tuple[KnownIssue, ...]
    tested: AxeResults
    prepared: dt.date
    reviewed: dt.date


def statement_get() -> Statement:
    """The statement for the council whose profile the service runs."""
    issues, prepared, reviewed = _known_issues()
    profile = current()
    return Statement(
        council=profile.council,
        register_name=profile.register_name,
        contact_post=dict(profile.role_names)["register_officer"],
        compliance="partially compliant" if issues else "fully compliant",
        issues=issues,
        tested=_axe_results(),
        prepared=prepared,
        reviewed=reviewed,
    )


@cache
def _known_issues() -> tuple[tuple[KnownIssue, ...], dt.date, dt.date]:
    data = tomllib.loads(KNOWN_ISSUES.read_text())
    issues = tuple(KnownIssue(**issue) for issue in data.get("issues", ()))
    return issues, data["statement"]["prepared"], data["statement"]["reviewed"]


@cache
def _axe_results() -> AxeResults:
    data = json.loads(AXE_RESULTS.read_text())
    pages = dict.fromkeys(TestedPage(one["title"], one["path"]) for one in data["checks"])
    viewport = data["viewport"]
    return AxeResults(
        checked_on=dt.date.fromisoformat(data["checked_on"]),
        axe_version=data["axe_version"],
        browser=data["browser"],
        viewport=f"{viewport['width']} × {viewport['height']}",
        rule_count=len(data["rules"]),
        check_count=len(data["checks"]),
        violations=data["violations"],
        pages=tuple(pages),
    )
