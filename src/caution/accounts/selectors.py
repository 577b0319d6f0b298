from django.db.models import QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.accounts.models import User


def users_list() -> QuerySet[User]:
    return (
        User.objects.select_related("organisation", "manager")
        .prefetch_related("groups", "sign_in_identities")
        .order_by("last_name", "first_name", "username")
    )


def user_get_for_admin(user_id, by) -> User:
    """A user account, for administrators only; 404 for anyone else."""
    if not by.has_perm(roles.MANAGE_USERS):
        raise Http404
    try:
        return users_list().get(id=user_id)
    except User.DoesNotExist:
        raise Http404 from None
