"""Dover District Council's Customer Alerts (seed 003): the line manager of the officer who
reported the incident completes a risk assessment (severity of incident and future risk)
and places an alert, level 1 Low to 3 High, with recommendations for future contact; in
urgent cases an alert goes on at once, pending the full assessment."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from caution.incidents.models import Incident
from caution.incidents.selectors import assessment_queue
from caution.lib import clock
from caution.notifications.models import Notification
from caution.people.matching import Query
from caution.register import cautions, deciding
from caution.register.check import check_run
from caution.register.dashboard import dashboard
from caution.register.models import Caution, Decision
from tests.factories import answered
from tests.journeys.conftest import MILL_LANE, assess, check, report

pytestmark = pytest.mark.django_db

ASSAULT = "Swung a punch at the officer during a home visit; the officer stepped back."
APPOINTMENT = deciding.RestrictionInput(type="appointment_only")
WITNESS = deciding.RestrictionInput(type="witness_present", details="A second officer present")


@pytest.fixture(autouse=True)
def dover(settings):
    settings.CAUTION_PROFILE = "dover"


@pytest.fixture
def officer(reporter, line_manager):
    """A housing officer whose line manager is Lena."""
    reporter.manager = line_manager
    reporter.save(update_fields=["manager"])
    return reporter


def decide(case, by, outcome=Decision.Outcome.CAUTION, *, level="", restrictions=()):
    return deciding.decision_record(
        case,
        answers=answered(),
        outcome=outcome,
        reasons="Risk assessment: actual or attempted physical assault on an officer.",
        terms=deciding.CautionTerms(
            level=level,
            precautions="No further home visits\nVisit in pairs",
            restrictions=restrictions,
        )
        if outcome == Decision.Outcome.CAUTION
        else None,
        version=case.version,
        by=by,
    )


def interim_alert(case, by):
    return deciding.interim_alert_add(
        case,
        level="3",
        precautions="No home visits until the risk assessment is done",
        reasons="Said he keeps a knife by the door for council officers.",
        by=by,
    )


def test_003_8_1_the_line_manager_assesses_the_risk_and_places_the_alert(officer, customer):
    line_manager = officer.manager
    case = report(officer, customer, "VIOLENCE", what=ASSAULT, channel="home_visit")
    assert case in assessment_queue(line_manager)
    assess(case, line_manager, "3", severity="high", future_risk="medium")
    decide(case, line_manager, level="3", restrictions=(APPOINTMENT, WITNESS))

    assessment = case.assessment
    assert (assessment.severity, assessment.future_risk) == ("high", "medium")
    [shown] = check(officer)
    assert shown.level_label == "High"
    assert shown.precautions == "No further home visits\nVisit in pairs"  # 003 §8.5
    assert shown.restrictions.splitlines() == [  # 003 §7.1 c, f
        "Access to our offices by appointment only",
        "Personal contact only in the presence of an appropriate witness: A second officer present",
    ]


def test_003_10_an_alert_has_no_expiry_and_is_reviewed_every_year(officer, customer):
    case = assess(report(officer, customer, "VIOLENCE"), officer.manager, "3")
    caution = decide(case, officer.manager, level="3").caution
    assert caution.expires_on is None
    assert caution.next_review == clock.today() + relativedelta(years=1)


@pytest.mark.parametrize(
    ("category", "level", "label"),
    [("PROPERTY_RISK", "1", "Low"), ("THREAT_OF_HARM", "2", "Medium"), ("VIOLENCE", "3", "High")],
)
def test_003_6_8_alert_levels_run_from_1_low_to_3_high(officer, customer, category, level, label):
    case = report(officer, customer, category)
    assess(case, officer.manager, level)
    assert case.assessment.suggested_level == level
    decide(case, officer.manager, level=level)
    assert [view.level_label for view in check(officer)] == [label]


def test_003_8_3_an_incident_unlikely_to_be_repeated_can_carry_a_lower_level(officer, customer):
    case = report(officer, customer, "VIOLENCE", what=ASSAULT)
    assess(
        case,
        officer.manager,
        "1",
        future_risk="low",
        context="On the day his mother died; he has apologised and accepted support.",
    )
    decide(case, officer.manager, level="1")
    assert case.assessment.suggested_level == "3"
    assert [view.level_label for view in check(officer)] == ["Low"]


def test_003_6_1_abusive_language_is_met_first_by_a_request_to_modify_it(officer, customer):
    case = assess(report(officer, customer, "ABUSE"), officer.manager, "1")
    with pytest.raises(ValidationError, match="warning must come before"):
        decide(case, officer.manager, level="1")
    decide(case, officer.manager, Decision.Outcome.WARNING)
    assert check(officer) == []


def test_003_8_2_information_from_the_police_is_assessed_without_a_warning(officer, customer):
    shared = report(
        officer,
        customer,
        "AGENCY_INFORMATION",
        kind=Incident.Kind.THIRD_PARTY,
        agency="Kent Police",
        what="Unspent conviction for common assault, disclosed by Kent Police.",
    )
    decide(assess(shared, officer.manager, "2"), officer.manager, level="2")
    assert [view.level_label for view in check(officer)] == ["Medium"]


def test_003_6_3_a_threatened_officer_and_their_manager_are_alerted_at_once(officer, customer):
    report(officer, customer, "THREAT_OF_HARM", threatened=True)
    alerted = Notification.objects.filter(safety=True).values_list("user", flat=True)
    assert set(alerted) == {officer.id, officer.manager.id}


def test_003_8_7_an_urgent_alert_shows_at_once_and_stays_flagged_until_assessed(
    officer, customer, register_officer
):
    case = report(officer, customer, "THREAT_OF_HARM", threatened=True)
    alert = interim_alert(case, officer.manager)
    assert [view.id for view in check(officer)] == [str(alert.id)]

    assess(case, officer.manager, "3")
    [flagged] = [s for s in dashboard(register_officer) if s.title.startswith("Interim")]
    assert [item.caution for item in flagged.items] == [alert]

    full = decide(case, officer.manager, level="3", restrictions=(WITNESS,)).caution
    alert.refresh_from_db()
    assert alert.status == Caution.Status.REMOVED
    assert [view.id for view in check(officer)] == [str(full.id)]
    assert not full.interim


def test_003_8_7_the_urgent_alert_goes_when_the_full_assessment_finds_no_alert_is_needed(
    officer, customer
):
    case = report(officer, customer, "THREAT_OF_HARM")
    alert = interim_alert(case, officer.manager)
    assess(case, officer.manager, "1", severity="low", future_risk="low")
    decide(case, officer.manager, Decision.Outcome.NO_ACTION)
    alert.refresh_from_db()
    assert (alert.status, alert.ended_reason) == (
        Caution.Status.REMOVED,
        "The full decision: no further action",
    )
    assert check(officer) == []


def test_003_15_2_an_alert_on_an_address_warns_anyone_visiting_it(
    register_officer, officer, customer
):
    """Customer Services places the alert on the property (003 §6.5, §15.2)."""
    property_alert = cautions.caution_add(
        address=customer.address_links.get().address,
        level="1",
        precautions="Known needle-stick risk in the property: wear gloves",
        by=register_officer,
    )
    result = check_run(Query(address=f"{MILL_LANE.line1}, {MILL_LANE.postcode}"), by=officer)
    assert [view.id for match in result.addresses for view in match.cautions] == [
        str(property_alert.id)
    ]
