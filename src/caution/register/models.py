import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from caution.lib import clock


class CautionQuerySet(models.QuerySet):
    def active(self) -> "CautionQuerySet":
        return self.filter(status=Caution.Status.ACTIVE)

    def visible_to(self, user) -> "CautionQuerySet":
        """The cautions this user may see: a partner's users see only cautions shared with
        their organisation; council staff see all (000 §8.1 "accessible to all employees");
        a councillor sees them only where the policy profile allows."""
        from caution.register.access import caution_scope_for

        return caution_scope_for(user, self)


class Caution(models.Model):
    """An entry on the register: what `000 §8.5` lists, on a person or an address."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REMOVED = "removed", "Removed"

    class Notified(models.TextChoices):
        YES = "yes", "Notified"
        NO = "no", "Not notified"
        PENDING = "pending", "Not yet notified"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="cautions"
    )
    address = models.ForeignKey(
        "people.Address", null=True, blank=True, on_delete=models.CASCADE, related_name="cautions"
    )
    # A level code of the policy profile (policy/profiles/*.toml).
    level = models.CharField(max_length=20)
    precautions = models.TextField("Recommended precautions", blank=True)
    restrictions = models.TextField(blank=True)
    key_contact = models.CharField(max_length=200, blank=True)
    reporting_service = models.CharField(max_length=200, blank=True)
    notified = models.CharField(max_length=10, choices=Notified.choices, default=Notified.PENDING)
    date_added = models.DateField(default=clock.today)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    appeal_in_progress = models.BooleanField(default=False)
    # What happened, in the reporter's and investigator's words. Restricted: never shown by
    # the check (001 §13.3 "details of the investigation are kept in a restricted area").
    incident_summary = models.TextField(blank=True)
    shared_with = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="shared_cautions"
    )
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CautionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, address__isnull=True)
                | Q(person__isnull=True, address__isnull=False),
                name="caution_on_person_or_address",
            )
        ]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["address", "status"]),
        ]
        permissions = [
            ("run_check", "Can check a person or address before contact"),
            ("view_restricted_caution", "Can see the incident details behind a caution"),
            ("import_register", "Can import a register spreadsheet"),
        ]

    def __str__(self) -> str:
        return f"Caution {self.id}"
