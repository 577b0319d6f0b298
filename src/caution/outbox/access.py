"""Who may manage webhooks and read the delivery log: administrators (MANAGE_WEBHOOKS,
`accounts/roles.py`). Actions refuse with the reason; pages answer 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from caution.accounts import roles


def may_manage_webhooks(user) -> bool:
    return user.has_perm(roles.MANAGE_WEBHOOKS)


def require_webhook_admin(user) -> None:
    if not may_manage_webhooks(user):
        raise PermissionDenied("Your role does not include managing webhooks.")


def require_webhook_admin_page(user) -> None:
    """Anyone but an administrator is told the page does not exist."""
    if not may_manage_webhooks(user):
        raise Http404
