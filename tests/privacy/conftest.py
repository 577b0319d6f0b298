"""A Cheltenham customer with a full record: a report with a witness and evidence, an
assessment, a caution decided by a manager who was not involved; the clock on a Monday."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Evidence, Incident
from caution.lib import clock
from caution.people.actions import AddressInput
from caution.register import deciding
from caution.register.models import Caution
from tests.factories import answered, make_person, make_user
from tests.journeys.conftest import MONDAY, assess

EVIDENCE = (
    b"Handwritten note left at reception.\nYou will regret this. I know where the office is.\n"
)


@pytest.fixture(autouse=True)
def monday_morning():
    with clock.frozen_at(MONDAY):
        yield


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def private_files(settings, tmp_path):
    """Evidence and letters stored in a folder of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def customer(db):
    return make_person(
        "Gary",
        "Pratt",
        born=dt.date(1979, 6, 21),
        aliases=("Gaz Pratt",),
        address=AddressInput(line1="4 Mill Lane", town="Charlton Kings", postcode="GL53 8QT"),
        phones=("07700 900461",),
        emails=("gary.pratt@example.net",),
    )


@pytest.fixture
def line_manager(db):
    return make_user(Role.MANAGER, first_name="Lena")


@pytest.fixture
def other_manager(db):
    return make_user(Role.MANAGER, first_name="Omar")


def reported(reporter, person, *, category="ASSAULT", witness="Ann Lee") -> Incident:
    """A report with a witness statement and a piece of evidence, submitted."""
    incident = reporting.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    reporting.incident_update(
        incident,
        reporting.IncidentDetails(
            occurred_at=clock.now() - dt.timedelta(hours=1),
            location="Municipal Offices, reception",
            channel=Incident.Channel.FACE_TO_FACE,
            service_area="Housing",
            category=category,
            description="Punched the housing officer at the front desk.",
        ),
        version=incident.version,
        by=reporter,
    )
    reporting.incident_person_choose(incident, person, version=incident.version, by=reporter)
    reporting.staff_add(
        incident, user=reporter, threatened=True, version=incident.version, by=reporter
    )
    reporting.witness_add(
        incident,
        name=witness,
        statement="I saw him punch the officer.",
        version=incident.version,
        by=reporter,
    )
    reporting.evidence_add(
        incident,
        kind=Evidence.Kind.CORRESPONDENCE,
        name="letter-from-customer.txt",
        data=EVIDENCE,
        version=incident.version,
        by=reporter,
    )
    return reporting.incident_submit(incident, version=incident.version, by=reporter)


def decided(incident: Incident, by, *, level="ASSAULT") -> Caution:
    decision = deciding.decision_record(
        incident,
        answers=answered(),
        outcome="caution",
        reasons="Reviewed the Violence Abuse Report and the witness statement.",
        terms=deciding.CautionTerms(level=level, precautions="Officers visit in pairs"),
        version=incident.version,
        by=by,
    )
    return decision.caution


@pytest.fixture
def caution(reporter, customer, line_manager, other_manager, private_files) -> Caution:
    """Gary's caution for assault: 4 years (002 §4.5.1)."""
    incident = assess(reported(reporter, customer), line_manager, "ASSAULT")
    return decided(incident, other_manager)
