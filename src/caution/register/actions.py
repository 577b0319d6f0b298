"""State changes to cautions. Each runs in a transaction and writes its audit record."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from caution.accounts.models import Organisation
from caution.accounts.operator import recorded_user
from caution.lib import clock
from caution.people.models import Address, Person
from caution.policy.profiles import current
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.models import Caution


def next_review_after(reviewed: dt.date) -> dt.date:
    """The profile's review interval after the last review (or the date added)."""
    return reviewed + relativedelta(months=current().review_interval_months)


@transaction.atomic
def caution_add(
    *,
    person: Person | None = None,
    address: Address | None = None,
    level: str,
    precautions: str = "",
    restrictions: str = "",
    key_contact: str = "",
    reporting_service: str = "",
    notified: str = Caution.Notified.PENDING,
    date_added: dt.date | None = None,
    last_reviewed: dt.date | None = None,
    incident_summary: str = "",
    shared_with: list[Organisation] = (),
    appeal_in_progress: bool = False,
    by,
) -> Caution:
    """Put a person or an address on the register. The decision workflow that leads here
    comes with the next issue; import and demo data use this directly."""
    if current().level(level) is None:
        codes = ", ".join(level.code for level in current().levels)
        raise ValidationError({"level": f"'{level}' is not a level of this profile ({codes})"})
    date_added = date_added or clock.today()
    caution = Caution(
        person=person,
        address=address,
        level=level,
        precautions=precautions,
        restrictions=restrictions,
        key_contact=key_contact,
        reporting_service=reporting_service,
        notified=notified,
        date_added=date_added,
        last_reviewed=last_reviewed,
        next_review=next_review_after(last_reviewed or date_added),
        incident_summary=incident_summary,
        appeal_in_progress=appeal_in_progress,
        created_by=recorded_user(by),
    )
    caution.full_clean()
    caution.save()
    caution.shared_with.set(shared_with)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Added a caution to the register",
        target=caution,
        people=[person] if person else [],
    )
    return caution
