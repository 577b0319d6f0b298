"""A decided case under any of the five profiles, made through the decision workflow, so
that its letter is drafted the way production drafts it."""

import dataclasses
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from caution.accounts.models import User
from caution.accounts.roles import Role
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.actions import AddressInput
from caution.policy.profiles import load_profile
from caution.register import deciding
from caution.register.models import Decision
from tests.factories import answered, make_person, make_user
from tests.journeys.conftest import assess, report

# A Monday with no bank holiday near it, so that working-day deadlines read plainly.
MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Europe/London"))
PROFILES = ("harborough", "cheltenham", "determination-team", "dover", "workington")

# For each profile: a category that needs no warning first, a level and a restriction.
TERMS = {
    "harborough": ("VIOLENCE", "1", "appointment_only"),
    "cheltenham": ("VIOLENCE", "VIOLENCE", "office_ban"),
    "determination-team": ("THREAT_OF_HARM", "B", "writing_only"),
    "dover": ("VIOLENCE", "3", "writing_only"),
    "workington": ("PHYSICAL_THREAT", "PERMANENT", "writing_only"),
}


@pytest.fixture(autouse=True)
def monday_morning():
    with clock.frozen_at(MONDAY):
        yield


@dataclasses.dataclass
class Case:
    """A decided report: who is who, and the letter the decision drafted."""

    profile: str
    decision: Decision
    officer: User  # the register officer
    signatory: User
    outsider: User  # holds a role that may not sign
    reporter: User

    @property
    def letter(self) -> Letter:
        return Letter.objects.filter(decision=self.decision).latest("created_at")

    @property
    def caution(self):
        return self.decision.caution


def _panel(profile_key: str, officer: User) -> tuple[list[User], User]:
    """Members present at the meeting, and the one who signs."""
    if profile_key == "harborough":
        chair = make_user(Role.DECISION_MAKER, first_name="Claire")
        dpo = make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana")
        member = make_user(Role.PANEL_MEMBER, first_name="Ellis")
        return [chair, dpo, member], chair
    if profile_key == "determination-team":
        first = make_user(Role.PANEL_MEMBER, first_name="Dora")
        return [first, make_user(Role.PANEL_MEMBER, first_name="Tim")], first
    chief = make_user(Role.DECISION_MAKER, first_name="Chair")
    return [officer, chief], officer  # workington: the Chief Officer signs


def decided(
    profile_key: str, *, outcome: str = Decision.Outcome.CAUTION, restricted: bool = True
) -> Case:
    """Report, assess and decide a case under `profile_key` (already the current one)."""
    profile = load_profile(profile_key)
    category, level, restriction = TERMS[profile_key]
    officer = make_user(Role.REGISTER_OFFICER, first_name="Owen")
    reporter = make_user(Role.REPORTER, first_name="Rita")
    assessor = make_user(Role.MANAGER, first_name="Lena")
    person = make_person(
        "Gary",
        "Pratt",
        born=dt.date(1979, 6, 21),
        address=AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN"),
        emails=("gary@example.org",),
    )
    incident = assess(report(reporter, person, category), assessor, level)
    terms = None
    if outcome == Decision.Outcome.CAUTION:
        restrictions = (deciding.RestrictionInput(type=restriction),) if restricted else ()
        terms = deciding.CautionTerms(level=level, restrictions=restrictions)
    meeting = None
    if profile.decision.panel is not None:
        members, signatory = _panel(profile_key, officer)
        meeting = deciding.meeting_schedule(
            starts_at=clock.now(),
            place="Committee room",
            cases=[incident],
            invited=members,
            by=officer,
        )
        meeting = deciding.meeting_attendance_record(
            meeting, attended=members, version=meeting.version, by=officer
        )
        decider = officer
    else:
        decider = make_user(Role(profile.decision.decider_role), first_name="Dee")
        signatory = (
            make_user(Role.DECISION_MAKER, first_name="Cass")  # 002 §3.4 the CSSM
            if profile_key == "cheltenham"
            else assessor  # 003 §9.1 a line manager
        )
    decision = deciding.decision_record(
        incident,
        answers=answered(),
        outcome=outcome,
        reasons="Violence at reception: a credible and continuing risk to staff.",
        terms=terms,
        meeting=meeting,
        version=incident.version,
        by=decider,
    )
    outsider = make_user(Role.PANEL_MEMBER if profile_key != "determination-team" else Role.MANAGER)
    return Case(profile_key, decision, officer, signatory, outsider, reporter)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeezed(text: str) -> str:
    """Text without any white space, so that line breaks in a PDF do not matter."""
    return re.sub(r"\s+", "", text)
