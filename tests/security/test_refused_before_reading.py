"""Who may, asked first: the access matrix found the decision and approval pages offering
their forms to roles the action then refused, API operations that read their record
(writing a view row in the audit) before refusing, and two that answered 422 about the
input before 403 about the user. Each is refused now with 403, before anything is read or
checked, and leaves the audit as it was."""

import datetime as dt

import pytest
from django.utils import timezone

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.register import deciding
from tests.deciding.conftest import assessed, submitted
from tests.factories import make_person, make_user
from tests.security.access import api_routes, request
from tests.signing_in import SignedInClient


def signed_in(world, role: Role) -> SignedInClient:
    client = SignedInClient()
    client.force_login(world.principals[role.value])
    return client


def test_the_decision_page_refuses_a_panel_member_where_a_manager_decides(in_the_world):
    client = signed_in(in_the_world, Role.PANEL_MEMBER)

    response = client.get(f"/reports/{in_the_world.submitted.id}/decide/")

    assert response.status_code == 403
    assert "Record the decision" not in response.content.decode()


def test_the_approval_page_refuses_a_manager_who_reads_the_report(in_the_world):
    """Cheltenham's complex cases are approved by the Customer and Support Services Manager
    (a decision maker, 002 §3.4); a manager reads the report but may not approve it."""
    client = signed_in(in_the_world, Role.MANAGER)

    response = client.get(f"/decisions/{in_the_world.awaiting_approval.id}/approve/")

    assert response.status_code == 403
    assert "Approve as" not in response.content.decode()


@pytest.mark.parametrize(
    ("operation", "role"),
    [
        ("caution_register_cautions_api_caution_amend", Role.DATA_PROTECTION_OFFICER),
        ("caution_register_cautions_api_caution_correct", Role.DECISION_MAKER),
        ("caution_register_cautions_api_change_decide", Role.PANEL_MEMBER),
        ("caution_register_appeals_api_appeal_decide", Role.REGISTER_OFFICER),
        ("caution_letters_api_prepare", Role.DATA_PROTECTION_OFFICER),
        ("caution_letters_api_exempt", Role.MANAGER),
    ],
)
def test_an_operation_refused_to_a_role_leaves_no_view_in_the_audit(in_the_world, operation, role):
    route = next(route for route in api_routes(in_the_world) if route.name == operation)
    views = AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).count()

    outcome = request(signed_in(in_the_world, role), route)

    assert (outcome.status, outcome.changed) == (403, False)
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).count() == views


@pytest.mark.parametrize(
    ("operation", "role"),
    [
        # The report is decided already and the body's fields are minimal: 422 before.
        ("caution_register_deciding_api_decide", Role.DATA_PROTECTION_OFFICER),
        # The handler named is no user: 422 before.
        ("caution_register_appeals_api_appeal_record", Role.PANEL_MEMBER),
    ],
)
def test_a_role_that_may_not_record_is_refused_before_its_input_is_checked(
    in_the_world, operation, role
):
    route = next(route for route in api_routes(in_the_world) if route.name == operation)

    assert request(signed_in(in_the_world, role), route).status == 403


@pytest.fixture
def case_at_a_meeting(db, settings, reporter, register_officer):
    """Harborough's panel (000 §8.2): an assessed report on a meeting's agenda, with a
    panel member invited and one not. (The module's world, once built, holds Cheltenham's
    profile until the module ends.)"""
    settings.CAUTION_PROFILE = "harborough"
    report = submitted(reporter, make_person("Robert", "Smith"), "VIOLENCE")
    assessed(report, make_user(Role.MANAGER), "1")
    invited = make_user(Role.PANEL_MEMBER, first_name="Ivy")
    panel = [make_user(Role.DECISION_MAKER), make_user(Role.DATA_PROTECTION_OFFICER), invited]
    deciding.meeting_schedule(
        starts_at=timezone.localtime(clock.now()) + dt.timedelta(days=2),
        place="Committee room",
        cases=[report],
        invited=panel,
        by=register_officer,
    )
    return report, invited


def test_the_decision_page_refuses_a_panel_member_not_invited_to_decide_the_case(
    client, case_at_a_meeting
):
    report, _ = case_at_a_meeting
    client.force_login(make_user(Role.PANEL_MEMBER, first_name="Nia"))

    assert client.get(f"/reports/{report.id}/decide/").status_code == 403


def test_the_decision_page_offers_the_form_to_a_panel_member_invited_to_decide_the_case(
    client, case_at_a_meeting
):
    report, invited = case_at_a_meeting
    client.force_login(invited)

    response = client.get(f"/reports/{report.id}/decide/")

    assert response.status_code == 200
    assert "Record the decision" in response.content.decode()
