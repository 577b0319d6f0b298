"""Machine clients: other systems that call the API with tokens of their own (ADR 0013).

An administrator registers a client and issues it tokens, each scoped to operations and
to the fields its answers may hold, with an expiry and a rate limit; and rotates or
revokes them. A token reads `crt_<prefix>_<secret>`: the prefix finds its row, and the
SHA-256 of the secret is compared with the one kept, in constant time. Nothing about a
token is cached: a revoked or expired token is refused on its very next call.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from typing import ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from caution.accounts import roles
from caution.accounts.models import (
    CLIENT_FIELDS,
    CLIENT_OPERATIONS,
    CLIENT_REPORT_FIELDS,
    Client,
    ClientToken,
    Organisation,
    User,
)
from caution.accounts.roles import Role
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock

# Every token begins so, for secret scanners to recognise it; the word is no secret.
TOKEN_START = "crt"  # noqa: S105
# The longest a token may live: a year and a day, so that a yearly renewal can overlap.
LONGEST_DAYS = 366
OPERATIONS = frozenset(code for code, _ in CLIENT_OPERATIONS)
FIELDS = frozenset(code for code, _ in CLIENT_FIELDS + CLIENT_REPORT_FIELDS)


@dataclasses.dataclass(frozen=True)
class ClientCaller:
    """A client calling the API with one of its tokens: the `by` of the actions it calls.

    It may run the check and nothing else a user may; a partner's client sees only the
    cautions shared with its partner (`register.access.caution_scope_for`), as a partner's
    users do. Every audit row it causes names the client, the token and the purpose the
    client gave for the call."""

    client_id: str
    client_name: str
    token_prefix: str
    organisation_id: object
    operations: frozenset[str]
    fields: frozenset[str]
    purpose: str = ""

    is_authenticated: ClassVar[bool] = True
    pk: ClassVar[None] = None

    @property
    def _caution_roles(self) -> tuple[Role, ...]:
        return (Role.PARTNER,) if self.organisation_id else ()

    @property
    def display_name(self) -> str:
        return f"{self.client_name} (client system)"

    @property
    def audit_details(self) -> dict:
        client = {"id": self.client_id, "name": self.client_name, "token": self.token_prefix}
        return {"client": client, "purpose": self.purpose}

    def has_perm(self, permission: str) -> bool:
        return permission == roles.CHECK

    def require(self, operation: str) -> None:
        """Refuse an operation outside the token's scope (the API answers 403)."""
        if operation not in self.operations:
            label = dict(CLIENT_OPERATIONS)[operation].split(" (")[0].lower()
            raise PermissionDenied(f"This token may not {label}.")

    def for_purpose(self, purpose: str) -> "ClientCaller":
        return dataclasses.replace(self, purpose=purpose)


@dataclasses.dataclass(frozen=True)
class IssuedToken:
    """A token just issued: `secret` is the whole token, which is never shown again."""

    token: ClientToken
    secret: str


class RateLimited(Exception):
    """The token has made as many calls as it may this minute."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many calls: wait for the next minute.")
        self.retry_after = retry_after


def _digest(secret: str) -> str:
    # The secret is random (256 bits): a fast unsalted hash keeps it safe at rest.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def client_register(
    *,
    name: str,
    owner: str,
    purpose: str,
    organisation: Organisation | None = None,
    by: User,
) -> Client:
    """Register another system that will call the API (it gets no token yet)."""
    client = Client(
        name=name.strip(),
        owner=owner.strip(),
        purpose=purpose.strip(),
        organisation=organisation,
        created_by=by,
    )
    client.full_clean()
    client.save()
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Registered the client system {client.name}",
        target=client,
        details={"owner": client.owner, "purpose": client.purpose},
    )
    return client


@transaction.atomic
def client_token_issue(
    client: Client,
    *,
    operations: list[str],
    fields: list[str],
    valid_days: int,
    per_minute: int = 60,
    by: User,
) -> IssuedToken:
    """A new token for the client, scoped to these operations and fields."""
    _check_scope(operations, fields, valid_days, per_minute)
    issued = _token_new(
        client,
        operations=operations,
        fields=fields,
        expires_at=clock.now() + dt.timedelta(days=valid_days),
        per_minute=per_minute,
        by=by,
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Issued token {issued.token.prefix} to the client system {client.name}",
        target=issued.token,
        details=_scope_details(issued.token),
    )
    return issued


@transaction.atomic
def client_token_revoke(token: ClientToken, *, by: User) -> ClientToken:
    """The token is refused from its next call on."""
    token = ClientToken.objects.select_for_update().select_related("client").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError("This token has already been revoked.")
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Revoked token {token.prefix} of the client system {token.client.name}",
        target=token,
    )
    return token


@transaction.atomic
def client_token_rotate(token: ClientToken, *, overlap_hours: int = 0, by: User) -> IssuedToken:
    """A new token with the same scope and the same length of life; the old one stops
    working after `overlap_hours` (0: at once), so the system can switch without a gap."""
    token = ClientToken.objects.select_for_update().select_related("client").get(pk=token.pk)
    now = clock.now()
    if token.status_at(now) != ClientToken.Status.ACTIVE:
        raise ValidationError("Only an active token can be rotated: issue a new one instead.")
    if not 0 <= overlap_hours <= 7 * 24:
        raise ValidationError({"overlap_hours": "Choose an overlap of up to 7 days"})
    issued = _token_new(
        token.client,
        operations=token.operations,
        fields=token.fields,
        expires_at=now + (token.expires_at - token.created_at),
        per_minute=token.per_minute,
        by=by,
        rotated_from=token,
    )
    token.expires_at = min(token.expires_at, now + dt.timedelta(hours=overlap_hours))
    token.save(update_fields=["expires_at"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=(
            f"Rotated token {token.prefix} of the client system {token.client.name}: "
            f"{issued.token.prefix} replaces it"
        ),
        target=issued.token,
        details={**_scope_details(issued.token), "old_token_ends": token.expires_at.isoformat()},
    )
    return issued


def _token_new(
    client: Client, *, operations, fields, expires_at, per_minute, by, rotated_from=None
):
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ClientToken.objects.create(
        client=client,
        prefix=prefix,
        digest=_digest(secret),
        operations=sorted(operations),
        fields=sorted(fields),
        per_minute=per_minute,
        expires_at=expires_at,
        created_by=by,
        rotated_from=rotated_from,
    )
    return IssuedToken(token, f"{TOKEN_START}_{prefix}_{secret}")


def _check_scope(operations, fields, valid_days: int, per_minute: int) -> None:
    problems = {}
    if not operations:
        problems["operations"] = "Choose at least one thing the token may do"
    elif not OPERATIONS.issuperset(operations):
        problems["operations"] = "Choose operations from the list"
    if not FIELDS.issuperset(fields):
        problems["fields"] = "Choose fields from the list"
    if not 1 <= valid_days <= LONGEST_DAYS:
        problems["valid_days"] = f"A token lives from 1 to {LONGEST_DAYS} days"
    if not 1 <= per_minute <= 6000:
        problems["per_minute"] = "Allow from 1 to 6000 calls a minute"
    if problems:
        raise ValidationError(problems)


def _scope_details(token: ClientToken) -> dict:
    return {
        "client": str(token.client_id),
        "operations": token.operations,
        "fields": token.fields,
        "per_minute": token.per_minute,
        "expires_at": token.expires_at.isoformat(),
    }


# Compared against when the prefix names no token, so that an unknown prefix takes as long.
_NO_DIGEST = _digest("")


def client_token_authenticate(presented: str) -> ClientCaller | None:
    """The caller a presented token stands for, or None (the API answers 401) when it is
    not a token, unknown, revoked or expired. Counts the call against the token's rate
    limit, and raises RateLimited once the minute's calls are spent."""
    start, _, rest = presented.partition("_")
    prefix, _, secret = rest.partition("_")
    if start != TOKEN_START or not prefix or not secret:
        return None
    token = ClientToken.objects.select_related("client").filter(prefix=prefix).first()
    matches = hmac.compare_digest(token.digest if token else _NO_DIGEST, _digest(secret))
    now = clock.now()
    if token is None or not matches or token.status_at(now) != ClientToken.Status.ACTIVE:
        return None
    if not _call_counted(token, now):
        raise RateLimited(retry_after=60 - now.second)
    client = token.client
    return ClientCaller(
        client_id=str(client.id),
        client_name=client.name,
        token_prefix=token.prefix,
        organisation_id=client.organisation_id,
        operations=frozenset(token.operations),
        fields=frozenset(token.fields),
    )


def _call_counted(token: ClientToken, now: dt.datetime) -> bool:
    """Count a call in the token's current minute, if the minute has room: two
    conditional UPDATEs, so that every app server on the database shares one count."""
    minute = now.replace(second=0, microsecond=0)
    rows = ClientToken.objects.filter(pk=token.pk)
    for _ in range(2):  # a second server may start the same new minute in between
        in_minute = rows.filter(window_start=minute, window_calls__lt=F("per_minute"))
        if in_minute.update(window_calls=F("window_calls") + 1, last_used_at=now):
            return True
        new_minute = rows.exclude(window_start=minute)
        if new_minute.update(window_start=minute, window_calls=1, last_used_at=now):
            return True
    return False
