"""The report-only role (issue 15 finding 9): files incident reports, but cannot search the
register, open a person's record or pick someone on the register; the pages and menu never
offer what it may not do."""

import pytest
from django.urls import reverse

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.incidents import actions
from caution.incidents.models import Incident
from caution.people.matching import Query
from caution.register.check import CheckRefused, check_run
from tests.api.conftest import send
from tests.factories import cautioned, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_only(db):
    return make_user(Role.REPORT_ONLY, first_name="Rhys")


@pytest.fixture
def robert(db):
    return cautioned("Robert", "Smith")


@pytest.fixture
def draft(report_only):
    return actions.incident_start(kind=Incident.Kind.INCIDENT, by=report_only)


def test_002_5_a_report_only_user_cannot_run_the_check(client, report_only):
    """002 §5: access to the register on a need-to-know basis."""
    client.force_login(report_only)

    assert client.get(reverse("register:check")).status_code == 403
    assert send(client, "post", "/api/check", {"name": "Robert Smith"}).status_code == 403
    with pytest.raises(CheckRefused):
        check_run(Query(name="Robert Smith"), by=report_only)


def test_003_15_6_a_report_only_user_names_the_person_and_is_shown_nobody_on_the_register(
    client, report_only, draft, robert
):
    """003 §15.6: access to the alerts is restricted; the reporter names the person without
    being shown who is on the register."""
    client.force_login(report_only)
    form = client.get(reverse("incidents:person", args=[draft.id])).content.decode()
    assert "Save and continue" in form

    response = client.post(
        reverse("incidents:person", args=[draft.id]),
        {"version": draft.version, "given_names": "Robert", "family_name": "Smith"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.person.display_name == "Robert Smith"
    assert draft.person != robert
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()


def test_002_5_a_report_only_user_cannot_open_the_record_of_the_person_they_reported(
    client, report_only, draft
):
    """002 §5: need to know; no person pages beyond the report they filed."""
    client.force_login(report_only)
    client.post(
        reverse("incidents:person", args=[draft.id]),
        {"version": draft.version, "given_names": "Gary", "family_name": "Pratt"},
    )
    draft.refresh_from_db()

    assert client.get(reverse("people:detail", args=[draft.person_id])).status_code == 404
    assert client.get(f"/api/people/{draft.person_id}").status_code == 404
    assert "Gary Pratt" in client.get(reverse("incidents:detail", args=[draft.id])).content.decode()


def test_002_5_a_report_only_user_cannot_attach_a_report_to_someone_on_the_register(
    client, report_only, draft, robert
):
    """002 §5: the register's people are not theirs to pick, even by a known id."""
    client.force_login(report_only)

    response = send(
        client,
        "post",
        f"/api/reports/{draft.id}/person",
        {"version": draft.version, "person_id": str(robert.id)},
    )

    assert response.status_code == 404


def test_a_report_only_user_names_the_person_through_the_api(client, report_only, draft, robert):
    client.force_login(report_only)

    response = send(
        client,
        "post",
        f"/api/reports/{draft.id}/person",
        {"version": draft.version, "new": {"given_names": "Robert", "family_name": "Smith"}},
    )

    assert response.status_code == 200
    assert response.json()["person"]["id"] != str(robert.id)


def test_002_5_the_menu_offers_a_report_only_user_their_reports_and_never_the_check(
    client, report_only
):
    """002 §5: the pages offer only what the role may do."""
    client.force_login(report_only)

    home = client.get("/")
    page = client.get(reverse("incidents:index")).content.decode()

    assert home["Location"] == reverse("incidents:index")
    assert f'href="{reverse("incidents:index")}"' in page
    assert f'href="{reverse("register:check")}"' not in page
    assert f'href="{reverse("register:dashboard")}"' not in page
