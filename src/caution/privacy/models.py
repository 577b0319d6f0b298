import uuid

from django.conf import settings
from django.db import models

from caution.lib import clock


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit is append-only: events cannot be changed.")

    def delete(self):
        raise TypeError("The audit is append-only: events cannot be deleted.")


class AuditEvent(models.Model):
    """One access to or change of personal data: who, when, what, and the details.

    Append-only: there is no way to change or delete an event from the application, and no
    page or endpoint offers one. Deletion at the end of retention (a later issue) will be a
    single, audited purge, not an edit.
    """

    class Verb(models.TextChoices):
        CHECK = "check", "Ran a check"
        VIEW = "view", "Viewed"
        IMPORT = "import", "Imported a register"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        SIGN_IN = "sign_in", "Signed in"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True)
    # The people an event concerns: lets the data protection officer answer "who has looked
    # at this person?" and subject access requests.
    people = models.ManyToManyField("people.Person", related_name="audit_events", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["verb", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit is append-only: events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit is append-only: events cannot be deleted.")
