from django.db.models import QuerySet

from caution.privacy.models import AuditEvent


def audit_events(*, verb: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").prefetch_related("people__names")
    return events.filter(verb=verb) if verb else events
