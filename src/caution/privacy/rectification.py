"""Rectification: a person asks for data about them to be corrected (UK GDPR Article 16;
000 §8.5 "accurate and up to date"). The request and its outcome are recorded: corrected,
or refused with the reason the person is given. The correction itself is made by
`people.correcting.person_correct` (the person's "Correct these details" page, which the
request's page links to), or on a caution's own page for its words, so that it is audited
where it happens."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.people.models import Person
from caution.privacy.access import require_data_protection
from caution.privacy.models import RectificationRequest
from caution.privacy.subject_access import access_due_on


@transaction.atomic
def rectification_record(
    person: Person, *, received_on: dt.date, request: str, by
) -> RectificationRequest:
    require_data_protection(by, does="handles rectification")
    if not request.strip():
        raise ValidationError({"request": "Say what the person says is wrong"})
    if received_on > clock.today():
        raise ValidationError({"received_on": "The date received must be today or in the past"})
    rectification = RectificationRequest.objects.create(
        person=person,
        received_on=received_on,
        due_on=access_due_on(received_on),
        request=request.strip(),
        recorded_by=by,
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Recorded a request to correct a person's data",
        target=rectification,
        people=[person],
    )
    return rectification


@transaction.atomic
def rectification_decide(
    rectification: RectificationRequest, *, outcome: str, reason: str, by
) -> RectificationRequest:
    """Record what was done: corrected (say what), or refused (say why: the person is told
    and may complain to the ICO)."""
    require_data_protection(by, does="handles rectification")
    if rectification.outcome != RectificationRequest.Outcome.PENDING:
        raise ValidationError("This request has already been decided.")
    decided = (RectificationRequest.Outcome.CORRECTED, RectificationRequest.Outcome.REFUSED)
    if outcome not in decided:
        raise ValidationError({"outcome": "Choose whether the data was corrected or not"})
    if not reason.strip():
        what = "what was corrected" if outcome == "corrected" else "why the request is refused"
        raise ValidationError({"reason": f"Say {what}"})
    rectification.outcome = outcome
    rectification.outcome_reason = reason.strip()
    rectification.decided_by = by
    rectification.decided_on = clock.today()
    rectification.save(update_fields=["outcome", "outcome_reason", "decided_by", "decided_on"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Decided a request to correct data: {rectification.get_outcome_display().lower()}",
        target=rectification,
        details={"reason": rectification.outcome_reason},
        people=[rectification.person],
    )
    return rectification
