"""Every page that shows personal data writes one audit row per request, naming the people
it shows (DESIGN §5: every view of personal data is audited). Issue 11 found five that
did not: the audit, the dashboard, the list of reports, a meeting and a subject access
request."""

import datetime as dt

import pytest
from django.utils import timezone

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.privacy.subject_access import access_request_record
from caution.register import deciding
from tests.deciding.conftest import submitted
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def robert(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


@pytest.fixture
def report(reporter, robert):
    return submitted(reporter, robert, "VIOLENCE")


def views_by(user, client, url: str) -> list[AuditEvent]:
    """Open the page as the user; the view rows it wrote."""
    client.force_login(user)
    before = set(AuditEvent.objects.values_list("id", flat=True))
    response = client.get(url)
    assert response.status_code == 200
    return list(
        AuditEvent.objects.filter(actor=user, verb=AuditEvent.Verb.VIEW).exclude(id__in=before)
    )


def test_the_audit_page_is_audited_with_the_people_it_names(dpo, robert, report, client):
    [event] = views_by(dpo, client, "/audit/")

    assert robert in event.people.all()


def test_the_dashboard_is_audited_with_the_people_it_names(
    register_officer, robert, report, client
):
    [event] = views_by(register_officer, client, "/dashboard/")

    assert list(event.people.all()) == [robert]


def test_the_list_of_reports_is_audited_with_the_people_it_names(reporter, robert, report, client):
    [event] = views_by(reporter, client, "/reports/")

    assert list(event.people.all()) == [robert]


def test_a_meeting_is_audited_with_the_people_on_its_agenda(
    register_officer, robert, report, client
):
    """Harborough's Review Panel (000 §8.3), the default profile."""
    panel = [make_user(Role.DECISION_MAKER), make_user(Role.DATA_PROTECTION_OFFICER)]
    panel.append(make_user(Role.PANEL_MEMBER))
    meeting = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()) + dt.timedelta(days=2),
        place="Committee room",
        cases=[report],
        invited=panel,
        by=register_officer,
    )

    [event] = views_by(register_officer, client, f"/meetings/{meeting.id}/")

    assert list(event.people.all()) == [robert]
    assert event.target_id == str(meeting.id)


def test_a_subject_access_request_is_audited_with_its_person(dpo, robert, client):
    access = access_request_record(robert, channel="email", received_on=clock.today(), by=dpo)

    [event] = views_by(dpo, client, f"/audit/data-protection/subject-access/{access.id}/")

    assert list(event.people.all()) == [robert]
