"""Taking the register back out: every active caution on a person, one row each, in the
columns the import reads (so that export → import gives the same register), as CSV. Cells
that a spreadsheet would run as a formula are written after an apostrophe, which the import
reads back without. Audited as one event: who took the register, how many rows."""

import csv
from collections.abc import Iterator
from typing import TextIO

from django.core.exceptions import PermissionDenied
from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.people.models import ContactPoint, PersonName
from caution.register.access import may_export_register
from caution.register.importing.reading import FORMULA_STARTS
from caution.register.models import Caution
from caution.register.restrictions import restrictions_words

# (our field, the heading written): each heading is one the import recognises.
COLUMNS = (
    ("reference", "Reference"),
    ("given_name", "Given names"),
    ("family_name", "Family name"),
    ("aliases", "Aliases"),
    ("date_of_birth", "Date of birth"),
    ("address_line_1", "Address line 1"),
    ("address_line_2", "Address line 2"),
    ("address_line_3", "Town"),
    ("postcode", "Postcode"),
    ("uprn", "UPRN"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("social", "Social media"),
    ("level", "Level"),
    ("precautions", "Precautions"),
    ("restrictions", "Restrictions"),
    ("reporting_service", "Reporting service"),
    ("key_contact", "Key contact"),
    ("notified", "Notified"),
    ("date_added", "Date added"),
    ("last_reviewed", "Last reviewed"),
    ("incident_summary", "Incident summary"),
)
NOTIFIED = {Caution.Notified.YES: "yes", Caution.Notified.NO: "no"}


def register_export(out: TextIO, *, by, name: str = "") -> int:
    """Write the register as CSV to `out`; the number of rows written."""
    if not may_export_register(by):
        raise PermissionDenied("Your role does not include exporting the register.")
    writer = csv.writer(out)
    writer.writerow([heading for _, heading in COLUMNS])
    rows = 0
    with transaction.atomic():  # one consistent view of the register, however long it takes
        for record in _records():
            writer.writerow([_safe(record[field]) for field, _ in COLUMNS])
            rows += 1
        audit_record(
            by=by,
            verb=AuditEvent.Verb.EXPORT,
            summary=f"Exported the register ({rows} rows)",
            details={"rows": rows, **({"file": name} if name else {})},
        )
    return rows


def _records() -> Iterator[dict]:
    today = clock.today()
    cautions = (
        Caution.objects.filter(status=Caution.Status.ACTIVE, person__isnull=False)
        .select_related("person")
        .prefetch_related(
            "person__names", "person__address_links__address", "person__contact_points"
        )
        .prefetch_related("restriction_set")
        .order_by("date_added", "id")
    )
    for caution in cautions.iterator(chunk_size=500):
        person = caution.person
        names = list(person.names.all())
        primary = next((n for n in names if n.kind == PersonName.Kind.PRIMARY), None)
        aliases = [n for n in names if n is not primary and n.kind == PersonName.Kind.ALIAS]
        links = [link for link in person.address_links.all() if link.current]
        address = links[0].address if links else None
        contacts = list(person.contact_points.all())
        yield {
            "reference": person.reference or "",
            "given_name": primary.given_names if primary else "",
            "family_name": primary.family_name if primary else "",
            "aliases": "; ".join(f"{n.given_names} {n.family_name}".strip() for n in aliases),
            "date_of_birth": _date(person.date_of_birth),
            "address_line_1": address.line1 if address else "",
            "address_line_2": address.line2 if address else "",
            "address_line_3": address.town if address else "",
            "postcode": address.postcode if address else "",
            "uprn": address.uprn if address else "",
            "phone": _contacts(contacts, ContactPoint.Kind.PHONE),
            "email": _contacts(contacts, ContactPoint.Kind.EMAIL),
            "social": _contacts(contacts, ContactPoint.Kind.SOCIAL),
            "level": caution.level,
            "precautions": caution.precautions,
            "restrictions": "\n".join(restrictions_words(caution.restriction_set.all(), on=today)),
            "reporting_service": caution.reporting_service,
            "key_contact": caution.key_contact,
            "notified": NOTIFIED.get(caution.notified, ""),
            "date_added": _date(caution.date_added),
            "last_reviewed": _date(caution.last_reviewed),
            "incident_summary": caution.incident_summary,
        }


def _contacts(contacts: list, kind: str) -> str:
    return "; ".join(c.value for c in contacts if c.kind == kind)


def _date(day) -> str:
    return day.isoformat() if day else ""


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula, written so that it shows as text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
