"""Reads of the audit that pages and the API show."""

from django.db.models import QuerySet

from caution.audit.models import AuditEvent


def history_of(*records) -> QuerySet[AuditEvent]:
    """Who changed these records, when and why, oldest first (views are in the audit, not
    the history)."""
    ids = [str(record.pk) for record in records]
    events = AuditEvent.objects.filter(target_id__in=ids).exclude(verb=AuditEvent.Verb.VIEW)
    return events.select_related("actor").order_by("at")
