"""Who a management command acts as."""

from django.core.management.base import CommandError

from caution.accounts.models import User
from caution.audit.operator import CommandLineOperator


def acting_user(username: str | None):
    if not username:
        return CommandLineOperator()
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"No active user called {username!r}.") from None
