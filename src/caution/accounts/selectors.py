from django.db.models import Q, QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.accounts.models import Client, ClientToken, Organisation, SharingAgreement, User
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


def agreements_list(by) -> QuerySet[SharingAgreement]:
    """The sharing agreements, for those who manage them; 404 for anyone else."""
    if not by.has_perm(roles.MANAGE_AGREEMENTS):
        raise Http404
    return SharingAgreement.objects.select_related("organisation")


def agreement_get_for_manager(agreement_id, by) -> SharingAgreement:
    try:
        return agreements_list(by).get(id=agreement_id)
    except SharingAgreement.DoesNotExist:
        raise Http404 from None


# The looks a partner's users and systems take: their checks and the records they open.
LOOKS = (AuditEvent.Verb.CHECK, AuditEvent.Verb.VIEW)


def partner_looks(organisation_id) -> QuerySet[AuditEvent]:
    """Every look the partner took, newest first: by its users, and by its client systems
    (whose calls are audited without a user, naming the client)."""
    clients = [
        str(pk)
        for pk in Client.objects.filter(organisation_id=organisation_id).values_list(
            "id", flat=True
        )
    ]
    by_partner = Q(actor__organisation_id=organisation_id) | Q(details__client__id__in=clients)
    events = AuditEvent.objects.filter(by_partner, verb__in=LOOKS)
    return events.select_related("actor").order_by("-at")


def partner_looks_for(user) -> QuerySet[AuditEvent]:
    """The looks of the user's own partner organisation: what a partner's page lists."""
    if user.organisation_id is None or user.organisation.kind != Organisation.Kind.PARTNER:
        raise Http404
    return partner_looks(user.organisation_id)
