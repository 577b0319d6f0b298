"""Correcting a person's details: names and aliases, date of birth, addresses, phones and
e-mails (002 §4.3 "PSR update form"; 000 §8.5 "accurate and up to date"; UK GDPR
Art. 5(1)(d) and 16).

A correction replaces the details as a whole with what they should say, in one audited
action that keeps what they said before (the person's history, `audit.selectors.history_of`)
and rebuilds the person's match keys in the same transaction, so the check finds them by
the corrected details at once. An address is shared by everyone linked to it (a household),
so a corrected address links the person to the right place and leaves the old one as it is
for the others.
"""

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.lib.forms import EARLIEST_BIRTH, long_date
from caution.lib.text import postcode_display
from caution.people.actions import (
    AddressInput,
    NameInput,
    address_find_or_create,
    person_keys_rebuild,
)
from caution.people.models import Address, ContactPoint, Person, PersonAddress, PersonName


@dataclasses.dataclass(frozen=True)
class PersonDetails:
    """Everything about a person a correction may change, as it should be."""

    names: tuple[NameInput, ...]
    date_of_birth: dt.date | None
    addresses: tuple[AddressInput, ...]
    contacts: tuple[tuple[str, str], ...]


def person_details(person: Person) -> PersonDetails:
    """The person's details as they stand: what a correction starts from."""
    links = person.address_links.select_related("address").order_by("id")
    return PersonDetails(
        names=tuple(
            NameInput(n.given_names, n.family_name, n.kind) for n in person.names.order_by("id")
        ),
        date_of_birth=person.date_of_birth,
        addresses=tuple(
            AddressInput(
                line1=link.address.line1,
                line2=link.address.line2,
                town=link.address.town,
                postcode=link.address.postcode,
                uprn=link.address.uprn,
                relation=link.relation,
                current=link.current,
            )
            for link in links
        ),
        contacts=tuple((c.kind, c.value) for c in person.contact_points.order_by("id")),
    )


def may_correct(user) -> bool:
    return user.has_perm(roles.CORRECT_PEOPLE)


@transaction.atomic
def person_correct(
    person: Person, *, changes: PersonDetails, reason: str, version: int, by
) -> Person:
    """Put the person's details right: `changes` is what they should say, in full."""
    if not may_correct(by):
        raise PermissionDenied("Your role does not include correcting a person's details.")
    changes = _cleaned(changes)
    _check(changes, reason)
    before = person_details(person)
    bump_version(person, version)
    _apply(person, before, changes)
    # What is stored now, which the history shows: a shared address keeps its own words
    # (`_relink_addresses`).
    changed = _differences(before, person_details(person))
    if not changed:
        raise ValidationError("Nothing has changed: correct at least one detail.")
    # Fetched again: the caller's object may hold names and contacts prefetched before.
    person = Person.objects.get(pk=person.pk)
    person_keys_rebuild(person)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CORRECT,
        summary="Corrected the person's details",
        target=person,
        details={"reason": reason.strip(), "changes": changed},
        people=[person],
    )
    return person


def _cleaned(details: PersonDetails) -> PersonDetails:
    """Spaces trimmed, blank rows (a form's unused row) dropped."""
    names = tuple(
        NameInput(n.given_names.strip(), n.family_name.strip(), n.kind)
        for n in details.names
        if n.given_names.strip() or n.family_name.strip()
    )
    addresses = tuple(
        dataclasses.replace(
            a,
            line1=a.line1.strip(),
            line2=a.line2.strip(),
            town=a.town.strip(),
            postcode=postcode_display(a.postcode) if a.postcode.strip() else "",
            uprn=a.uprn.strip(),
        )
        for a in details.addresses
        if any(part.strip() for part in (a.line1, a.line2, a.town, a.postcode, a.uprn))
    )
    contacts = tuple((kind, value.strip()) for kind, value in details.contacts if value.strip())
    return PersonDetails(names, details.date_of_birth, addresses, contacts)


def _check(details: PersonDetails, reason: str) -> None:
    problems: dict[str, str] = {}
    if not details.names:
        problems["names"] = "Enter the person's name"
    elif sum(n.kind == PersonName.Kind.PRIMARY for n in details.names) != 1:
        problems["names"] = "Give the person one name, and any others as aliases"
    elif any(n.kind not in PersonName.Kind.values for n in details.names):
        problems["names"] = "Choose what kind of name each one is"
    born = details.date_of_birth
    if born is not None and born > clock.today():
        problems["date_of_birth"] = "The date of birth must be today or in the past"
    elif born is not None and born < EARLIEST_BIRTH:
        problems["date_of_birth"] = (
            f"The date of birth must be the same as or after {long_date(EARLIEST_BIRTH)}"
        )
    if any(not a.line1 for a in details.addresses):
        problems["addresses"] = "Enter the first line of each address"
    elif any(a.relation not in PersonAddress.Relation.values for a in details.addresses):
        problems["addresses"] = "Choose how the person is linked to each address"
    contact_problem = _contacts_problem(details.contacts)
    if contact_problem:
        problems["contacts"] = contact_problem
    if not reason.strip():
        problems["reason"] = "Say what was wrong and how you know"
    if problems:
        raise ValidationError(problems)


def _contacts_problem(contacts: tuple[tuple[str, str], ...]) -> str:
    for kind, value in contacts:
        if kind not in ContactPoint.Kind.values:
            return "Choose whether each contact is a phone, an e-mail or social media"
        if kind == ContactPoint.Kind.PHONE and sum(ch.isdigit() for ch in value) < 6:
            return f"Enter a phone number in the correct format, like 01632 960 001 ({value})"
        if kind == ContactPoint.Kind.EMAIL:
            try:
                validate_email(value)
            except ValidationError:
                example = "like name@example.com"
                return f"Enter an e-mail address in the correct format, {example} ({value})"
    return ""


# The words each part of the details goes under in the history.
_HEADINGS = {
    "names": "Names",
    "date_of_birth": "Date of birth",
    "addresses": "Addresses",
    "contacts": "Phones, e-mails and social media",
}


def _differences(before: PersonDetails, after: PersonDetails) -> dict[str, list[str]]:
    """What changed, in words, before and after: the history the person page shows."""
    changed = {}
    for field, heading in _HEADINGS.items():
        was, now = _words(field, getattr(before, field)), _words(field, getattr(after, field))
        if was != now:
            changed[heading] = [was, now]
    return changed


def _words(field: str, value) -> str:
    if field == "date_of_birth":
        return f"{value.day} {value:%B %Y}" if value else ""
    if field == "names":
        return "; ".join(_name_words(n) for n in value)
    if field == "addresses":
        return "; ".join(_address_words(a) for a in value)
    return "; ".join(f"{ContactPoint.Kind(kind).label}: {text}" for kind, text in value)


def _name_words(name: NameInput) -> str:
    full = " ".join(part for part in (name.given_names, name.family_name) if part)
    kind = PersonName.Kind(name.kind)
    return full if kind == PersonName.Kind.PRIMARY else f"{full} ({kind.label.lower()})"


def _address_words(address: AddressInput) -> str:
    parts = (address.line1, address.line2, address.town, address.postcode)
    where = ", ".join(part for part in parts if part)
    relation = PersonAddress.Relation(address.relation).label.lower()
    return f"{where} ({relation}{'' if address.current else ', previous'})"


def _apply(person: Person, before: PersonDetails, after: PersonDetails) -> None:
    if before.names != after.names:
        person.names.all().delete()
        PersonName.objects.bulk_create(
            PersonName(
                person=person, kind=n.kind, given_names=n.given_names, family_name=n.family_name
            )
            for n in after.names
        )
    if before.date_of_birth != after.date_of_birth:
        person.date_of_birth = after.date_of_birth
        person.save(update_fields=["date_of_birth"])
    if before.addresses != after.addresses:
        _relink_addresses(person, after.addresses)
    if before.contacts != after.contacts:
        person.contact_points.all().delete()
        ContactPoint.objects.bulk_create(
            ContactPoint(person=person, kind=kind, value=value) for kind, value in after.contacts
        )


def _relink_addresses(person: Person, addresses: tuple[AddressInput, ...]) -> None:
    """Link the person to the places as corrected. An Address row is shared with everyone
    linked to it, so it is found or created; its own words are put right only when the
    person is the only one linked to it and no caution is held on it. A place the person
    no longer links to, and nobody else does, goes (as at the end of retention)."""
    was = set(person.address_links.values_list("address_id", flat=True))
    links: dict = {}
    for data in addresses:
        address = address_find_or_create(data)
        if _theirs_alone(address, person):
            _address_words_correct(address, data)
        links.setdefault(address.pk, data)
    person.address_links.exclude(address_id__in=links).delete()
    for address_id, data in links.items():
        PersonAddress.objects.update_or_create(
            person=person,
            address_id=address_id,
            defaults={"relation": data.relation, "current": data.current},
        )
    Address.objects.filter(id__in=was - set(links)).filter(
        person_links__isnull=True, cautions__isnull=True
    ).delete()


def _theirs_alone(address: Address, person: Person) -> bool:
    return (
        not address.person_links.exclude(person=person).exists() and not address.cautions.exists()
    )


def _address_words_correct(address: Address, data: AddressInput) -> None:
    found = {"line2": data.line2, "town": data.town}
    # A page has no UPRN field: one already held is kept.
    if data.uprn:
        found["uprn"] = data.uprn
    if data.postcode:
        found["postcode"] = postcode_display(data.postcode)
    changed = [field for field, value in found.items() if getattr(address, field) != value]
    for field in changed:
        setattr(address, field, found[field])
    if changed:
        address.save(update_fields=changed)
