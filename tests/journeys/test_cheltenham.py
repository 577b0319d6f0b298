"""Cheltenham Borough Council's Personal Safety Register (seed 002): a manager who was not
involved reviews the report and decides; informal word, then a warning letter, then
restrictions, which may be limited to one service; the Customer and Support Services
Manager approves complex cases; each entry expires by the category of incident."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.matching import Query
from caution.register import deciding
from caution.register.check import CheckRefused, check_run
from caution.register.dashboard import dashboard
from caution.register.models import Caution, Decision
from tests.factories import answered, make_user
from tests.journeys.conftest import CUSTOMER, MONDAY, assess, check, report

pytestmark = pytest.mark.django_db

HOUSING_TIMES = deciding.RestrictionInput(
    type="set_times",
    details="Thursdays 2pm to 4pm",
    channels=("phone",),
    service_area="Housing",
)
ONE_OFFICER = deciding.RestrictionInput(
    type="named_contact", named_contact="customer.relations@cheltenham.gov.uk"
)


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def cssm(db):
    return make_user(Role.DECISION_MAKER, first_name="Cass")


@pytest.fixture
def executive_director(db):
    return make_user(Role.DECISION_MAKER, first_name="Ezra")


def decide(case, by, outcome=Decision.Outcome.CAUTION, *, level="", complex_case=False, **terms):
    return deciding.decision_record(
        case,
        answers=answered(),
        outcome=outcome,
        reasons="Reviewed the Violence Abuse Report and the witness statements.",
        terms=deciding.CautionTerms(level=level, precautions="Officers visit in pairs", **terms)
        if outcome == Decision.Outcome.CAUTION
        else None,
        complex_case=complex_case,
        version=case.version,
        by=by,
    )


def test_002_4_5_2_a_manager_not_involved_decides_and_the_check_shows_it_at_once(
    reporter, customer, line_manager, other_manager
):
    """The manager who dealt with the customer reports it; another decides."""
    dealt_with_it = make_user(Role.MANAGER, first_name="Dev")
    incident = report(
        dealt_with_it, customer, "ASSAULT", what="Punched the housing officer.", witness="Ann Lee"
    )
    assess(incident, line_manager, "ASSAULT")
    with pytest.raises(PermissionDenied, match="involved"):
        decide(incident, dealt_with_it, level="ASSAULT")

    decide(incident, other_manager, level="ASSAULT", restrictions=(ONE_OFFICER,))

    [shown] = check(reporter)
    assert shown.level_label == "Physical assault"
    assert shown.precautions == "Officers visit in pairs"
    assert shown.restrictions.startswith(
        "Communicate only with one named member of staff or e-mail address; "
        "contact customer.relations@cheltenham.gov.uk"
    )


def test_002_4_5_a_restriction_can_apply_to_one_service_area_only(
    reporter, customer, line_manager, other_manager
):
    case = assess(report(reporter, customer, "VIOLENCE"), line_manager, "VIOLENCE")
    caution = decide(case, other_manager, level="VIOLENCE", restrictions=(HOUSING_TIMES,)).caution
    assert caution.restriction_set.get().service_area == "Housing"
    [shown] = check(reporter)
    assert "Thursdays 2pm to 4pm; only by phone; Housing only" in shown.restrictions


@pytest.mark.parametrize(
    ("category", "level", "months"),
    [("SERIOUS_THREAT", "ABUSE", 12), ("VIOLENCE", "VIOLENCE", 24), ("ASSAULT", "ASSAULT", 48)],
)
def test_002_4_5_1_an_entry_expires_by_its_category_of_incident(
    reporter, customer, line_manager, other_manager, category, level, months
):
    """Serious threats and violence bypass the warning stage (002 §4.4)."""
    case = assess(report(reporter, customer, category), line_manager, level)
    caution = decide(case, other_manager, level=level).caution
    assert caution.expires_on == clock.today() + relativedelta(months=months)
    assert caution.next_review == clock.today() + relativedelta(months=6)  # 002 §4.7


def test_002_4_4_a_verbal_threat_that_is_not_serious_has_its_warning_first(
    reporter, customer, line_manager, other_manager
):
    """002 §4.4: the warning stage is bypassed "in the case of violence or serious
    threats", not for every verbal threat."""
    case = assess(report(reporter, customer, "VERBAL_THREAT"), line_manager, "ABUSE")
    with pytest.raises(ValidationError, match="warning"):
        decide(case, other_manager, level="ABUSE")
    warning = decide(case, other_manager, Decision.Outcome.WARNING)
    assert warning.outcome == Decision.Outcome.WARNING


def test_002_1_a_circumstances_entry_needs_no_prior_warning(
    reporter, customer, line_manager, other_manager
):
    """002 §1, §4.7: listed "because of ongoing vulnerabilities or special circumstances
    rather than particular incidents": there is no behaviour to warn about first."""
    case = assess(report(reporter, customer, "CIRCUMSTANCES"), line_manager, "CIRCUMSTANCES")
    caution = decide(case, other_manager, level="CIRCUMSTANCES").caution
    assert caution.category == "CIRCUMSTANCES"
    assert caution.expires_on == clock.today() + relativedelta(months=12)


def test_002_4_5_1_no_restriction_is_permanent(reporter, customer, line_manager, other_manager):
    case = assess(report(reporter, customer, "ASSAULT"), line_manager, "ASSAULT")
    forever = deciding.RestrictionInput(type="office_ban", permanent=True)
    with pytest.raises(ValidationError, match="does not allow permanent"):
        decide(case, other_manager, level="ASSAULT", restrictions=(forever,))


def test_002_4_5_1_a_warning_letter_expires_after_6_months(
    reporter, customer, line_manager, other_manager
):
    case = assess(report(reporter, customer, "VERBAL_ABUSE"), line_manager, "ABUSE")
    warning = decide(case, other_manager, Decision.Outcome.WARNING)
    assert warning.warning_expires_on == dt.date(2026, 9, 2)
    assert check(reporter) == []


def test_002_4_4_an_informal_word_then_a_warning_letter_then_restrictions(
    reporter, customer, line_manager, other_manager
):
    def abuse_decided(weeks_later: int, outcome: str, **terms):
        with clock.frozen_at(MONDAY + dt.timedelta(weeks=weeks_later)):
            case = report(reporter, customer, "VERBAL_ABUSE", what="Racist abuse at the desk.")
            assess(case, line_manager, "ABUSE")
            return decide(case, other_manager, outcome, **terms)

    abuse_decided(0, Decision.Outcome.INFORMAL_WORD)
    with pytest.raises(ValidationError, match="warning must come before"):
        abuse_decided(2, Decision.Outcome.CAUTION, level="ABUSE", restrictions=(ONE_OFFICER,))
    abuse_decided(2, Decision.Outcome.WARNING)
    abuse_decided(5, Decision.Outcome.CAUTION, level="ABUSE", restrictions=(ONE_OFFICER,))

    outcomes = customer.decisions.order_by("decided_at").values_list("outcome", flat=True)
    assert list(outcomes) == ["informal_word", "warning", "caution"]
    assert [view.level_label for view in check(reporter)] == ["Verbal abuse or threat"]


def test_002_3_4_a_complex_case_goes_on_the_register_once_the_cssm_approves_it(
    reporter, customer, line_manager, other_manager, cssm, register_officer
):
    case = assess(report(reporter, customer, "ASSAULT"), line_manager, "ASSAULT")
    decision = decide(
        case, other_manager, level="ASSAULT", complex_case=True, restrictions=(HOUSING_TIMES,)
    )
    assert decision.status == Decision.Status.AWAITING_APPROVAL
    assert check(reporter) == []
    [awaiting] = [s for s in dashboard(register_officer) if s.title.startswith("Complex cases")]
    assert [item.incident for item in awaiting.items] == [case]

    deciding.decision_approve(decision, by=cssm)

    [shown] = check(reporter)
    assert "Housing only" in shown.restrictions


def test_002_4_5_1_the_cssm_may_approve_with_a_different_restriction_period(
    reporter, customer, line_manager, other_manager, cssm
):
    case = assess(report(reporter, customer, "ASSAULT"), line_manager, "ASSAULT")
    decision = decide(case, other_manager, level="ASSAULT", complex_case=True)
    assert deciding.proposed_expiry(decision) == clock.today() + relativedelta(years=4)
    shorter = clock.today() + relativedelta(years=2)

    caution = deciding.decision_approve(decision, expires_on=shorter, by=cssm)

    assert caution.expires_on == shorter


def test_002_4_5_1_an_altered_restriction_period_stays_within_the_longest_expiry(
    reporter, customer, line_manager, other_manager, cssm
):
    case = assess(report(reporter, customer, "ASSAULT"), line_manager, "ASSAULT")
    decision = decide(case, other_manager, level="ASSAULT", complex_case=True)
    with pytest.raises(ValidationError, match="at most 48 months"):
        deciding.decision_approve(
            decision, expires_on=clock.today() + relativedelta(years=5), by=cssm
        )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL


def test_002_4_5_1_an_expired_warning_no_longer_counts_as_the_warning_first(
    reporter, customer, line_manager, other_manager
):
    def abuse_decided(months_later: int, outcome: str, **terms):
        with clock.frozen_at(MONDAY + relativedelta(months=months_later)):
            case = report(reporter, customer, "VERBAL_ABUSE", what="Shouting at the desk.")
            assess(case, line_manager, "ABUSE")
            return decide(case, other_manager, outcome, **terms)

    abuse_decided(0, Decision.Outcome.WARNING)
    with pytest.raises(ValidationError, match="warning must come before"):
        abuse_decided(7, Decision.Outcome.CAUTION, level="ABUSE", restrictions=(ONE_OFFICER,))


def test_002_3_4_when_the_cssm_was_the_target_the_executive_director_approves(
    customer, line_manager, other_manager, cssm, executive_director
):
    case = assess(report(cssm, customer, "SERIOUS_THREAT", threatened=True), line_manager, "ABUSE")
    decision = decide(case, other_manager, level="ABUSE", complex_case=True)
    with pytest.raises(PermissionDenied):
        deciding.decision_approve(decision, by=cssm)
    caution = deciding.decision_approve(decision, by=executive_director)
    assert caution.status == Caution.Status.ACTIVE


def test_002_4_2_one_report_covers_a_run_of_unreasonably_persistent_contacts(
    reporter, customer, line_manager
):
    incident = reporting.incident_start(kind=Incident.Kind.PERSISTENT, by=reporter)
    reporting.incident_update(
        incident,
        reporting.IncidentDetails(
            occurred_at=None,
            location="Council Tax",
            channel=Incident.Channel.EMAIL,
            service_area="Council Tax",
            category="PERSISTENT",
            description="The same complaint, already answered, again and again.",
        ),
        version=incident.version,
        by=reporter,
    )
    reporting.incident_person_choose(incident, customer, version=incident.version, by=reporter)
    for day in (1, 2, 3):
        reporting.contact_add(
            incident,
            occurred_at=clock.now() - dt.timedelta(days=day),
            channel=Incident.Channel.EMAIL,
            summary=f"E-mail {day}: the same complaint about the 2024 bill",
            version=incident.version,
            by=reporter,
        )
    reporting.incident_submit(incident, version=incident.version, by=reporter)
    assess(incident, line_manager, "PERSISTENT", severity="low")
    assert incident.contacts.count() == 3
    assert incident.assessment.suggested_level == "PERSISTENT"


def test_002_3_2_councillors_ask_democratic_services_to_check_for_them(councillor):
    with pytest.raises(CheckRefused, match="Democratic Services"):
        check_run(Query(name=CUSTOMER), by=councillor)
