"""Single sign-on with OpenID Connect (docs/operators/sso.md), through mozilla-django-oidc.

The library runs the authorisation code flow (state, nonce, PKCE). This module holds what
the library leaves to the installation, and is strict where the library is lenient:

- the ID token is checked here in full: its `alg` (the one configured; never `none`), its
  key (by `kid`, from the provider's JWKS), signature, issuer, audience (and `azp` when
  there are several), expiry and nonce;
- users are matched on the provider's stable subject within its tenant (`sub` with Entra
  ID's `tid`, otherwise with the issuer) through `SignInIdentity`, never on an e-mail
  address or a username;
- a user signing in for the first time gets an account with the roles that their
  directory groups map to (`OIDC_GROUP_ROLES`); with none, the account cannot sign in
  until an administrator gives it roles and lets it sign in.

Every sign-in and every refusal is audited. Nothing here logs claims or tokens.
"""

import functools
import logging
import re

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import IntegrityError, transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from caution.accounts.models import SignInIdentity, User
from caution.accounts.roles import Role, role_group
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock

log = logging.getLogger(__name__)

# Seconds of difference between the provider's clock and ours that a token's times allow.
CLOCK_LEEWAY_SECONDS = 60


class SignInRefused(Exception):
    """The provider's answer is not one to sign anyone in with; the reason is audited and
    never holds personal data."""


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def group_roles() -> dict[str, list[Role]]:
    """OIDC_GROUP_ROLES read: each directory group's roles in the service."""
    mapping: dict[str, list[Role]] = {}
    for pair in settings.OIDC_GROUP_ROLES:
        group, _, role = pair.rpartition("=")
        try:
            mapping.setdefault(group.strip(), []).append(Role(role.strip()))
        except ValueError:
            raise ImproperlyConfigured(
                f"OIDC_GROUP_ROLES: {role.strip()!r} is not a role; roles are "
                + ", ".join(r.value for r in Role)
            ) from None
        if not group.strip():
            raise ImproperlyConfigured("OIDC_GROUP_ROLES: write each pair as group-id=role")
    return mapping


def roles_for_groups(groups: object) -> list[Role]:
    if not isinstance(groups, list):
        return []
    mapping = group_roles()
    found = {role for group in groups if isinstance(group, str) for role in mapping.get(group, [])}
    return [role for role in Role if role in found]


@functools.lru_cache(maxsize=8)
def provider_metadata(issuer: str) -> dict:
    """The provider's discovery document, read once per process (a failure is not kept)."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    metadata = response.json()
    if metadata.get("issuer") != issuer:
        raise ImproperlyConfigured("OIDC_ISSUER differs from the issuer its provider announces")
    return metadata


def endpoint(name: str) -> str:
    return provider_metadata(settings.OIDC_ISSUER)[name]


# What PyJWT's refusals mean, in the audit's words.
_WHY = {
    jwt.InvalidAudienceError: "wrong audience",
    jwt.InvalidIssuerError: "wrong issuer",
    jwt.ExpiredSignatureError: "expired",
    jwt.ImmatureSignatureError: "not yet valid",
    jwt.InvalidSignatureError: "bad signature",
    jwt.MissingRequiredClaimError: "a required claim is missing",
}


class OidcBackend(OIDCAuthenticationBackend):
    """Signs in a user returning from the provider; answers nothing else (no password, no
    permissions: RoleBackend answers those)."""

    def __init__(self, *args, **kwargs) -> None:
        # The library reads its endpoints here; they are read when a sign-in needs them,
        # so that password sign-in never waits on the provider.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback asks with a nonce; password sign-in asks with a username.
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = endpoint("token_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = endpoint("jwks_uri")
        self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused as refusal:
            sso_refusal_record(str(refusal))
        except jwt.InvalidTokenError as error:
            sso_refusal_record(f"ID token refused ({_WHY.get(type(error), 'invalid')})")
        except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as error:
            sso_refusal_record(f"The provider's answer could not be used ({type(error).__name__})")
        return None

    def verify_token(self, token, **kwargs) -> dict:
        """The ID token's claims, once its algorithm, key, signature, issuer, audience,
        times and nonce have all been checked."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise SignInRefused("ID token refused (not a signed token)") from None
        if header.get("alg") != algorithm:
            raise SignInRefused(f"ID token refused (algorithm {header.get('alg')!s:.20})")
        claims = jwt.decode(
            token,
            self._signing_key(header),
            algorithms=[algorithm],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_ISSUER,
            leeway=CLOCK_LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused("ID token refused (issued to another client)")
        nonce = kwargs.get("nonce")
        if not nonce or claims.get("nonce") != nonce:
            raise SignInRefused("ID token refused (nonce)")
        return claims

    def _signing_key(self, header: dict):
        kid = header.get("kid")
        if not kid:
            raise SignInRefused("ID token refused (no key id)")
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        for key in response.json().get("keys", []):
            if key.get("kid") == kid and key.get("alg", header["alg"]) == header["alg"]:
                return jwt.PyJWK(key, algorithm=header["alg"]).key
        raise SignInRefused("ID token refused (unknown key)")

    def store_tokens(self, access_token, id_token) -> None:
        """Tokens are not kept: the service needs none once the user is signed in."""

    def get_or_create_user(self, access_token, id_token, payload):
        subject = payload["sub"]
        if not isinstance(subject, str) or not subject:
            raise SignInRefused("ID token refused (no subject)")
        return sso_sign_in(tenant=_tenant(payload), subject=subject, claims=payload)

    def get_user(self, user_id):
        """The signed-in user of a session this backend started, while they may sign in."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()


def _tenant(claims: dict) -> str:
    """Entra ID's tenant id, checked against the issuer it must appear in; for any other
    provider the issuer itself."""
    tenant = claims.get("tid")
    if tenant is None:
        return claims["iss"]
    if not isinstance(tenant, str) or f"/{tenant}/" not in claims["iss"] + "/":
        raise SignInRefused("ID token refused (tenant is not the issuer's)")
    return tenant


@transaction.atomic
def sso_sign_in(*, tenant: str, subject: str, claims: dict) -> User:
    """The user whose directory account this is, made on their first sign-in."""
    identity = (
        SignInIdentity.objects.select_for_update()
        .select_related("user")
        .filter(tenant=tenant, subject=subject)
        .first()
    )
    if identity is None:
        try:
            with transaction.atomic():
                return sso_user_provision(tenant=tenant, subject=subject, claims=claims)
        except IntegrityError:
            # Two first sign-ins at once: the other made the account a moment ago (or took
            # the user name chosen). Sign in to theirs, or choose the name again.
            identity = (
                SignInIdentity.objects.select_related("user")
                .filter(tenant=tenant, subject=subject)
                .first()
            )
            if identity is None:
                return sso_user_provision(tenant=tenant, subject=subject, claims=claims)
    user = identity.user
    if not user.is_active:
        audit_record(
            by=user,
            verb=AuditEvent.Verb.SIGN_IN_REFUSED,
            summary=f"Single sign-on refused: {user.username} may not sign in",
            target=user,
        )
        return user
    identity.last_signed_in_at = clock.now()
    identity.save(update_fields=["last_signed_in_at"])
    audit_record(
        by=user,
        verb=AuditEvent.Verb.SIGN_IN,
        summary=f"Signed in with single sign-on as {user.username}",
        target=user,
    )
    return user


def sso_user_provision(*, tenant: str, subject: str, claims: dict) -> User:
    """A new account for someone signing in for the first time: with the roles their
    directory groups map to, or, with none, waiting for an administrator."""
    roles = roles_for_groups(claims.get(settings.OIDC_GROUPS_CLAIM))
    user = User(
        username=_free_username(claims),
        first_name=_text(claims.get("given_name"), 150),
        last_name=_text(claims.get("family_name"), 150),
        email=_text(claims.get("email"), 254),
        is_active=bool(roles),
        is_staff=Role.ADMINISTRATOR in roles,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["email"])
    user.save()
    user.groups.set([role_group(role) for role in roles])
    SignInIdentity.objects.create(
        user=user, tenant=tenant, subject=subject, last_signed_in_at=clock.now()
    )
    waiting = "" if roles else ", waiting for an administrator"
    audit_record(
        by=user,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Created user {user.username} at their first single sign-on "
        f"({', '.join(role.label for role in roles) or 'no role'}{waiting})",
        target=user,
        details={"roles": [role.value for role in roles], "tenant": tenant},
    )
    if roles:
        audit_record(
            by=user,
            verb=AuditEvent.Verb.SIGN_IN,
            summary=f"Signed in with single sign-on as {user.username}",
            target=user,
        )
    return user


def _text(value: object, length: int) -> str:
    return value[:length] if isinstance(value, str) else ""


def _free_username(claims: dict) -> str:
    """The directory's user name (its UPN in Entra ID) for administrators to recognise, made
    unique: it is only a label, never what a user is matched on."""
    wanted = _text(claims.get("preferred_username"), 140) or _text(claims.get("email"), 140)
    wanted = re.sub(r"[^\w.@+-]", "-", wanted or f"sso-{claims['sub'][:20]}")
    username, number = wanted, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{wanted}-{number}"
    return username


@transaction.atomic
def sso_refusal_record(reason: str) -> None:
    """An audited refusal at the callback, before anyone is known."""
    audit_record(
        by=None, verb=AuditEvent.Verb.SIGN_IN_REFUSED, summary=f"Single sign-on refused: {reason}"
    )
    log.warning("Single sign-on refused: %s", reason)
