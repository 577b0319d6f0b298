"""Every question about a user's roles and permissions is answered from one query per
request (accounts/roles.py), and the floor under every page is a few statements."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import User
from caution.accounts.roles import Role, role_group, roles_of
from caution.audit.operator import CommandLineOperator
from caution.register.access import check_access
from tests.accounts.test_sign_in import production_settings
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_makes_four_statements_session_user_roles_and_unread_count(
    client, reporter, django_assert_num_queries
):
    """The check page before a search reads the session, the user, the user's roles with
    their permissions (one query, though the page and its navigation ask about a dozen
    permissions and the roles twice), and the count of unread notifications in the
    navigation. It writes nothing: the session was saved at sign-in, less than a minute
    ago. (Before issue 9 it made nine: two permission queries, the roles twice, and the
    session saved on every request.)"""
    client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})

    with django_assert_num_queries(4):
        assert client.get(reverse("register:check")).status_code == 200


def test_roles_and_permissions_are_read_once_per_user_object(reporter, django_assert_num_queries):
    user = User.objects.get(pk=reporter.pk)  # as each request loads its user

    with django_assert_num_queries(1):
        assert roles_of(user) == [Role.REPORTER]
        assert user.has_perm(roles.CHECK)
        assert not user.has_perm(roles.DECIDE)
        assert check_access(user).allowed
        assert roles.REPORT in user.get_all_permissions()


def test_a_change_of_roles_is_seen_at_once_by_the_same_user_object(reporter):
    assert not reporter.has_perm(roles.DECIDE)

    reporter.groups.set([role_group(Role.REGISTER_OFFICER)])

    assert roles_of(reporter) == [Role.REGISTER_OFFICER]
    assert reporter.has_perm(roles.DECIDE)


def test_a_permission_given_to_the_user_outside_any_role_counts(db):
    user = User.objects.create_user("contractor", password="a long enough password 1")
    assert not user.has_perm(roles.CHECK)

    user.user_permissions.add(Permission.objects.get(codename="run_check"))

    assert roles_of(user) == []
    assert user.has_perm(roles.CHECK)
    assert user.get_user_permissions() == {roles.CHECK}
    assert user.get_group_permissions() == set()


def test_an_inactive_user_has_no_permission_and_a_superuser_has_all(reporter):
    reporter.is_active = False
    admin = User.objects.create_superuser("root", password="a long enough password 1")

    assert not reporter.has_perm(roles.CHECK)
    assert admin.has_perm(roles.DECIDE)
    assert roles.MANAGE_WEBHOOKS in admin.get_all_permissions()


def test_the_command_line_operator_holds_no_role():
    assert roles_of(CommandLineOperator("someone")) == []


def test_database_connections_are_kept_and_checked_unless_configured_otherwise(tmp_path):
    conn = "DATABASES['default']['CONN_MAX_AGE']"
    checks = "DATABASES['default']['CONN_HEALTH_CHECKS']"
    postgres = {
        "CAUTION_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://caution@db.internal/caution",
    }

    assert production_settings(conn, checks, **postgres) == ["60", "True"]
    assert production_settings(conn, **postgres, DATABASE_CONN_MAX_AGE="0") == ["0"]
