import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


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
