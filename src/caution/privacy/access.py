"""Who may do the data protection officer's work (subject access, rectification, legal
holds, the retention pages), asked of the user's roles (PROTECT_DATA, `accounts/roles.py`).
Actions refuse with the reason; pages answer 404, so they tell nothing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from caution.accounts import roles


def may_protect_data(user) -> bool:
    return user.has_perm(roles.PROTECT_DATA)


def require_data_protection(user, *, does: str) -> None:
    """Refuses anyone but the data protection officer: "Only the data protection officer
    {does}."."""
    if not may_protect_data(user):
        raise PermissionDenied(f"Only the data protection officer {does}.")


def require_data_protection_page(user) -> None:
    """Anyone but the data protection officer is told the page does not exist."""
    if not may_protect_data(user):
        raise Http404
