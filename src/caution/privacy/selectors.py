from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.privacy.access import require_data_protection_page
from caution.privacy.models import LegalHold, RectificationRequest, SubjectAccessRequest


def audit_events(*, verb: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").prefetch_related("people__names")
    return events.filter(verb=verb) if verb else events


def access_requests(user) -> list[SubjectAccessRequest]:
    """Subject access requests, open ones first and the overdue among them first."""
    require_data_protection_page(user)
    requests = SubjectAccessRequest.objects.prefetch_related("person__names")
    return sorted(
        requests,
        key=lambda r: (r.completed_on is not None, not r.overdue, r.due_on, r.recorded_at),
    )


def rectification_requests(user) -> list[RectificationRequest]:
    require_data_protection_page(user)
    requests = RectificationRequest.objects.prefetch_related("person__names")
    pending = RectificationRequest.Outcome.PENDING
    return sorted(requests, key=lambda r: (r.outcome != pending, not r.overdue, r.due_on))


def requests_page(user) -> tuple[list, list]:
    """Both lists of requests, for the data protection page. Audited: it names people."""
    access, corrections = access_requests(user), rectification_requests(user)
    people = {r.person for r in [*access, *corrections] if r.person is not None}
    with transaction.atomic():
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed the subject access and rectification requests",
            people=people,
        )
    return access, corrections


def access_request_get(request_id, user) -> SubjectAccessRequest:
    require_data_protection_page(user)
    return get_object_or_404(SubjectAccessRequest.objects.select_related("person"), id=request_id)


def rectification_get(request_id, user) -> RectificationRequest:
    require_data_protection_page(user)
    return get_object_or_404(RectificationRequest.objects.select_related("person"), id=request_id)


def hold_get(hold_id, user) -> LegalHold:
    require_data_protection_page(user)
    return get_object_or_404(LegalHold.objects.select_related("person"), id=hold_id)


def deletion_due(user) -> list:
    """Who will be deleted and when, for the data protection officer. Audited: the page
    names the people."""
    from caution.privacy.retention import deletion_schedule

    require_data_protection_page(user)
    schedule = deletion_schedule()
    with transaction.atomic():
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed the records due for deletion",
            people=[due.person for due in schedule],
        )
    return schedule
