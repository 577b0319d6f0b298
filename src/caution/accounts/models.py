import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from caution.lib import clock


class Organisation(models.Model):
    """A council service or an outside partner (contractor, housing company, agency)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council service"
        PARTNER = "partner", "Partner organisation"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARTNER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff, councillor or partner who signs in.

    Roles are groups (see roles.py). `organisation` places a partner's users, so that they
    see only cautions shared with their organisation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    service_area = models.CharField(max_length=120, blank=True)
    # Told at once when this user is threatened (003 §6.3-6.4).
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta(AbstractUser.Meta):
        permissions = [("view_policy_profile", "Can view the policy profile")]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class SignInIdentity(models.Model):
    """A user's account at the council's OpenID Connect provider (docs/operators/sso.md).

    Matched on the provider's stable subject (`sub`) within its tenant (Entra ID's `tid`,
    otherwise the issuer), never on an e-mail address: an address can be given to someone
    else, a subject cannot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_identities")
    tenant = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=clock.now)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "subject"], name="one_user_per_sso_subject")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.tenant}"


def recovery_code_digest(code: str) -> str:
    """The SHA-256 of a recovery code as typed, ignoring case, spaces and hyphens. The codes
    are random (80 bits), so an unsalted fast hash keeps them safe at rest."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's ten single-use recovery codes, as a django-otp device, kept only as hashes
    (django-otp's own static tokens are kept as typed)."""

    def get_throttle_factor(self) -> int:
        return settings.OTP_TOTP_THROTTLE_FACTOR

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(
            digest=recovery_code_digest(str(token)), used_at__isnull=True
        ).update(used_at=clock.now())
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["device", "digest"], name="accounts_recovery_code_idx")]

    def __str__(self) -> str:
        return f"Recovery code of {self.device.user}"
