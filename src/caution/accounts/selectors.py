from django.db.models import QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.accounts.models import Client, ClientToken, User
from caution.audit.models import AuditEvent


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


def clients_list(by) -> QuerySet[Client]:
    """The client systems, for administrators only; 404 for anyone else."""
    if not by.has_perm(roles.MANAGE_CLIENTS):
        raise Http404
    return Client.objects.select_related("organisation").prefetch_related("tokens")


def client_get_for_admin(client_id, by) -> Client:
    try:
        return clients_list(by).get(id=client_id)
    except Client.DoesNotExist:
        raise Http404 from None


def client_token_get_for_admin(token_id, by) -> ClientToken:
    if not by.has_perm(roles.MANAGE_CLIENTS):
        raise Http404
    try:
        return ClientToken.objects.select_related("client").get(id=token_id)
    except ClientToken.DoesNotExist:
        raise Http404 from None


# The client's latest calls shown on its page; the audit page has them all.
CALLS_SHOWN = 20


def client_calls(client: Client) -> list[AuditEvent]:
    """The client's latest audited calls: each check it ran, with its purpose."""
    events = AuditEvent.objects.filter(details__client__id=str(client.id))
    return list(events.order_by("-at")[:CALLS_SHOWN])
