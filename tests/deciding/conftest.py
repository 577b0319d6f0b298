"""Personas and a report ready to decide, for any profile."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Incident
from caution.lib import clock
from caution.register import deciding
from tests.factories import answered, make_person, make_user


def use_profile(settings, name: str) -> None:
    settings.CAUTION_PROFILE = name


@pytest.fixture
def person(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def manager(db):
    return make_user(Role.MANAGER, first_name="Mo")


@pytest.fixture
def second_manager(db):
    return make_user(Role.MANAGER, first_name="Max")


@pytest.fixture
def decision_maker(db):
    return make_user(Role.DECISION_MAKER, first_name="Dee")


def submitted(
    reporter, person, category: str, *, kind=Incident.Kind.INCIDENT, staff=(), agency=""
) -> Incident:
    incident = reporting.incident_start(kind=kind, by=reporter)
    reporting.incident_update(
        incident,
        reporting.IncidentDetails(
            occurred_at=clock.now() - dt.timedelta(hours=1),
            location="Reception",
            channel=Incident.Channel.FACE_TO_FACE,
            service_area="Housing",
            category=category,
            description="Threw a chair at the officer.",
            agency=agency,
        ),
        version=incident.version,
        by=reporter,
    )
    reporting.incident_person_choose(incident, person, version=incident.version, by=reporter)
    for user, threatened in staff:
        reporting.staff_add(
            incident, user=user, threatened=threatened, version=incident.version, by=reporter
        )
    if not staff and kind == Incident.Kind.INCIDENT:
        # The officer it happened to, who does not use the service.
        reporting.staff_add(
            incident, name="Sam Carter", threatened=False, version=incident.version, by=reporter
        )
    reporting.incident_submit(incident, version=incident.version, by=reporter)
    return incident


def assessed(incident: Incident, assessor, level: str) -> Incident:
    deciding.assessment_record(
        incident,
        severity="high",
        future_risk="high",
        recommended_level=level,
        reasons="Violence at the front desk; likely to recur.",
        version=incident.version,
        by=assessor,
    )
    return incident


NAMED_CONTACT = deciding.RestrictionInput(
    type="named_contact", named_contact="Customer Relations Officer"
)


def decide(incident, by, outcome="caution", level="ASSAULT", **terms):
    return deciding.decision_record(
        incident,
        answers=answered(),
        outcome=outcome,
        reasons="Assault on an officer at the front desk.",
        terms=deciding.CautionTerms(level=level, precautions="Visit in pairs", **terms)
        if outcome == "caution"
        else None,
        version=incident.version,
        by=by,
    )
