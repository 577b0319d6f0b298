"""Merging two records of the same person.

A reporter who cannot find the person in the check adds a new one; sometimes that person
was already on the register under another spelling. The register officer merges the
duplicate into the record that stays: every name, address, contact, report, caution,
decision and letter of the duplicate moves across, and the duplicate record is deleted.

The move is generic over every model that points at a person, so a model added later
(letters, appeals, outbox messages) moves with the rest without changes here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.people.actions import person_keys_rebuild
from caution.people.matching import Query, query_key_groups, ranked_candidates
from caution.people.models import ContactPoint, MatchKey, Person, PersonAddress, PersonName

# Moved by hand below: each needs a rule about what to keep when both records hold it.
_MOVED_BY_HAND = {PersonName, PersonAddress, ContactPoint, MatchKey}


def duplicate_candidates(person: Person, *, limit: int = 10) -> list[Person]:
    """The people the check would find when asked for this person's name, date of birth
    and contact points (nicknames, spelling slips and all): the likely duplicates, best
    first."""
    groups = query_key_groups(_as_query(person))
    keys = set().union(*groups)
    rows = MatchKey.objects.filter(key__in=keys).exclude(person=person)
    holders = dict(rows.values_list("key").annotate(models.Count("person")))
    order = ranked_candidates(rows.values_list("person_id", "key"), groups, holders, limit)
    found = Person.objects.prefetch_related("names", "address_links__address").in_bulk(order)
    return [found[person_id] for person_id in order]


def _as_query(person: Person) -> Query:
    contacts: dict[str, str] = {}
    for contact in person.contact_points.all():
        contacts.setdefault(contact.kind, contact.value)
    return Query(
        name=person.display_name,
        date_of_birth=person.date_of_birth,
        phone=contacts.get(ContactPoint.Kind.PHONE, ""),
        email=contacts.get(ContactPoint.Kind.EMAIL, ""),
        social=contacts.get(ContactPoint.Kind.SOCIAL, ""),
    )


@transaction.atomic
def person_merge(duplicate: Person, *, into: Person, reason: str, by) -> Person:
    """Move everything held on `duplicate` to `into`, then delete `duplicate`."""
    if not by.has_perm(roles.MERGE_PEOPLE):
        raise PermissionDenied("Your role does not include merging records.")
    if duplicate.pk == into.pk:
        raise ValidationError({"duplicate": "Choose a different record to merge"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why these are the same person"})
    _move_names(duplicate, into)
    _move_addresses(duplicate, into)
    _move_contacts(duplicate, into)
    _move_everything_else(duplicate, into)
    _take_missing_details(duplicate, into)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary="Merged a duplicate record into this person",
        target=into,
        details={"merged_record": str(duplicate.pk), "reason": reason.strip()},
        people=[into],
    )
    duplicate.delete()
    # Fetched again: the caller's object may hold names and contacts prefetched before.
    into = Person.objects.get(pk=into.pk)
    person_keys_rebuild(into)
    return into


def _move_names(duplicate: Person, into: Person) -> None:
    """The record that stays keeps its name; the duplicate's name becomes an alias."""
    held = {(n.given_names.casefold(), n.family_name.casefold()) for n in into.names.all()}
    for name in duplicate.names.all():
        if (name.given_names.casefold(), name.family_name.casefold()) in held:
            continue
        if name.kind == PersonName.Kind.PRIMARY:
            name.kind = PersonName.Kind.ALIAS
        name.person = into
        name.save(update_fields=["person", "kind"])


def _move_addresses(duplicate: Person, into: Person) -> None:
    linked = set(into.address_links.values_list("address_id", flat=True))
    duplicate.address_links.exclude(address_id__in=linked).update(person=into)


def _move_contacts(duplicate: Person, into: Person) -> None:
    held = {(c.kind, c.value.casefold()) for c in into.contact_points.all()}
    for contact in duplicate.contact_points.all():
        if (contact.kind, contact.value.casefold()) not in held:
            contact.person = into
            contact.save(update_fields=["person"])


def _move_everything_else(duplicate: Person, into: Person) -> None:
    for relation in Person._meta.related_objects:
        if relation.related_model in _MOVED_BY_HAND:
            continue
        if relation.many_to_many:
            _move_many_to_many(relation, duplicate, into)
            continue
        field = relation.field.name
        try:
            with transaction.atomic():
                relation.related_model._base_manager.filter(**{field: duplicate}).update(
                    **{field: into}
                )
        except IntegrityError:
            name = relation.related_model._meta.verbose_name_plural
            raise ValidationError(
                f"Both records hold {name} that cannot be combined; ask an administrator."
            ) from None


def _move_many_to_many(relation, duplicate: Person, into: Person) -> None:
    """Re-point the link rows (the audit of who viewed the person keeps its history)."""
    through = relation.through
    person_field = relation.field.m2m_reverse_field_name()
    other_field = relation.field.m2m_field_name()
    already = through.objects.filter(**{person_field: into}).values(other_field)
    links = through.objects.filter(**{person_field: duplicate})
    links.filter(**{f"{other_field}__in": already}).delete()
    links.update(**{person_field: into})


def _take_missing_details(duplicate: Person, into: Person) -> None:
    changed = []
    if into.date_of_birth is None and duplicate.date_of_birth is not None:
        into.date_of_birth = duplicate.date_of_birth
        changed.append("date_of_birth")
    if not into.reference and duplicate.reference:
        into.reference, duplicate.reference = duplicate.reference, None
        duplicate.save(update_fields=["reference"])
        changed.append("reference")
    if changed:
        into.save(update_fields=changed)
