"""State changes to people. Each runs in a transaction and writes its audit record."""

import dataclasses
import datetime as dt

from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import recorded_user
from caution.lib.text import address_line_key, postcode_display, postcode_key
from caution.people.matching import person_keys
from caution.people.models import Address, ContactPoint, MatchKey, Person, PersonAddress, PersonName


@dataclasses.dataclass(frozen=True)
class NameInput:
    given_names: str
    family_name: str
    kind: str = PersonName.Kind.PRIMARY


@dataclasses.dataclass(frozen=True)
class AddressInput:
    line1: str
    line2: str = ""
    town: str = ""
    postcode: str = ""
    uprn: str = ""
    relation: str = PersonAddress.Relation.RESIDENT
    current: bool = True


def address_find_or_create(data: AddressInput) -> Address:
    """The one Address for a place, so that everyone linked to it is found together:
    by UPRN when given, else by first line and postcode."""
    line_key = address_line_key(data.line1)
    pc_key = postcode_key(data.postcode)
    existing = Address.objects.filter(uprn=data.uprn) if data.uprn else None
    if not existing:
        existing = Address.objects.filter(line_key=line_key, postcode_key=pc_key)
    address = existing.first()
    if address:
        return address
    return Address.objects.create(
        line1=data.line1.strip(),
        line2=data.line2.strip(),
        town=data.town.strip(),
        postcode=postcode_display(data.postcode) if data.postcode else "",
        uprn=data.uprn.strip(),
        postcode_key=pc_key,
        line_key=line_key,
    )


def person_keys_rebuild(person: Person) -> None:
    """Derive the person's MatchKeys again from their names, date of birth, contacts and
    addresses."""
    places = Address.objects.filter(person_links__person=person)
    keys = person_keys(
        ((n.given_names, n.family_name) for n in person.names.all()),
        person.date_of_birth,
        ((c.kind, c.value) for c in person.contact_points.all()),
        places.values_list("line1", "line2", "town", "postcode"),
    )
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(MatchKey(person=person, key=key) for key in sorted(keys))


@transaction.atomic
def person_create(
    *,
    names: list[NameInput],
    date_of_birth: dt.date | None = None,
    addresses: list[AddressInput] = (),
    contacts: list[tuple[str, str]] = (),
    reference: str | None = None,
    no_fixed_address: bool = False,
    by,
) -> Person:
    person = Person(
        reference=reference or None,
        date_of_birth=date_of_birth,
        no_fixed_address=no_fixed_address,
        created_by=recorded_user(by),
    )
    person.full_clean()
    person.save()
    PersonName.objects.bulk_create(
        PersonName(person=person, kind=n.kind, given_names=n.given_names, family_name=n.family_name)
        for n in names
    )
    for data in addresses:
        PersonAddress.objects.create(
            person=person,
            address=address_find_or_create(data),
            relation=data.relation,
            current=data.current,
        )
    ContactPoint.objects.bulk_create(
        ContactPoint(person=person, kind=kind, value=value) for kind, value in contacts
    )
    person_keys_rebuild(person)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Added a person to the register",
        target=person,
        people=[person],
    )
    return person
