"""Workington Town Council (seed 004): councillors and staff tell the Chief Officer, who
keeps a record; the Chief Officer and the Chair of Finance and General Purposes decide
together. A warning comes first except in extreme cases such as a physical threat, and a
communication restriction may be temporary or permanent."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.lib import clock
from caution.register import deciding
from caution.register.models import Caution, Decision
from tests.factories import answered, make_user
from tests.journeys.conftest import assess, check, report

pytestmark = pytest.mark.django_db

ABUSIVE_EMAILS = "Twelve e-mails calling the Town Clerk's staff 'parasites' and worse."
WRITING_ONLY = deciding.RestrictionInput(type="writing_only")
ONE_ADDRESS = deciding.RestrictionInput(
    type="named_contact", named_contact="enquiries@workingtontowncouncil.gov.uk"
)
NO_CONTACT = deciding.RestrictionInput(
    type="no_contact", details="No contact except through a solicitor", permanent=True
)


@pytest.fixture(autouse=True)
def workington(settings):
    settings.CAUTION_PROFILE = "workington"


@pytest.fixture
def chief_officer(register_officer):
    return register_officer


@pytest.fixture
def chair(db):
    """The Chair of Finance and General Purposes."""
    return make_user(Role.DECISION_MAKER, first_name="Frances")


def they_meet(case, chief_officer, chair, *, present=None):
    called = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Town Hall, Oxford Street",
        cases=[case],
        invited=[chief_officer, chair],
        by=chief_officer,
    )
    return deciding.meeting_attendance_record(
        called,
        attended=present if present is not None else [chief_officer, chair],
        version=called.version,
        by=chief_officer,
    )


def decide(case, at, by, outcome=Decision.Outcome.CAUTION, *, level="", restrictions=()):
    return deciding.decision_record(
        case,
        answers=answered(),
        outcome=outcome,
        reasons="The behaviour continued after the person was asked to modify it.",
        terms=deciding.CautionTerms(
            level=level,
            precautions="Do not reply to an abusive e-mail or letter",
            restrictions=restrictions,
        )
        if outcome == Decision.Outcome.CAUTION
        else None,
        meeting=at,
        version=case.version,
        by=by,
    )


def abuse_recorded(councillor, customer, chief_officer):
    case = report(councillor, customer, "ABUSE", what=ABUSIVE_EMAILS, channel="email")
    return assess(case, chief_officer, "TEMPORARY", severity="medium")


def test_004_5_after_a_warning_the_chief_officer_and_chair_restrict_communication(
    councillor, customer, chief_officer, chair, reporter
):
    """A councillor tells the Chief Officer, who keeps the record; both decide."""
    first = abuse_recorded(councillor, customer, chief_officer)
    decide(first, they_meet(first, chief_officer, chair), chair, Decision.Outcome.WARNING)

    again = abuse_recorded(councillor, customer, chief_officer)
    at = they_meet(again, chief_officer, chair)
    caution = decide(
        again, at, chief_officer, level="TEMPORARY", restrictions=(WRITING_ONLY, ONE_ADDRESS)
    ).caution

    assert caution.expires_on == clock.today() + relativedelta(years=1)
    [shown] = check(reporter)
    assert shown.level_label == "Temporary communication restriction"
    assert shown.restrictions.splitlines() == [
        "Communication limited to writing; until 2 March 2027",
        "Communication limited to a named employee or councillor, e-mail address or telephone "
        "number; contact enquiries@workingtontowncouncil.gov.uk; until 2 March 2027",
    ]


@pytest.mark.parametrize("category", ["ABUSE", "VEXATIOUS"])
def test_004_5_the_person_is_warned_before_communication_is_restricted(
    councillor, customer, chief_officer, chair, category
):
    case = assess(report(councillor, customer, category), chief_officer, "TEMPORARY")
    at = they_meet(case, chief_officer, chair)
    with pytest.raises(ValidationError, match="warning must come before"):
        decide(case, at, chief_officer, level="TEMPORARY", restrictions=(WRITING_ONLY,))


def test_004_5_a_physical_threat_brings_a_permanent_restriction_without_a_warning(
    councillor, customer, chief_officer, chair, reporter
):
    what = "Threatened to 'put the Mayor through the window' at the council meeting."
    case = assess(
        report(councillor, customer, "PHYSICAL_THREAT", what=what), chief_officer, "PERMANENT"
    )
    at = they_meet(case, chief_officer, chair)
    caution = decide(case, at, chief_officer, level="PERMANENT", restrictions=(NO_CONTACT,)).caution

    assert caution.expires_on is None
    restriction = caution.restriction_set.get()
    assert (restriction.permanent, restriction.ends_on) == (True, None)
    [shown] = check(reporter)
    assert shown.level_label == "Permanent communication restriction"
    assert shown.restrictions.endswith("No contact except through a solicitor; permanent")


def test_004_5_a_temporary_restriction_cannot_carry_a_permanent_one(
    councillor, customer, chief_officer, chair
):
    """004 §5: a restriction is temporary or permanent; a temporary caution ends after a
    year, and a restriction cannot outlast what it restricts."""
    first = abuse_recorded(councillor, customer, chief_officer)
    decide(first, they_meet(first, chief_officer, chair), chair, Decision.Outcome.WARNING)
    again = abuse_recorded(councillor, customer, chief_officer)
    at = they_meet(again, chief_officer, chair)
    with pytest.raises(ValidationError, match="cannot be permanent on a caution that expires"):
        decide(again, at, chief_officer, level="TEMPORARY", restrictions=(NO_CONTACT,))
    assert not Caution.objects.exists()


@pytest.mark.parametrize("alone", ["chief_officer", "chair"])
def test_004_5_neither_the_chief_officer_nor_the_chair_decides_alone(
    request, councillor, customer, chief_officer, chair, alone
):
    case = assess(report(councillor, customer, "PHYSICAL_THREAT"), chief_officer, "PERMANENT")
    only_one = request.getfixturevalue(alone)
    at = they_meet(case, chief_officer, chair, present=[only_one])
    with pytest.raises(ValidationError, match="not quorate"):
        decide(case, at, only_one, level="PERMANENT", restrictions=(NO_CONTACT,))
    assert not Caution.objects.exists()
    case.refresh_from_db()
    assert case.status == Incident.Status.ASSESSED
