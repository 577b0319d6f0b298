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


# What a client token may ask (its operations) and what the answers may hold (its fields).
# An answer always says whether anything was found (a yes or no); each field adds to it.
CLIENT_OPERATIONS = [
    ("alert", "Ask about one person or address (POST /api/alerts)"),
    ("visit_list", "Check a list of visits, one answer per visit (POST /api/alerts/visits)"),
    ("report", "Send a partner's report for assessment (POST /api/partner/reports)"),
]
CLIENT_FIELDS = [
    ("level", "The level, in words"),
    ("precautions", "Precautions staff must take"),
    ("restrictions", "Restrictions on the person"),
    ("contact", "Whom to speak to: key contact and reporting service"),
    ("match", "Who was matched: name, how close the match is, and why"),
]
# What a partner's report may hold beside what every report has (the person's names, when
# it happened, the category, what happened and when the partner told the person): each only
# where the token's fields name it.
CLIENT_REPORT_FIELDS = [
    ("report_date_of_birth", "Reports may give the person's date of birth"),
    ("report_address", "Reports may give the person's address"),
    ("report_police_reference", "Reports may give a police reference"),
]


class Client(models.Model):
    """Another system that calls the API with a token of its own (a housing system, a CRM,
    a repairs scheduler): never a user, and never signed in (ADR 0013)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("Name of the system", max_length=120, unique=True)
    owner = models.CharField(
        "Owner", max_length=200, help_text="The team or person answerable for the system"
    )
    purpose = models.TextField("Why it needs the register")
    # A partner's system sees only the cautions shared with that partner, as its users do.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="clients"
    )
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def active_tokens(self) -> list["ClientToken"]:
        now = clock.now()
        return [t for t in self.tokens.all() if t.status_at(now) == ClientToken.Status.ACTIVE]


class ClientToken(models.Model):
    """One token of a client: what it may ask and see, until when. Only the SHA-256 of its
    secret is kept; the token itself is shown once, when it is issued."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="tokens")
    # The token's public part: finds the row, and names the token in pages and the audit.
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    operations = models.JSONField(default=list)
    fields = models.JSONField(default=list)
    per_minute = models.PositiveIntegerField("Calls a minute", default=60)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The token this one replaced, when it was issued by rotation.
    rotated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rotated_to"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The rate limit's count: calls in the minute that began at window_start.
    window_start = models.DateTimeField(null=True, blank=True)
    window_calls = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client} token {self.prefix}"

    def status_at(self, moment) -> "ClientToken.Status":
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= moment:
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def status(self) -> "ClientToken.Status":
        return self.status_at(clock.now())

    @property
    def operation_labels(self) -> list[str]:
        labels = dict(CLIENT_OPERATIONS)
        return [labels.get(code, code) for code in self.operations]

    @property
    def field_labels(self) -> list[str]:
        labels = dict(CLIENT_FIELDS + CLIENT_REPORT_FIELDS)
        return [labels.get(code, code) for code in self.fields]


class LawfulBasis(models.TextChoices):
    """The UK GDPR Article 6 bases a council shares under; special-category and criminal
    offence data need their own condition too, written in `condition` (ADR 0017)."""

    PUBLIC_TASK = "public_task", "Public task (Article 6(1)(e))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (Article 6(1)(c))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (Article 6(1)(d))"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (Article 6(1)(f))"


class SharingAgreementQuerySet(models.QuerySet):
    def live_on(self, day) -> "SharingAgreementQuerySet":
        """In force on `day`: started, and its end date not passed (it ends at midnight
        after `ends_on`)."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class SharingAgreement(models.Model):
    """An information-sharing agreement between the council and a partner: what is shared
    (the profile's categories), why, under which lawful basis, whether the partner may pass
    it on, and until when (000 §8.6, 002's sharing with CBH). A caution is shared with the
    partner only while an agreement covering its category is live (ADR 0017)."""

    # The category code of an entry that has none (one imported from an old register).
    UNCATEGORISED = ""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField("Title", max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements"
    )
    purpose = models.TextField("Purpose of sharing")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    condition = models.TextField(
        "Condition for special-category or criminal offence data", blank=True
    )
    # Profile category codes; UNCATEGORISED covers entries with no category.
    categories = models.JSONField(default=list)
    onward_disclosure = models.TextField("Onward disclosure")
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField()
    document = models.FileField(upload_to="agreements/%Y/", blank=True)
    # The day the sweep found it ended and told the partner (once).
    lapsed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SharingAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def live_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
