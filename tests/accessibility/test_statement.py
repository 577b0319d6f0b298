"""The accessibility statement (/accessibility/): public, in the GOV.UK model form, written
from the browser tests' own axe results and the known issues kept beside them."""

import html
import json

import pytest

from caution.accessibility import statement as statement_module
from caution.accessibility.statement import statement_get


@pytest.fixture
def statement_page(client, db):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def no_known_issues(tmp_path, monkeypatch):
    """A council that has fixed every known issue: the file lists none."""
    known = tmp_path / "known-issues.toml"
    known.write_text("[statement]\nprepared = 2026-01-05\nreviewed = 2026-02-06\n")
    monkeypatch.setattr(statement_module, "KNOWN_ISSUES", known)
    statement_module._known_issues.cache_clear()
    yield
    statement_module._known_issues.cache_clear()


def test_the_statement_is_reachable_without_signing_in(client, db):
    response = client.get("/accessibility/")

    assert response.status_code == 200
    assert "Accessibility statement for Caution Register" in response.content.decode()


def test_every_page_links_to_the_statement_from_its_footer(client, db):
    page = client.get("/sign-in/").content.decode()

    assert 'href="/accessibility/">Accessibility statement</a>' in page


def test_the_statement_lists_every_page_axe_tested(statement_page):
    recorded = json.loads(statement_module.AXE_RESULTS.read_text())["checks"]

    assert recorded
    for check in recorded:
        assert f'<td class="govuk-table__cell">{check["title"]}</td>' in statement_page
        assert f"<code>{check['path']}</code>" in statement_page


def test_the_statement_lists_every_known_issue_with_its_criterion_and_plan(statement_page):
    issues = statement_get().issues

    assert issues
    for issue in issues:
        assert issue.summary in statement_page
        assert f"WCAG 2.2 success criterion {issue.criterion}" in statement_page
        assert issue.plan in statement_page


def test_the_service_is_partially_compliant_while_known_issues_remain(statement_page):
    assert "This service is partially compliant with the" in statement_page
    assert "Non-accessible content" in statement_page


def test_the_service_is_fully_compliant_once_no_issue_is_known(client, db, no_known_issues):
    page = client.get("/accessibility/").content.decode()

    assert "This service is fully compliant with the" in page
    assert "Non-accessible content" not in page
    assert "prepared on 5 January 2026. It was last reviewed on 6 February 2026" in page


def test_the_statement_says_how_and_when_axe_tested_and_what_it_found(statement_page):
    tested = statement_get().tested

    assert f"last tested on {tested.checked_on:%-d %B %Y}" in statement_page
    assert f"axe-core {tested.axe_version} ran its {tested.rule_count} rules" in statement_page
    assert f"It found {tested.violation_count} problem" in statement_page


def test_the_statement_names_the_council_and_who_hears_feedback(statement_page):
    assert "This service is run by Harborough District Council." in statement_page
    assert "tell the Corporate Health and Safety Officer at Harborough" in statement_page


def test_the_statement_gives_the_enforcement_procedure(statement_page):
    assert "Equality and Human Rights Commission (EHRC)" in statement_page
    assert "Equality Commission for Northern Ireland" in statement_page
