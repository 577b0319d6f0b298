"""Who may run the check and which cautions they see: the one answer to "may this user see
this caution?", used by the check page, the API, the command line and every selector."""

import dataclasses

from django.db.models import QuerySet

from caution.accounts import roles
from caution.accounts.roles import Role
from caution.policy.profiles import current


@dataclasses.dataclass(frozen=True)
class CheckAccess:
    allowed: bool
    reason: str = ""


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
    # Answered from the user's roles, read once per request (accounts/roles.py).
    return user.has_perm(roles.CHECK)


def _roles(user) -> frozenset[Role]:
    return frozenset(roles.roles_of(user))


def _councillor_only(user) -> bool:
    return _roles(user) == {Role.COUNCILLOR}
