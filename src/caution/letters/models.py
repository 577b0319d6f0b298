import uuid

from django.conf import settings
from django.db import models

from caution.lib import clock
from caution.policy.vocabulary import NOTIFICATION_EXEMPTIONS


class Letter(models.Model):
    """A letter to the person: drafted from the profile's template, signed off by the
    profile's signatory, issued as a PDF kept on file with its hash (000 §8.2), then
    delivered by post, e-mail or hand (003 §9.1). Once issued it never changes."""

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        CAUTION = "caution", "Caution (inclusion on the register)"
        RESTRICTIONS = "restrictions", "Restrictions"
        REVIEW_OUTCOME = "review_outcome", "Review outcome"
        EXTENSION = "extension", "Extension of the entry"
        REMOVAL = "removal", "Removal from the register"
        APPEAL_ACKNOWLEDGEMENT = "appeal_acknowledgement", "Appeal acknowledgement"
        APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome"
        UNACCEPTABLE_CORRESPONDENCE = (
            "unacceptable_correspondence",
            "Response to unacceptable correspondence",
        )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGNOFF = "awaiting_signoff", "Awaiting sign-off"
        ISSUED = "issued", "Issued"
        DELIVERED = "delivered", "Delivered"
        NOT_SENT = "not_sent", "Not sent (exemption)"

    class Method(models.TextChoices):
        POST = "post", "Post"
        EMAIL = "email", "E-mail"
        HAND = "hand", "Hand delivery"

    class DeliveryStatus(models.TextChoices):
        NONE = "", "Not yet sent"
        TO_POST = "to_post", "Waiting in the print pack"
        POSTED = "posted", "Posted"
        EMAILED = "emailed", "E-mailed"
        HAND_DELIVERED = "hand_delivered", "Hand delivered"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="letters")
    caution = models.ForeignKey(
        "register.Caution", null=True, blank=True, on_delete=models.CASCADE, related_name="letters"
    )
    decision = models.ForeignKey(
        "register.Decision",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letters",
    )
    appeal = models.ForeignKey(
        "register.Appeal", null=True, blank=True, on_delete=models.CASCADE, related_name="letters"
    )
    review = models.ForeignKey(
        "register.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="letters"
    )
    # The policy profile whose template and rules the letter follows.
    profile = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The profile's notification deadline, counted from the decision (000 §8.7).
    due_on = models.DateField(null=True, blank=True)
    # What the letter says: plain strings and lists only, edited while it is a draft.
    fields = models.JSONField(default=dict)
    # Printed in large print (16pt, wider spacing): a reasonable adjustment agreed with the
    # person (ADR 0024), offered when the draft is prepared and changeable until signed.
    large_print = models.BooleanField(default=False)
    # Snapshots of the letter as issued; the PDF is the copy kept on file.
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    pdf = models.FileField(upload_to="letters/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signatory_title = models.CharField(max_length=300, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    delivery_method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    delivery_status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, blank=True, default=DeliveryStatus.NONE
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivered_to = models.CharField(max_length=254, blank=True)  # e-mail address used
    # A decision not to tell the person (000 §8.7, 003 §9.4): which exemption, why, who.
    exemption = models.CharField(max_length=40, blank=True)
    exemption_justification = models.TextField(blank=True)
    exemption_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exempted_at = models.DateTimeField(null=True, blank=True)
    # Where a panel decided the case, the meeting at which it decided not to tell the
    # person, and its members present: the Panel's decision, not one officer's (000 §8.7).
    exemption_meeting = models.ForeignKey(
        "register.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exemption_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    # Set when an overdue letter was escalated, so the daily sweep escalates it once.
    escalated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter {self.id}"

    @property
    def reference(self) -> str:
        """A short reference printed on the letter, carrying no personal data."""
        return f"L-{str(self.id)[:8].upper()}"

    @property
    def issued(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.DELIVERED)

    @property
    def open(self) -> bool:
        """Still to be sent: neither delivered nor exempted."""
        return self.status not in (self.Status.DELIVERED, self.Status.NOT_SENT)

    @property
    def exemption_label(self) -> str:
        return NOTIFICATION_EXEMPTIONS.get(self.exemption, self.exemption)

    def overdue_on(self, day) -> bool:
        return self.open and self.due_on is not None and self.due_on < day


class LetterTemplate(models.Model):
    """An administrator's version of a letter template, which replaces the file shipped
    with the profile (letters/letter_templates/<profile>/<kind>.html)."""

    profile = models.CharField(max_length=40)
    kind = models.CharField(max_length=30, choices=Letter.Kind.choices)
    source = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind"], name="one_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.kind}"
