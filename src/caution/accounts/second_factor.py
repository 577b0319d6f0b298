"""A second factor for local accounts (docs/user/second-factor.md), with django-otp.

Users holding a role in CAUTION_2FA_ROLES who sign in with a password must then enter the
code of an authenticator app (TOTP), or one of ten single-use recovery codes, before any
page or API call answers them. They set the app up at their first sign-in. Users signed in
by single sign-on are not asked: their council's provider asks for its own second factor.

Wrong codes count towards the same lock as wrong passwords (django-axes: 5 in a row lock the
account for 30 minutes), and django-otp makes each device wait longer after each wrong code.
"""

import base64
import secrets

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from caution.accounts.models import RecoveryCode, RecoveryCodeDevice, User, recovery_code_digest
from caution.accounts.roles import Role, holds
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent

RECOVERY_CODES = 10
WRONG_CODE = "The code is not right: enter the 6-digit code your authenticator app shows now"
WAIT = "Wait a few seconds, then enter the code your authenticator app shows"
SSO_BACKEND = "caution.accounts.oidc.OidcBackend"


def required_roles() -> list[Role]:
    """CAUTION_2FA_ROLES read, each checked to be a role."""
    try:
        return [Role(name) for name in settings.CAUTION_2FA_ROLES]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"CAUTION_2FA_ROLES: {error}; roles are {', '.join(role.value for role in Role)}"
        ) from None


def second_factor_required(user) -> bool:
    """Whether this user, signing in with a password, must also give a second factor."""
    return holds(user, *required_roles())


def signed_in_by_sso(request: HttpRequest) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()


def secret_words(device: TOTPDevice) -> str:
    """The authenticator's secret key as people type it into an app: base32, in fours."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def totp_device_start(user: User) -> TOTPDevice:
    """The authenticator being set up: the same one each time the page is opened, until a
    code from it confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(device: TOTPDevice, code: str, *, by: User) -> list[str]:
    """Confirms the authenticator being set up with a code from it, in place of any other,
    and gives the user ten new recovery codes: returned to be shown once, kept hashed."""
    # Checked outside the transaction, so that a wrong code's wait is kept.
    if not device.verify_token("".join(code.split())):
        raise ValidationError({"code": WRONG_CODE})
    return _totp_device_confirmed(device, by=by)


@transaction.atomic
def _totp_device_confirmed(device: TOTPDevice, *, by: User) -> list[str]:
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Set up a second factor for {user.username}",
        target=user,
    )
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = []
    for _ in range(RECOVERY_CODES):
        # 80 random bits, in four groups of four letters and digits.
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def second_factor_verify(user: User, code: str) -> Device:
    """The device that accepts this code: six digits are the authenticator's, anything
    else a recovery code (used up by this). Refused with the reason; audited either way."""
    code = "".join(code.split())
    if code.isdigit() and len(code) == 6:
        device = authenticator_of(user)
        what = "authenticator"
    else:
        device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
        what = "recovery code"
    if device is not None and not device.verify_is_allowed()[0]:
        raise ValidationError({"code": WAIT})
    if device is None or not device.verify_token(code):
        _audit(user, AuditEvent.Verb.SIGN_IN_REFUSED, f"Wrong second-factor code ({what})")
        raise ValidationError({"code": WRONG_CODE})
    left = f", {recovery_codes_left(user)} left" if what == "recovery code" else ""
    _audit(user, AuditEvent.Verb.SIGN_IN, f"Signed in with a second factor ({what}{left})")
    return device


@transaction.atomic
def _audit(user: User, verb: AuditEvent.Verb, summary: str) -> None:
    audit_record(by=user, verb=verb, summary=summary, target=user)


@transaction.atomic
def totp_device_reset(user: User, *, by: User) -> None:
    """A lost or replaced phone: the user's authenticator and recovery codes are removed, so
    that they set up a new one when they next sign in with their password."""
    authenticators = TOTPDevice.objects.filter(user=user).delete()[0]
    RecoveryCodeDevice.objects.filter(user=user).delete()
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Reset the second factor of {user.username}",
        target=user,
        details={"authenticators_removed": authenticators},
    )


# Pages a user who still owes a second factor may open.
_OPEN_PAGES = {"second_factor_verify", "second_factor_set_up", "logout", "login"}


class SecondFactorMiddleware:
    """Until a user whose role needs a second factor has given it, every page sends them to
    give it (or to set up their authenticator), and the API answers 401. Goes after
    django-otp's OTPMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or signed_in_by_sso(request):
            return None
        if not second_factor_required(user):
            return None
        if request.resolver_match and request.resolver_match.url_name in _OPEN_PAGES:
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": "Sign in with your second factor first", "errors": {}}, status=401
            )
        page = "second_factor_verify" if authenticator_of(user) else "second_factor_set_up"
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
