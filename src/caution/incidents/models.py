import uuid

from django.conf import settings
from django.db import models

from caution.lib import clock
from caution.people.models import IdentifiedBy, IdentityConfidence


class Incident(models.Model):
    """What a member of staff (or an agency) reports: an incident, a low-level incident, a
    run of persistent contacts, a third-party report, or a positive contact."""

    class Kind(models.TextChoices):
        INCIDENT = "incident", "Incident"
        LOW_LEVEL = "low_level", "Low-level incident"
        PERSISTENT = "persistent", "Persistent contact (several contacts in one report)"
        THIRD_PARTY = "third_party", "Third-party report from another agency"
        POSITIVE = "positive", "Positive or neutral contact"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting assessment"
        ASSESSED = "assessed", "Assessed, awaiting decision"
        DECIDED = "decided", "Decided"
        RECORDED = "recorded", "Recorded"  # low-level and positive contacts: no decision

    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"
        EMAIL = "email", "E-mail"
        SOCIAL_MEDIA = "social_media", "Social media"
        HOME_VISIT = "home_visit", "Home visit"
        COUNCIL_OFFICE = "council_office", "Council office"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INCIDENT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Incremented by every action that changes the incident: a form carries the version it
    # was opened at, and an action refuses to save over a newer one.
    version = models.PositiveIntegerField(default=1)
    # None for a report a partner's system sent with its token (`reporting_client`).
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents_reported",
    )
    reporting_client = models.ForeignKey(
        "accounts.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A partner's report: the sharing agreement it was given under (000 §8.6).
    source_agreement = models.ForeignKey(
        "accounts.SharingAgreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # The day the partner says it told the person of its own entry (000 §8.6: "only ... if
    # they have been notified by the business partner").
    partner_told_person_on = models.DateField(null=True, blank=True)
    on_behalf_of = models.CharField(
        "Reported on behalf of",
        max_length=200,
        blank=True,
        help_text="Name and role of someone without access to this service (002 §4.1)",
    )
    agency = models.CharField(
        "Reporting agency",
        max_length=200,
        blank=True,
        help_text="Police, probation or another agency, for a third-party report",
    )
    occurred_at = models.DateTimeField("When it happened", null=True, blank=True)
    location = models.CharField("Where it happened", max_length=300, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    service_area = models.CharField(max_length=120, blank=True)
    category = models.CharField(max_length=40, blank=True)
    description = models.TextField("What happened", blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    # How the reporter knew who it was, and how sure they are: the decision's default.
    identified_by = models.CharField(
        "How you knew who it was", max_length=20, choices=IdentifiedBy.choices, blank=True
    )
    identity_confidence = models.CharField(
        "How sure you are", max_length=20, choices=IdentityConfidence.choices, blank=True
    )
    police_involved = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=60, blank=True)
    injury = models.BooleanField("Someone was injured", default=False)
    first_aid = models.BooleanField("First aid was given", default=False)
    riddor = models.BooleanField("RIDDOR-reportable", default=False)
    created_at = models.DateTimeField(default=clock.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        permissions = [("assess_incident", "Can assess a submitted report")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"

    @property
    def reporter_manager(self):
        """The reporter's line manager; None for a report a partner's system sent."""
        return self.reported_by.manager if self.reported_by_id else None

    @property
    def reference(self) -> str:
        """What the reporter quotes: the start of the report's identifier, shown on the
        confirmation, the report and the lists of reports."""
        return f"R-{self.id.hex[:8].upper()}"

    @property
    def needs_decision(self) -> bool:
        return self.kind not in (self.Kind.LOW_LEVEL, self.Kind.POSITIVE)


class IncidentContact(models.Model):
    """One of the contacts a persistent-contact report covers (002 §4.2)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Incident.Channel.choices)
    summary = models.CharField(max_length=500)

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d/%m/%Y %H:%M} {self.get_channel_display()}"


class StaffAffected(models.Model):
    """A member of staff the behaviour was aimed at or who was affected. A target cannot
    assess or decide the case (002 §4.5.2, 000 §8.2) and is alerted to threats (003 §6.3)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    threatened = models.BooleanField("Threatened by name", default=False)

    def __str__(self) -> str:
        return self.user.display_name if self.user else self.name


class Witness(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="witnesses")
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField()

    class Meta:
        verbose_name_plural = "witnesses"

    def __str__(self) -> str:
        return self.name


class Evidence(models.Model):
    """A file supporting an incident, stored privately (never under a public URL)."""

    class Kind(models.TextChoices):
        CORRESPONDENCE = "correspondence", "Correspondence"
        PHOTO = "photo", "Photograph"
        CCTV = "cctv", "CCTV still or footage"
        BODY_CAMERA = "body_camera", "Body camera footage"
        AUDIO = "audio", "Audio recording"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name
