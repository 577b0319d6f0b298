"""An administrator adds users and gives them roles."""

import pytest
from django.urls import reverse

from caution.accounts.models import User
from caution.accounts.roles import Role, roles_of
from caution.audit.models import AuditEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NEW_USER = {
    "username": "jsmith",
    "first_name": "Jo",
    "last_name": "Smith",
    "email": "jo.smith@example.gov.uk",
    "password": "a long enough password",
    "roles": ["reporter", "manager"],
    "is_active": "on",
}


def test_an_administrator_adds_a_user_with_roles(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("accounts:user_add"), NEW_USER)
    assert response.status_code == 302
    user = User.objects.get(username="jsmith")
    assert set(roles_of(user)) == {Role.REPORTER, Role.MANAGER}
    assert user.check_password("a long enough password")
    assert AuditEvent.objects.filter(
        actor=administrator, summary__startswith="Created user jsmith"
    ).exists()


def test_a_partner_user_needs_an_organisation(client, administrator):
    client.force_login(administrator)
    page = client.post(
        reverse("accounts:user_add"), {**NEW_USER, "roles": ["partner"]}
    ).content.decode()
    assert "There is a problem" in page
    assert "Choose the partner organisation" in page
    assert not User.objects.filter(username="jsmith").exists()


def test_a_short_password_is_refused(client, administrator):
    client.force_login(administrator)
    page = client.post(
        reverse("accounts:user_add"), {**NEW_USER, "password": "short"}
    ).content.decode()
    assert "This password is too short" in page
    assert not User.objects.filter(username="jsmith").exists()


def test_an_administrator_changes_roles_and_stops_sign_in(client, administrator, reporter):
    client.force_login(administrator)
    url = reverse("accounts:user_edit", args=[reporter.id])
    client.post(url, {"roles": ["register_officer"]})
    reporter.refresh_from_db()
    assert roles_of(reporter) == [Role.REGISTER_OFFICER]
    assert reporter.is_active is False


def test_nobody_else_sees_the_users(client, reporter, register_officer):
    client.force_login(reporter)
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(reverse("accounts:user_edit", args=[register_officer.id])).status_code == 404


def test_a_user_changes_their_own_password(client, reporter):
    from tests.factories import PASSWORD

    client.force_login(reporter)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long password",
            "new_password2": "another long password",
        },
    )
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.check_password("another long password")


def test_createadmin_makes_an_administrator(tmp_path):
    from django.core.management import call_command

    secret = tmp_path / "password"
    secret.write_text("a long enough password\n")
    call_command("createadmin", "ada", password_file=str(secret))
    assert roles_of(User.objects.get(username="ada")) == [Role.ADMINISTRATOR]


def test_003_6_3_an_administrator_records_a_users_line_manager(client, administrator, reporter):
    manager = make_user(Role.MANAGER, first_name="Mo")
    client.force_login(administrator)

    client.post(
        reverse("accounts:user_edit", args=[reporter.id]),
        {"roles": ["reporter"], "is_active": "on", "manager": str(manager.id)},
    )

    reporter.refresh_from_db()
    assert reporter.manager == manager
    assert "Mo" in client.get(reverse("accounts:users")).content.decode()


def test_a_line_manager_managed_by_the_user_is_refused(client, administrator, reporter):
    manager = make_user(Role.MANAGER, first_name="Mo")
    User.objects.filter(id=manager.id).update(manager=reporter)
    client.force_login(administrator)

    page = client.post(
        reverse("accounts:user_edit", args=[reporter.id]),
        {"roles": ["reporter"], "is_active": "on", "manager": str(manager.id)},
    ).content.decode()

    assert "There is a problem" in page
    assert "not managed by this user" in page
    reporter.refresh_from_db()
    assert reporter.manager is None
