"""A page offers a form or button only to a user whose action would accept it: issue 11
found pages offering the assessment, the decision and the review to roles (or people
involved) that the action then refuses."""

import datetime as dt

import pytest
from django.utils import timezone

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register import deciding
from tests.deciding.conftest import assessed, submitted
from tests.factories import cautioned, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def robert(db):
    return make_person("Robert", "Smith", born=dt.date(1975, 3, 14))


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_report_does_not_offer_its_assessment_to_the_manager_who_reported_it(client, robert):
    manager = make_user(Role.MANAGER)
    report = submitted(manager, robert, "VIOLENCE")

    shown = page(client, manager, f"/reports/{report.id}/")

    assert "Not yet assessed" in shown
    assert "Assess the report" not in shown


def test_a_report_offers_its_assessment_to_a_manager_not_involved(client, reporter, robert):
    report = submitted(reporter, robert, "VIOLENCE")

    assert "Assess the report" in page(client, make_user(Role.MANAGER), f"/reports/{report.id}/")


def test_a_report_does_not_offer_its_decision_to_the_data_protection_officer(
    client, reporter, dpo, robert
):
    report = assessed(submitted(reporter, robert, "VIOLENCE"), make_user(Role.MANAGER), "1")

    shown = page(client, dpo, f"/reports/{report.id}/")

    assert "Not yet decided" in shown
    assert "Record the decision" not in shown


def test_a_report_offers_its_decision_to_the_register_officer(
    client, reporter, register_officer, robert
):
    report = assessed(submitted(reporter, robert, "VIOLENCE"), make_user(Role.MANAGER), "1")

    assert "Record the decision" in page(client, register_officer, f"/reports/{report.id}/")


def test_a_meeting_does_not_offer_the_decision_to_a_manager_not_on_the_panel(
    client, reporter, register_officer, robert
):
    report = assessed(submitted(reporter, robert, "VIOLENCE"), make_user(Role.MANAGER), "1")
    panel = [make_user(Role.DECISION_MAKER), make_user(Role.DATA_PROTECTION_OFFICER)]
    panel.append(make_user(Role.PANEL_MEMBER))
    meeting = deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()),
        place="Committee room",
        cases=[report],
        invited=panel,
        by=register_officer,
    )
    deciding.meeting_attendance_record(
        meeting, attended=panel, version=meeting.version, by=register_officer
    )

    shown = page(client, make_user(Role.MANAGER), f"/meetings/{meeting.id}/")

    assert "Robert Smith" in shown
    assert "Record the decision" not in shown


def test_a_caution_does_not_offer_its_review_to_the_data_protection_officer(client, dpo):
    caution = cautioned("Mary", "Jones").cautions.get()

    shown = page(client, dpo, f"/cautions/{caution.id}/")

    assert "Review this caution" not in shown
    client.force_login(dpo)
    assert client.get(f"/cautions/{caution.id}/review/").status_code == 404


@pytest.mark.parametrize("form", ["change", "extend", "end", "correct"])
def test_a_cautions_change_forms_are_refused_to_the_data_protection_officer(
    client, dpo, robert, form
):
    """The data protection officer reads the full record but changes no caution (roles.md):
    the change pages answered them with the form, which the action then refused (found by
    the battery's access matrix)."""
    caution = cautioned("Gary", "Pratt").cautions.get()
    client.force_login(dpo)

    shown, sent = (
        client.get(f"/cautions/{caution.id}/{form}/"),
        client.post(f"/cautions/{caution.id}/{form}/", {"reason": "x", "version": caution.version}),
    )

    assert (shown.status_code, sent.status_code) == (403, 403)


def test_a_cautions_correction_is_offered_to_the_register_officer(client, register_officer):
    caution = cautioned("Gary", "Pratt").cautions.get()

    assert "Correct a typing error" in page(
        client, register_officer, f"/cautions/{caution.id}/correct/"
    )


def test_a_cautions_correction_is_refused_to_a_decision_maker(client):
    """Only the register officer corrects the register (000 §8.3, 002 §3.4)."""
    caution = cautioned("Gary", "Pratt").cautions.get()
    client.force_login(make_user(Role.DECISION_MAKER))

    assert client.get(f"/cautions/{caution.id}/correct/").status_code == 403
