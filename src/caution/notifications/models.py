import uuid

from django.conf import settings
from django.db import models

from caution.lib import clock


class Notification(models.Model):
    """A message to one member of staff, shown in the service (and, by their choice, sent by
    e-mail). It never holds personal data of the person concerned: it links to the page.

    Safety alerts (a threat against you) are always sent, whatever the user's choices.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # A key of notifications/events.py; blank for a message outside the preferences.
    event = models.CharField(max_length=40, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    # The person it is about, if any: named beside the subject in the service, to a reader
    # who may see them, when shown (never in the subject, the body or an e-mail).
    about = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    safety = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """How one user wants to hear of one event. No row: the event's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=40)
    email = models.BooleanField()
    in_app = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event}: e-mail {self.email}, in the service {self.in_app}"


class MarkerSubscription(models.Model):
    """A member of staff whose team keeps a marker on its own system (housing, benefits…)
    and is told when a person is added to or removed from the register, so the marker can
    be switched on and off (002 §3.1). Nothing else is copied to their system."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marker_subscription"
    )
    system = models.CharField("The system that holds your team's marker", max_length=120)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return self.system


class RegisterChange(models.Model):
    """A caution added, changed or removed: what the daily register bulletin reports
    (000 §8.2 step 9). Goes with the caution when the caution is deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caution = models.ForeignKey("register.Caution", on_delete=models.CASCADE, related_name="+")
    # One of notifications.events.REGISTER_CHANGES.
    event = models.CharField(max_length=40)
    at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.event} at {self.at:%Y-%m-%d %H:%M}"


class Bulletin(models.Model):
    """One day's register bulletin, sent once: the sweep may run again for the same day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Register updates for {self.day:%-d %B %Y}"
