import dataclasses
import datetime as dt
import uuid
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.privacy.access import require_data_protection_page
from caution.privacy.models import LegalHold, RectificationRequest, SubjectAccessRequest


@dataclasses.dataclass(frozen=True)
class AuditFilter:
    """What the audit page is narrowed to, read from its address: a kind of event, who
    acted, the day, and a person concerned (by the record's random id: no personal data)."""

    verb: str = ""
    actor: str = ""
    on: dt.date | None = None
    person: str = ""

    @classmethod
    def from_query(cls, query) -> "AuditFilter":
        """Only well-formed values: anything else is left out, never an error."""
        verb = query.get("verb", "")
        on = query.get("on", "")
        return cls(
            verb=verb if verb in AuditEvent.Verb.values else "",
            actor=_uuid_text(query.get("actor", "")),
            on=dt.date.fromisoformat(on) if _iso_date(on) else None,
            person=_uuid_text(query.get("person", "")),
        )

    def query(self) -> str:
        """The filter as a query string, for links that keep it (pages, the digest)."""
        given = {
            "verb": self.verb,
            "actor": self.actor,
            "on": self.on.isoformat() if self.on else "",
            "person": self.person,
        }
        return urlencode({key: value for key, value in given.items() if value})


def _uuid_text(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return ""


def _iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def audit_events(wanted: AuditFilter = AuditFilter()) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").prefetch_related("people__names")
    if wanted.verb:
        events = events.filter(verb=wanted.verb)
    if wanted.actor:
        events = events.filter(actor_id=wanted.actor)
    if wanted.on:
        events = events.filter(at__date=wanted.on)
    if wanted.person:
        events = events.filter(people=wanted.person)
    return events


def audit_page(user, *, wanted: AuditFilter = AuditFilter(), number=None) -> Page:
    """One page of the audit, newest first. Audited too: the page names the people."""
    page = Paginator(audit_events(wanted), 50).get_page(number)
    people = {person.pk for event in page for person in event.people.all()}
    with transaction.atomic():
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed the audit",
            details={"filter": wanted.query(), "verb": wanted.verb, "page": page.number},
            people=people,
        )
    return page


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


def access_request_open(request_id, user) -> SubjectAccessRequest:
    """The request, for its page: audited, as the page names the person."""
    access = access_request_get(request_id, user)
    with transaction.atomic():
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed a subject access request",
            target=access,
            people=[access.person_id] if access.person_id else [],
        )
    return access


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
