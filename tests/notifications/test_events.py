"""Who is told of what: each event reaches the right people, tagged so that their
choices apply (issue 4, "Notifications to staff")."""

import datetime as dt

import pytest
from django.utils import timezone

from caution.accounts.roles import Role
from caution.lib import clock
from caution.notifications import events
from caution.notifications.models import Notification
from caution.register import cautions, deciding
from caution.register.models import Decision
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.factories import answered, cautioned, change_made, make_person, make_user
from tests.notifications.conftest import emails_to, staff

pytestmark = pytest.mark.django_db


def told(user, event) -> list[Notification]:
    return list(Notification.objects.filter(user=user, event=event))


@pytest.fixture
def person(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def assessor(db):
    return staff(Role.MANAGER, "Mo")


@pytest.fixture
def decider(db):
    return staff(Role.MANAGER, "Max")


@pytest.fixture
def reporter_with_email(db):
    return staff(Role.REPORTER, "Rita")


@pytest.fixture
def cheltenham(settings):
    use_profile(settings, "cheltenham")


def decide(incident, by, *, complex_case=False):
    return deciding.decision_record(
        incident,
        answers=answered(),
        outcome=Decision.Outcome.CAUTION,
        reasons="Assault on an officer at the front desk.",
        terms=deciding.CautionTerms(level="ASSAULT", precautions="Visit in pairs"),
        complex_case=complex_case,
        version=incident.version,
        by=by,
    )


@pytest.fixture
def caution(db):
    return cautioned("Gary", "Pratt").cautions.get()


def test_a_submitted_report_tells_the_assessors(reporter_with_email, person, assessor):
    submitted(reporter_with_email, person, "VIOLENCE")

    [note] = told(assessor, events.INCIDENT_SUBMITTED)
    assert note.url.startswith("/reports/")
    assert told(reporter_with_email, events.INCIDENT_SUBMITTED) == []


def test_an_invitation_to_a_meeting_is_a_meeting_notification(
    reporter_with_email, person, assessor, officer
):
    case = assessed(submitted(reporter_with_email, person, "VIOLENCE"), assessor, "1")
    panel = [
        make_user(Role.DECISION_MAKER, first_name="Chair"),
        make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana"),
        make_user(Role.PANEL_MEMBER, first_name="Pam"),
    ]
    deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()) + dt.timedelta(days=2),
        place="Committee room",
        cases=[case],
        invited=panel,
        by=officer,
    )

    assert all(told(member, events.MEETING_SCHEDULED) for member in panel)


def test_the_reporter_is_told_when_their_report_is_decided(
    cheltenham, reporter_with_email, person, assessor, decider
):
    incident = assessed(submitted(reporter_with_email, person, "ASSAULT"), assessor, "ASSAULT")

    decide(incident, decider)

    [note] = told(reporter_with_email, events.DECISION_MADE)
    assert note.url == f"/reports/{incident.id}/"
    assert [m.subject for m in emails_to(reporter_with_email)] == [
        "A decision has been made on a report"
    ]


def test_staff_affected_who_may_not_open_the_report_are_told_without_a_link(
    cheltenham, reporter_with_email, person, assessor, decider, colleague
):
    incident = submitted(reporter_with_email, person, "ASSAULT", staff=[(colleague, False)])
    decide(assessed(incident, assessor, "ASSAULT"), decider)

    [note] = told(colleague, events.DECISION_MADE)
    assert note.url == ""


def test_a_complex_case_awaits_the_approver_and_is_not_yet_decided_for_the_reporter(
    cheltenham, reporter_with_email, person, assessor, decider
):
    approver = staff(Role.DECISION_MAKER, "Carla")
    incident = assessed(submitted(reporter_with_email, person, "ASSAULT"), assessor, "ASSAULT")

    decision = decide(incident, decider, complex_case=True)

    assert told(approver, events.APPROVAL_AWAITED)
    assert told(reporter_with_email, events.DECISION_MADE) == []
    deciding.decision_approve(decision, by=approver)
    assert told(reporter_with_email, events.DECISION_MADE)


def test_register_officers_are_told_at_once_when_a_caution_is_added(
    cheltenham, reporter_with_email, person, assessor, decider, officer
):
    incident = assessed(submitted(reporter_with_email, person, "ASSAULT"), assessor, "ASSAULT")

    caution = decide(incident, decider).caution

    [note] = told(officer, events.CAUTION_ADDED)
    assert note.url == f"/cautions/{caution.id}/"


def test_the_officer_who_changed_a_caution_is_not_told_of_their_own_change(
    caution, officer, second_officer
):
    change_made(
        caution,
        "amend",
        level="2",
        precautions="Visit in pairs",
        key_contact="Housing Team Leader",
        reason="Review: no new incident",
        by=officer,
    )

    assert told(officer, events.CAUTION_CHANGED) == []
    assert told(second_officer, events.CAUTION_CHANGED)


def test_an_extension_is_a_change_to_the_caution(caution, officer, second_officer):
    change_made(
        caution,
        "extend",
        expires_on=clock.today() + dt.timedelta(days=200),
        reason="Review: a new incident",
        by=officer,
    )

    assert told(second_officer, events.CAUTION_CHANGED)


def test_register_officers_are_told_when_a_caution_is_removed(caution, officer, second_officer):
    change_made(caution, "end", reason="Review: removed", by=officer)

    assert told(second_officer, events.CAUTION_REMOVED)


def test_a_breach_tells_the_register_officers(caution, officer, colleague):
    cautions.breach_record(
        caution,
        restriction=None,
        occurred_at=clock.now(),
        description="Came to the office in person.",
        by=colleague,
    )

    assert told(officer, events.BREACH_RECORDED)


def test_no_message_about_the_register_names_the_person(
    cheltenham, reporter_with_email, person, assessor, decider, officer
):
    officer.notification_preferences.create(event=events.CAUTION_ADDED, email=True, in_app=True)
    decide(
        assessed(submitted(reporter_with_email, person, "ASSAULT"), assessor, "ASSAULT"), decider
    )

    messages = emails_to(officer) + emails_to(reporter_with_email) + emails_to(assessor)
    texts = [m.subject + m.body for m in messages]
    texts += [n.subject + n.body for n in Notification.objects.all()]
    assert len(messages) >= 3
    assert not [text for text in texts if "Robert" in text or "Smith" in text or "1975" in text]
