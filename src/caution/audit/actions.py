"""Writing the audit. Called by other apps' action functions, inside their transaction."""

from collections.abc import Iterable
from typing import Any

from caution.audit.models import AuditEvent
from caution.audit.operator import CommandLineOperator, recorded_user


def audit_record(
    *,
    by,
    verb: AuditEvent.Verb,
    summary: str,
    target: Any = None,
    details: dict | None = None,
    people: Iterable = (),
) -> AuditEvent:
    details = dict(details or {})
    if isinstance(by, CommandLineOperator):
        details["operator"] = by.username
    # Another system calling with a token names itself, its token and its purpose.
    details.update(getattr(by, "audit_details", None) or {})
    event = AuditEvent.objects.create(
        actor=recorded_user(by),
        verb=verb,
        target_type=type(target).__name__ if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        details=details,
    )
    ids = list(dict.fromkeys(getattr(person, "pk", person) for person in people))
    if ids:
        # One INSERT: the event is new, so it has no links yet (`people.set` would read
        # them first, a query every check paid for).
        link = AuditEvent.people.through
        link.objects.bulk_create(link(auditevent_id=event.pk, person_id=pid) for pid in ids)
    return event
