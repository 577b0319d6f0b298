"""State changes to accounts."""

from django.db import transaction

from caution.accounts.models import Organisation, User
from caution.accounts.roles import Role, role_group
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    by: User | None,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([role_group(role) for role in roles])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Created user {username} ({', '.join(r.label for r in roles)})",
        target=user,
    )
    return user


@transaction.atomic
def user_update(
    user: User,
    *,
    roles: list[Role],
    organisation: Organisation | None,
    is_active: bool,
    by: User | None,
) -> User:
    """Change a user's roles, organisation or whether they may sign in."""
    before = sorted(group.name for group in user.groups.all())
    user.organisation = organisation
    user.is_active = is_active
    user.is_staff = Role.ADMINISTRATOR in roles
    user.full_clean()
    user.save()
    user.groups.set([role_group(role) for role in roles])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Changed user {user.username}",
        target=user,
        details={
            "roles_before": before,
            "roles_after": sorted(role.label for role in roles),
            "active": is_active,
        },
    )
    return user
