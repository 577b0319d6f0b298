"""What every journey shares: a fixed Monday morning, the customer, the managers, and the
steps of the process as the pages and the API take them, through the action functions.

Each module in this folder runs one council's journey from an incident to a caution
shown by the check, and the rules that make that council's process its own.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.actions import AddressInput
from caution.people.matching import Query
from caution.register import deciding
from caution.register.check import CautionView, check_run
from tests.factories import make_person, make_user

# A Monday with no bank holiday near it, so that working-day deadlines read plainly.
MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Europe/London"))
CUSTOMER = "Gary Pratt"
MILL_LANE = AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN")


@pytest.fixture(autouse=True)
def monday_morning():
    with clock.frozen_at(MONDAY):
        yield


@pytest.fixture
def customer(db):
    return make_person("Gary", "Pratt", born=dt.date(1979, 6, 21), address=MILL_LANE)


@pytest.fixture
def line_manager(db):
    return make_user(Role.MANAGER, first_name="Lena")


@pytest.fixture
def other_manager(db):
    return make_user(Role.MANAGER, first_name="Omar")


def report(
    reporter,
    person,
    category: str,
    *,
    what: str = "Shouted and swore at the officer at the front desk.",
    kind: str = Incident.Kind.INCIDENT,
    channel: str = Incident.Channel.FACE_TO_FACE,
    service_area: str = "Housing",
    threatened: bool = False,
    witness: str = "",
    agency: str = "",
) -> Incident:
    """The reporter writes up what happened, names the person found with the check, adds
    themselves as the member of staff affected, and submits the report."""
    incident = reporting.incident_start(kind=kind, by=reporter)
    reporting.incident_update(
        incident,
        reporting.IncidentDetails(
            occurred_at=clock.now() - dt.timedelta(hours=1),
            location="Council offices, reception",
            channel=channel,
            service_area=service_area,
            category=category,
            description=what,
            agency=agency,
        ),
        version=incident.version,
        by=reporter,
    )
    reporting.incident_person_choose(incident, person, version=incident.version, by=reporter)
    reporting.staff_add(
        incident, user=reporter, threatened=threatened, version=incident.version, by=reporter
    )
    if witness:
        reporting.witness_add(
            incident, name=witness, statement=what, version=incident.version, by=reporter
        )
    return reporting.incident_submit(incident, version=incident.version, by=reporter)


def assess(
    incident: Incident,
    assessor,
    level: str,
    *,
    severity: str = "high",
    future_risk: str = "high",
    context: str = "",
) -> Incident:
    deciding.assessment_record(
        incident,
        severity=severity,
        future_risk=future_risk,
        recommended_level=level,
        reasons="The behaviour is likely to happen again; staff need to know before contact.",
        context=context,
        staff_support="Debrief with the line manager offered.",
        version=incident.version,
        by=assessor,
    )
    return incident


def check(by, name: str = CUSTOMER) -> list[CautionView]:
    """What the check shows `by` about the customer before contact: their cautions."""
    result = check_run(Query(name=name), by=by)
    return [view for match in result.people for view in match.cautions]
