"""The committee report page, its CSV tables and its PDF, for those who may read it."""

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.policy.roles import Role
from caution.reporting.figures import HIDDEN, quarter_of
from tests.factories import make_caution, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_quarter():
    return quarter_of(quarter_of(clock.today()).start - dt.timedelta(days=1))


@pytest.fixture
def manager():
    return make_user(Role.MANAGER, first_name="Mina")


def cautions_added(n: int, on: dt.date, **fields) -> None:
    for i in range(n):
        make_caution(make_person("Alex", f"Example{i}{on:%m%d}"), date_added=on, **fields)


def test_a_manager_sees_the_last_complete_quarter_with_small_numbers_hidden(
    client, manager, last_quarter
):
    cautions_added(6, last_quarter.start, level="1")
    cautions_added(2, last_quarter.start, level="3")
    client.force_login(manager)

    page = client.get("/reports/committee/").content.decode()

    assert f"{last_quarter.start:%-d %B %Y} to {last_quarter.end:%-d %B %Y}" in page
    assert "For the Corporate Management Team" in page
    assert HIDDEN in page
    assert "Example" not in page  # no names
    assert page.count("<svg") == 4


def test_the_page_is_audited_as_a_look(client, manager):
    client.force_login(manager)

    client.get("/reports/committee/")

    event = AuditEvent.objects.filter(actor=manager).latest("at")
    assert event.verb == AuditEvent.Verb.VIEW
    assert event.summary.startswith("Viewed the committee report")


def test_a_quarter_is_chosen_from_those_offered(client, manager):
    client.force_login(manager)
    this_quarter = quarter_of(clock.today())

    page = client.get(f"/reports/committee/?quarter={this_quarter.key}").content.decode()

    assert f"Committee report: {this_quarter.start:%-d %B %Y} to" in page


def test_a_quarter_not_offered_shows_the_last_complete_one(client, manager, last_quarter):
    client.force_login(manager)

    page = client.get("/reports/committee/?quarter=1999-q1").content.decode()

    assert f"{last_quarter.start:%-d %B %Y} to {last_quarter.end:%-d %B %Y}" in page


def test_a_reporter_may_not_see_the_committee_report(client, reporter):
    client.force_login(reporter)

    assert client.get("/reports/committee/").status_code == 403


def test_a_table_downloads_as_csv_as_the_page_shows_it(client, manager, last_quarter):
    cautions_added(3, last_quarter.start, level="2")
    cautions_added(7, last_quarter.start, level="1")
    client.force_login(manager)

    response = client.get(f"/reports/committee/by_level.csv?quarter={last_quarter.key}")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_level = {row[0]: row[1:] for row in rows}
    assert rows[0][0] == "Level"
    assert by_level["Violent"][1] == HIDDEN  # a hidden 2 gives it away from the total
    assert by_level["Potentially violent or threatening aggression"][1] == HIDDEN
    assert by_level["All"][1] == "10"
    event = AuditEvent.objects.filter(actor=manager).latest("at")
    assert event.verb == AuditEvent.Verb.EXPORT


def test_an_unknown_table_is_not_found(client, manager):
    client.force_login(manager)

    assert client.get("/reports/committee/nothing.csv").status_code == 404


def test_004_7_the_summary_for_the_finance_and_general_purposes_committee(
    client, settings, last_quarter
):
    settings.CAUTION_PROFILE = "workington"
    client.force_login(make_user(Role.MANAGER))

    response = client.get(f"/reports/committee/report.pdf?quarter={last_quarter.key}")

    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Report to the Finance and General Purposes Committee" in text
    assert "Workington Town Council" in text


def test_002_3_4_the_customer_relations_officer_reports_to_the_governance_group(
    client, settings, last_quarter
):
    settings.CAUTION_PROFILE = "cheltenham"
    client.force_login(make_user(Role.MANAGER))

    response = client.get(f"/reports/committee/report.pdf?quarter={last_quarter.key}")

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Report to the Governance Group" in text
    assert "prepared by the Customer Relations Officer" in text
