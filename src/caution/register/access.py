"""Who may run the check and which cautions they see: the one answer to "may this user see
this caution?", used by the check page, the API, the command line and every selector."""

import dataclasses

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import QuerySet

from caution.accounts import roles
from caution.accounts.roles import Role
from caution.policy.profiles import current


@dataclasses.dataclass(frozen=True)
class CheckAccess:
    allowed: bool
    reason: str = ""


@dataclasses.dataclass(frozen=True)
class _Grants:
    """A user's roles and the permissions those roles give."""

    roles: frozenset[Role]
    permissions: frozenset[str]


def check_access(user) -> CheckAccess:
    if not user.is_authenticated or not _may_check(user):
        return CheckAccess(False, "Your role does not include checking the register.")
    if _councillor_only(user) and current().councillor_access == "none":
        return CheckAccess(False, current().councillor_note)
    return CheckAccess(True)


def caution_scope_for(user, cautions: QuerySet) -> QuerySet:
    if not check_access(user).allowed:
        return cautions.none()
    if Role.PARTNER in _roles(user):
        if user.organisation_id is None:
            return cautions.none()
        return cautions.filter(shared_with=user.organisation_id)
    return cautions


def _may_check(user) -> bool:
    """`user.has_perm(CHECK)`, answered from the user's roles when they give it: one query
    where Django's own lookup makes two more (each check would pay for them)."""
    if not isinstance(user, get_user_model()):  # the command-line operator
        return user.has_perm(roles.CHECK)
    if not user.is_active:
        return False
    if user.is_superuser or roles.CHECK in _grants(user).permissions:
        return True
    return user.has_perm(roles.CHECK)  # a permission given to the user, not by a role


def _grants(user) -> _Grants:
    """The user's roles and their permissions in one query, read once per user object (so
    once per request)."""
    if not hasattr(user, "_caution_grants"):
        rows = Group.objects.filter(user=user).values_list(
            "name", "permissions__content_type__app_label", "permissions__codename"
        )
        names, permissions = set(), set()
        for name, app_label, codename in rows:
            names.add(name)
            if codename:
                permissions.add(f"{app_label}.{codename}")
        user._caution_grants = _Grants(
            frozenset(role for role in Role if role.label in names), frozenset(permissions)
        )
    return user._caution_grants


def _roles(user) -> frozenset[Role]:
    if not isinstance(user, get_user_model()):
        return frozenset(roles.roles_of(user))
    return _grants(user).roles


def _councillor_only(user) -> bool:
    return _roles(user) == {Role.COUNCILLOR}
