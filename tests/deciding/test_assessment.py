"""A submitted report is assessed by someone not involved in it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.incidents.models import Incident
from caution.register import deciding
from tests.deciding.conftest import assessed, submitted

pytestmark = pytest.mark.django_db


def test_an_assessment_records_severity_future_risk_and_the_suggested_level(
    reporter, person, manager
):
    """003 §8.1: severity of incident and future risk."""
    incident = assessed(submitted(reporter, person, "VIOLENCE"), manager, "1")
    assessment = incident.assessment
    assert (assessment.severity, assessment.future_risk) == ("high", "high")
    assert assessment.suggested_level == "1"
    assert incident.status == Incident.Status.ASSESSED


def test_002_4_5_2_a_manager_involved_in_the_incident_cannot_assess_it(reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE", staff=[(manager, False)])
    with pytest.raises(PermissionDenied, match="involved"):
        assessed(incident, manager, "1")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.SUBMITTED


def test_the_reporter_cannot_assess_their_own_report(register_officer, person):
    incident = submitted(register_officer, person, "VIOLENCE")
    with pytest.raises(PermissionDenied, match="involved"):
        assessed(incident, register_officer, "1")


def test_a_reporter_without_the_assessor_role_cannot_assess(reporter, person):
    from caution.accounts.roles import Role
    from tests.factories import make_user

    incident = submitted(reporter, person, "VIOLENCE")
    with pytest.raises(PermissionDenied, match="role"):
        assessed(incident, make_user(Role.REPORTER), "1")


def test_an_assessment_needs_reasons(reporter, person, manager):
    incident = submitted(reporter, person, "VIOLENCE")
    with pytest.raises(ValidationError, match="reasons"):
        deciding.assessment_record(
            incident,
            severity="low",
            future_risk="low",
            recommended_level="3",
            reasons=" ",
            version=incident.version,
            by=manager,
        )
