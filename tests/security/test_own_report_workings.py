"""A reporter follows their own report (roles.md) but does not read reports: the battery's
field-level reads found that their report's page and the API showed them the assessment's
context (what it says about the person's health and vulnerability), its reasons, the
support offered to staff and the decision's reasons. They see the outcome now, not those."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from tests.factories import make_person, make_user
from tests.journeys.conftest import assess
from tests.privacy.conftest import decided, reported

pytestmark = pytest.mark.django_db

WORKINGS = ("Known to the mental health team", "Offer the officer counselling", "Likely again")


@pytest.fixture
def own_report(settings, reporter):
    """Under Cheltenham's profile (002), as the privacy tests report and decide."""
    settings.CAUTION_PROFILE = "cheltenham"
    report = reported(reporter, make_person("Gary", "Pratt", born=dt.date(1979, 6, 21)))
    assess(report, make_user(Role.MANAGER), "ASSAULT", context=WORKINGS[0])
    report.assessment.staff_support = WORKINGS[1]
    report.assessment.reasons = WORKINGS[2]
    report.assessment.save()
    decided(report, make_user(Role.MANAGER))
    return report


def test_a_reporter_sees_the_outcome_of_their_report_without_its_workings(
    client, reporter, own_report
):
    client.force_login(reporter)

    shown = client.get(f"/reports/{own_report.id}/").content.decode()

    assert "Caution" in shown
    assert "for those who assess and decide reports" in shown
    assert not [words for words in WORKINGS if words in shown]
    assert "Reviewed the Violence Abuse Report" not in shown


def test_the_api_gives_a_reporter_their_report_without_its_workings(client, reporter, own_report):
    client.force_login(reporter)

    report = client.get(f"/api/reports/{own_report.id}").json()

    assert report["decisions"][0]["outcome"] == "caution"
    assert (report["assessment"]["context"], report["assessment"]["reasons"]) == ("", "")
    assert report["assessment"]["staff_support"] == ""
    assert (report["decisions"][0]["reasons"], report["decisions"][0]["prompt_answers"]) == ("", [])


def test_a_manager_reads_the_workings_of_a_report(client, own_report):
    client.force_login(make_user(Role.MANAGER))

    shown = client.get(f"/reports/{own_report.id}/").content.decode()

    assert [words for words in WORKINGS if words in shown] == list(WORKINGS)
