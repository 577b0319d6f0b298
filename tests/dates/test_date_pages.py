"""Dates on the pages: the GOV.UK error summary links to the wrong part, which alone is
highlighted; plausible ranges for incidents and dates of birth."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from caution.incidents import actions
from caution.incidents.models import Incident
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(client, reporter):
    client.force_login(reporter)
    return actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)


def post_date(client, report, day, month, year, **more) -> str:
    return client.post(
        reverse("incidents:details", args=[report.id]),
        {
            "version": report.version,
            "occurred_on_0": day,
            "occurred_on_1": month,
            "occurred_on_2": year,
            **more,
        },
    ).content.decode()


def summary_links(page: str) -> list[tuple[str, str]]:
    summary = page.split('govuk-error-summary__list"')[1].split("</ul>")[0]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def highlighted(page: str) -> list[str]:
    return re.findall(r'<input[^>]*class="[^"]*govuk-input--error[^"]*"[^>]*id="([^"]+)"', page)


def test_a_day_not_in_the_month_is_one_message_linked_to_the_day_alone(client, report):
    page = post_date(client, report, "31", "2", "2026")
    assert summary_links(page) == [("id_occurred_on_0", "The date it happened must be a real date")]
    assert highlighted(page) == ["id_occurred_on_0"]
    assert "out of range" not in page


def test_a_missing_year_is_linked_to_the_year_alone(client, report):
    page = post_date(client, report, "3", "11", "")
    assert summary_links(page) == [("id_occurred_on_2", "The date it happened must include a year")]
    assert highlighted(page) == ["id_occurred_on_2"]


def test_an_incident_decades_ago_asks_the_reporter_to_confirm_the_date(client, report):
    page = post_date(client, report, "3", "11", "1990")
    assert summary_links(page) == [
        (
            "id_occurred_on_0",
            "The date it happened is more than 10 years ago: check the year, or confirm the "
            "date is right",
        )
    ]
    assert highlighted(page) == ["id_occurred_on_0", "id_occurred_on_1", "id_occurred_on_2"]
    assert "Yes, the date is right" in page


def test_a_confirmed_date_decades_ago_is_saved(client, report):
    post_date(client, report, "3", "11", "1990", long_ago_confirmed="on")
    report.refresh_from_db()
    assert report.occurred_at.year == 1990


def test_an_incident_before_the_persons_birth_is_refused(client, report, reporter):
    person = make_person("Robert", "Smith", born=dt.date(2001, 5, 4))
    actions.incident_person_choose(report, person, version=report.version, by=reporter)
    page = post_date(client, report, "3", "11", "2000", long_ago_confirmed="on")
    assert summary_links(page) == [
        (
            "id_occurred_on_0",
            "The date it happened must be the same as or after the person&#x27;s date of "
            "birth, 4 May 2001",
        )
    ]


def test_a_date_of_birth_in_the_future_is_refused_on_the_check(client, register_officer):
    client.force_login(register_officer)
    page = client.post(
        reverse("register:check"),
        {
            "name": "Robert Smith",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2030",
        },
    ).content.decode()
    assert summary_links(page) == [
        ("id_date_of_birth_0", "The date of birth must be today or in the past")
    ]
