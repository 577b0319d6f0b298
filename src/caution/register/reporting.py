"""Reporting an incident about someone new: the report may name a new person only once the
check shows that none of the people it finds is them. Here, above incidents, because the
check belongs to the register."""

import datetime as dt

from django.db.models import Q
from django.http import Http404

from caution.incidents.actions import incident_new_person_link, require_draft
from caution.incidents.models import Incident
from caution.people.actions import AddressInput
from caution.people.matching import Query
from caution.people.models import Person
from caution.register.access import check_access
from caution.register.check import check_run, live_warnings
from caution.register.models import Caution


class PossibleMatches(Exception):
    """A new person may only be added once the check shows none of these is them."""

    def __init__(self, result) -> None:
        super().__init__("Someone on the register may be this person: choose them or say why not")
        self.result = result


def incident_person_create(
    incident: Incident,
    *,
    given_names: str,
    family_name: str,
    date_of_birth: dt.date | None,
    address: AddressInput | None,
    not_any_of: set,
    version: int,
    by,
) -> Person:
    """Add the person the report is about as someone new, only once the check (run again
    here) shows that none of the people it finds is them. The check is audited in its own
    transaction, so who was shown stays on record even when adding is refused.

    Someone who may not check the register (the report-only role: 002 §5, 003 §15.6) is
    shown nobody: the person is added as they name them, and a duplicate of someone on the
    register is merged by the register officer (people/merging.py, which finds it)."""
    require_draft(incident)
    if not check_access(by).allowed:
        return incident_new_person_link(
            incident,
            given_names=given_names,
            family_name=family_name,
            date_of_birth=date_of_birth,
            address=address,
            version=version,
            by=by,
        )
    query = Query(
        name=f"{given_names} {family_name}",
        date_of_birth=date_of_birth,
        address=f"{address.line1}, {address.postcode}" if address else "",
    )
    result = check_run(query, by=by, warned=True)
    # Compared as text: the page sends the ids as form values, the API as UUIDs.
    shown = {str(m.person.id) for m in result.people}
    if not shown <= {str(person_id) for person_id in not_any_of}:
        raise PossibleMatches(result)
    return incident_new_person_link(
        incident,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
        address=address,
        version=version,
        by=by,
    )


def person_choosable(person_id, user) -> Person:
    """A person the user's check can show when naming who a report is about: one with an
    active caution they may see, or, for council staff, a live warning (002 §4.2: a repeat
    incident attaches to them, not to a duplicate). Anyone else answers 404."""
    visible = Caution.objects.active().visible_to(user).filter(person_id=person_id)
    warned = live_warnings(user).filter(person_id=person_id)
    person = Person.objects.filter(
        Q(id__in=visible.values("person_id")) | Q(id__in=warned), id=person_id
    ).first()
    if person is None:
        raise Http404
    return person
