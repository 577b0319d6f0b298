"""A person's details through the JSON API: read them, correct them (002 §4.3) and merge a
duplicate record into them, with the same actions and permissions as the pages
(people/views.py `correct`, `merge`). Refusals become
403, 404, 409 or 422 in caution/api.py."""

import dataclasses
import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status

from caution.accounts import roles
from caution.lib.api_schemas import Choice, In, VersionIn, refusals
from caution.people.actions import AddressInput, NameInput
from caution.people.correcting import person_correct, person_details
from caution.people.merging import person_merge
from caution.people.models import ContactPoint, Person, PersonAddress, PersonName
from caution.register.selectors import person_get_for_user

router = Router(tags=["people"])


class NameSchema(In):
    given_names: str = ""
    family_name: str = ""
    kind: Choice[PersonName.Kind] = Field(
        PersonName.Kind.PRIMARY, description="One `primary` name; the others as aliases"
    )


class AddressSchema(In):
    line1: str
    line2: str = ""
    town: str = ""
    postcode: str = ""
    uprn: str = ""
    relation: Choice[PersonAddress.Relation] = PersonAddress.Relation.RESIDENT
    current: bool = True


class ContactSchema(In):
    kind: Choice[ContactPoint.Kind]
    value: str


class DetailsOut(Schema):
    id: UUID
    version: int
    names: list[NameSchema]
    date_of_birth: dt.date | None
    addresses: list[AddressSchema]
    contacts: list[ContactSchema]


class CorrectionIn(VersionIn):
    """Only the parts given are corrected, each as a whole (every name, every address…);
    `date_of_birth: null` says it is not known."""

    names: list[NameSchema] | None = None
    date_of_birth: dt.date | None = None
    addresses: list[AddressSchema] | None = None
    contacts: list[ContactSchema] | None = None
    reason: str = Field(description="What was wrong, and how you know")


def _out(person: Person) -> dict:
    details = person_details(person)
    return {
        "id": person.id,
        "version": person.version,
        "names": [dataclasses.asdict(name) for name in details.names],
        "date_of_birth": details.date_of_birth,
        "addresses": [dataclasses.asdict(address) for address in details.addresses],
        "contacts": [{"kind": kind, "value": value} for kind, value in details.contacts],
    }


@router.get("/people/{person_id}", response={200: DetailsOut} | refusals(404))
def person_read(request, person_id: UUID):
    """The person's details and their `version`, for a correction. Audited."""
    return _out(person_get_for_user(person_id, request.user))


@router.post(
    "/people/{person_id}/corrections",
    response={200: DetailsOut} | refusals(403, 404, 409, 422),
)
def person_correction(request, person_id: UUID, payload: CorrectionIn):
    """Correct the person's names, date of birth, addresses or contacts. Audited, with what
    they said before; the check finds the person by the corrected details at once."""
    # Asked before the person is read: a refused request leaves no view in the audit.
    if not request.user.has_perm(roles.CORRECT_PEOPLE):
        raise PermissionDenied("Your role does not include correcting a person's details.")
    person = person_get_for_user(person_id, request.user)
    details = person_details(person)
    changes = dataclasses.replace(
        details,
        names=_given(payload.names, lambda n: NameInput(**n.model_dump()), details.names),
        addresses=_given(
            payload.addresses, lambda a: AddressInput(**a.model_dump()), details.addresses
        ),
        contacts=_given(payload.contacts, lambda c: (c.kind, c.value), details.contacts),
    )
    if "date_of_birth" in payload.model_fields_set:
        changes = dataclasses.replace(changes, date_of_birth=payload.date_of_birth)
    corrected = person_correct(
        person, changes=changes, reason=payload.reason, version=payload.version, by=request.user
    )
    return Status(200, _out(corrected))


def _given(rows: list | None, make, held: tuple) -> tuple:
    """The rows sent, made into the action's input; those held when none were sent."""
    return held if rows is None else tuple(make(row) for row in rows)


class MergeIn(In):
    duplicate: UUID = Field(description="The duplicate record: merged into this one, then deleted")
    reason: str = Field(description="Why they are the same person")


@router.post("/people/{person_id}/merge", response={200: DetailsOut} | refusals(403, 404, 422))
def person_merge_into(request, person_id: UUID, payload: MergeIn):
    """Merge a duplicate record into this person: its names, addresses, contacts, reports,
    cautions, decisions and letters move across and it is deleted. Audited."""
    if not request.user.has_perm(roles.MERGE_PEOPLE):
        raise PermissionDenied("Your role does not include merging records.")
    person = person_get_for_user(person_id, request.user)
    duplicate = Person.objects.filter(id=payload.duplicate).first()
    if duplicate is None:
        raise ValidationError({"duplicate": "There is no person with this id"})
    merged = person_merge(duplicate, into=person, reason=payload.reason, by=request.user)
    return Status(200, _out(merged))
