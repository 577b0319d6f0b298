"""State changes to accounts."""

from django.core.exceptions import ValidationError
from django.db import transaction

from caution.accounts.models import Organisation, User
from caution.accounts.roles import Role, role_group
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent


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
    manager: User | None = None,
    by: User | None,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        manager=manager,
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
    manager: User | None = None,
    by: User | None,
) -> User:
    """Change a user's roles, organisation, line manager or whether they may sign in."""
    _check_manager(user, manager)
    before = sorted(group.name for group in user.groups.all())
    manager_before = user.manager.username if user.manager_id else None
    user.organisation = organisation
    user.manager = manager
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
            "manager": [manager_before, manager.username if manager else None],
        },
    )
    return user


def _check_manager(user: User, manager: User | None) -> None:
    """A line manager is someone else, and the line never comes back round to the user:
    appeals go up it to someone more senior (003 §9.3)."""
    above = manager
    while above is not None:
        if above.pk == user.pk:
            raise ValidationError(
                {"manager": "Choose a line manager who is not managed by this user"}
            )
        above = above.manager
