import uuid

from django.conf import settings
from django.db import models

from caution.lib import clock


class SweepRun(models.Model):
    """One day the daily sweep has run for: the sweep catches up from the last one."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Sweep of {self.day:%Y-%m-%d}"


class LegalHold(models.Model):
    """The data protection officer pauses the deletion of a person's records, with a
    reason (a claim, an investigation), until the hold is lifted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=clock.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return f"Legal hold {self.id}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class Tombstone(models.Model):
    """What is left of a person deleted at the end of retention: no personal data, only
    counts and dates, for statistics; and the deleted person's random id, so that a
    restored backup that still holds them deletes them again (ADR 0015)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Not a foreign key: the person is gone. Blank for deletions made before it was kept.
    person_id = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    profile = models.CharField(max_length=40)
    level = models.CharField(max_length=20, blank=True)  # of the latest caution
    category = models.CharField(max_length=40, blank=True)
    ended_as = models.CharField(max_length=10, blank=True)  # expired or removed
    first_added = models.DateField(null=True, blank=True)
    last_ended = models.DateField(null=True, blank=True)
    deleted_on = models.DateField()
    cautions = models.PositiveIntegerField(default=0)
    incidents = models.PositiveIntegerField(default=0)
    letters = models.PositiveIntegerField(default=0)
    appeals = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-deleted_on"]

    def __str__(self) -> str:
        return f"Deleted record {self.id}"


class SubjectAccessRequest(models.Model):
    """A person asked for a copy of what the council holds about them: answered within
    one calendar month of receipt (UK GDPR Article 12(3))."""

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        WEB_FORM = "web_form", "Web form"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Kept (without the person) after the person's records are deleted: the log of
    # requests and whether they were answered in time outlives them.
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="access_requests"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_on = models.DateField()
    due_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)
    exported_at = models.DateTimeField(null=True, blank=True)
    redacted = models.BooleanField(default=False)
    completed_on = models.DateField(null=True, blank=True)
    # The officer read the export's free text, other people named in it flagged
    # (privacy/review.py), and confirmed it may be released; the digest is of the text
    # reviewed: if the records change, the export must be reviewed again.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["due_on"]
        permissions = [
            ("protect_data", "Can handle subject access, rectification, holds and deletion")
        ]

    def __str__(self) -> str:
        return f"Subject access request {self.id}"

    @property
    def overdue(self) -> bool:
        return self.completed_on is None and self.due_on < clock.today()


class RectificationRequest(models.Model):
    """A person asked for data about them to be corrected, and what was decided."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        CORRECTED = "corrected", "Corrected"
        REFUSED = "refused", "Refused"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="rectification_requests"
    )
    received_on = models.DateField()
    due_on = models.DateField()
    request = models.TextField("What the person says is wrong")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"Rectification request {self.id}"

    @property
    def overdue(self) -> bool:
        return self.outcome == self.Outcome.PENDING and self.due_on < clock.today()
