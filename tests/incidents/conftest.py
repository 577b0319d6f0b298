import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.incidents import actions
from caution.incidents.models import Incident
from caution.lib import clock
from tests.factories import cautioned, make_user


@pytest.fixture
def manager(db):
    return make_user(Role.MANAGER, first_name="Mo")


@pytest.fixture
def robert(db):
    return cautioned("Robert", "Smith")


def details(**changes) -> actions.IncidentDetails:
    values = {
        "occurred_at": clock.now() - dt.timedelta(hours=2),
        "location": "Council offices, reception",
        "channel": Incident.Channel.FACE_TO_FACE,
        "service_area": "Housing",
        "category": "VIOLENCE",
        "description": "He shouted that he would hit me and threw a chair.",
    }
    return actions.IncidentDetails(**{**values, **changes})


@pytest.fixture
def draft(reporter, robert):
    """A complete draft report by the reporter about Robert."""
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    actions.incident_update(incident, details(), version=incident.version, by=reporter)
    actions.incident_person_choose(incident, robert, version=incident.version, by=reporter)
    actions.staff_add(
        incident, user=reporter, name="", threatened=False, version=incident.version, by=reporter
    )
    return incident
