"""The audit log: the bottom of the domain apps, written by every app's actions."""

import uuid

from django.conf import settings
from django.db import connections, models, transaction

from caution.lib import clock


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit is append-only: events cannot be changed.")

    def delete(self):
        raise TypeError("The audit is append-only: events cannot be deleted.")

    def purge_details(self, *, on) -> int:
        """Remove the details (what was asked, reasons, changed values) of these events,
        keeping who did what and when. The one change the audit allows: called only by
        `retention.person_delete`, at the end of a person's retention (ADR 0005).

        On PostgreSQL the table's triggers (audit/0002) refuse any change unless
        `caution.audit_purge` is on: it is switched on for this one statement only."""
        with transaction.atomic(using=self.db):
            on_postgresql = connections[self.db].vendor == "postgresql"
            if on_postgresql:
                self._purge_setting("on")
            count = models.QuerySet.update(self, details={"purged_on": on.isoformat()})
            if on_postgresql:
                self._purge_setting("off")
        return count

    def _purge_setting(self, value: str) -> None:
        with connections[self.db].cursor() as cursor:
            cursor.execute("SELECT set_config('caution.audit_purge', %s, true)", [value])


class AuditEvent(models.Model):
    """One access to or change of personal data: who, when, what, and the details.

    Append-only: there is no way to change or delete an event from the application, and no
    page or endpoint offers one. The one exception: when a person's records are deleted at
    the end of retention, the events about them lose their details (`purge_details`), in
    one audited action (privacy/retention.py, ADR 0005).
    """

    class Verb(models.TextChoices):
        CHECK = "check", "Ran a check"
        VIEW = "view", "Viewed"
        IMPORT = "import", "Imported a register"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        # A typing error put right by the register officer: never a decision (register/changing.py).
        CORRECT = "correct", "Corrected"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_REFUSED = "sign_in_refused", "Sign-in refused"
        EXPORT = "export", "Exported"
        DELETE = "delete", "Deleted"

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
        # The table the privacy app made, kept when the audit became an app of its own
        # (audit/0001): the database was not touched.
        db_table = "privacy_auditevent"
        ordering = ["-at"]
        indexes = [models.Index(fields=["verb", "-at"], name="privacy_aud_verb_0b5b96_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit is append-only: events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit is append-only: events cannot be deleted.")
