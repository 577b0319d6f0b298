"""Mapping a file's rows to what the register holds: each row checked against the profile
(its levels) and the register (references already held), every problem kept with its row
and column so that all are reported at once."""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from caution.lib import clock
from caution.lib.text import email_key, phone_key, postcode_key
from caution.people.models import Person, PersonName
from caution.policy.profiles import Profile, current
from caution.register.importing.reading import HEADERS, cell_items, cell_text, parse_date
from caution.register.models import Caution

FIELD_LABELS = {field: names[0].capitalize() for field, names in HEADERS.items()}


FIELD_LABELS |= {"full_name": "Full name", "date_of_birth": "Date of birth"}


YES = {"yes", "y", "true", "1", "notified"}


NO = {"no", "n", "false", "0", "not notified"}


@dataclasses.dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Row {self.row}, column '{self.column}': {self.reason}"


@dataclasses.dataclass
class ImportRow:
    """One valid row, ready to write."""

    row: int
    reference: str | None
    names: list[tuple[str, str, str]]  # (kind, given, family)
    date_of_birth: dt.date | None
    address: tuple[str, str, str, str, str] | None  # line1, line2, town, postcode, uprn
    contacts: list[tuple[str, str]]
    level: str
    precautions: str
    restrictions: str
    reporting_service: str
    key_contact: str
    notified: str
    date_added: dt.date
    last_reviewed: dt.date | None
    incident_summary: str


class _RowValidator:
    def __init__(self, number: int, record: dict, profile: Profile, today: dt.date) -> None:
        self.number, self.record, self.profile, self.today = number, record, profile, today
        self.problems: list[Problem] = []

    def problem(self, field: str, reason: str) -> None:
        self.problems.append(Problem(self.number, FIELD_LABELS[field], reason))

    def text(self, field: str) -> str:
        return cell_text(self.record.get(field))

    def date(self, field: str, *, past: bool = True) -> dt.date | None:
        try:
            value = parse_date(self.record.get(field))
        except ValueError as error:
            self.problem(field, str(error))
            return None
        if value and past and value > self.today:
            self.problem(field, f"{value:%d/%m/%Y} is in the future")
            return None
        if value and value.year < 1900:
            self.problem(field, f"{value:%d/%m/%Y} is too long ago")
            return None
        return value

    def names(self) -> list[tuple[str, str, str]]:
        given, family, full = (
            self.text("given_name"),
            self.text("family_name"),
            self.text("full_name"),
        )
        if not (given or family):
            given, _, family = full.rpartition(" ") if " " in full else ("", "", full)
        if not (given or family):
            self.problem("full_name", "enter a name: given and family name, or full name")
            return []
        names = [(PersonName.Kind.PRIMARY, given, family)]
        for alias in cell_items(self.record.get("aliases")):
            alias_given, _, alias_family = alias.rpartition(" ")
            names.append((PersonName.Kind.ALIAS, alias_given, alias_family))
        return names

    def address(self) -> tuple[str, str, str, str, str] | None:
        line1, line2, town = (self.text(f"address_line_{i}") for i in (1, 2, 3))
        postcode, uprn = self.text("postcode"), self.text("uprn")
        if postcode and not postcode_key(postcode):
            self.problem("postcode", f"'{postcode}' is not a UK postcode")
        if uprn and not uprn.isdigit():
            self.problem("uprn", f"'{uprn}' is not a UPRN (digits only)")
        if not line1 and (line2 or town or postcode):
            self.problem("address_line_1", "enter the first line of the address")
        if not line1:
            return None
        return line1, line2, town, postcode, uprn

    def contacts(self) -> list[tuple[str, str]]:
        contacts = []
        for field, kind, valid in (("phone", "phone", phone_key), ("email", "email", email_key)):
            for value in cell_items(self.record.get(field)):
                if valid(value):
                    contacts.append((kind, value))
                else:
                    self.problem(field, f"'{value}' is not a valid {FIELD_LABELS[field].lower()}")
        contacts += [("social", value) for value in cell_items(self.record.get("social"))]
        return contacts

    def level(self) -> str:
        value = self.text("level")
        for level in self.profile.levels:
            if value.lower() in (level.code.lower(), level.label.lower()):
                return level.code
        allowed = ", ".join(f"{level.code} ({level.label})" for level in self.profile.levels)
        reason = f"'{value}' is not a level" if value else "enter a level"
        self.problem("level", f"{reason}; use one of {allowed}")
        return ""

    def notified(self) -> str:
        value = self.text("notified").lower()
        if not value:
            return Caution.Notified.PENDING
        if value in YES:
            return Caution.Notified.YES
        if value in NO:
            return Caution.Notified.NO
        self.problem("notified", f"'{value}' is not yes or no")
        return ""

    def validate(self) -> ImportRow:
        names = self.names()
        date_added = self.date("date_added") or self.today
        last_reviewed = self.date("last_reviewed")
        if last_reviewed and last_reviewed < date_added:
            self.problem("last_reviewed", "is before the date the entry was added")
        return ImportRow(
            row=self.number,
            reference=self.text("reference") or None,
            names=names,
            date_of_birth=self.date("date_of_birth"),
            address=self.address(),
            contacts=self.contacts(),
            level=self.level(),
            precautions=self.text("precautions"),
            restrictions=self.text("restrictions"),
            reporting_service=self.text("reporting_service"),
            key_contact=self.text("key_contact"),
            notified=self.notified(),
            date_added=date_added,
            last_reviewed=last_reviewed,
            incident_summary=self.text("incident_summary"),
        )


def validate_rows(records: Iterable[tuple[int, dict]]) -> tuple[list[ImportRow], list[Problem]]:
    """Every row and every problem, held in memory: for a batch small enough to hold."""
    checker = RowChecker()
    rows, problems = [], []
    for number, record in records:
        row, row_problems = checker.check(number, record)
        rows.append(row)
        problems += row_problems
    problems += checker.references_held()
    return rows, sorted(problems, key=lambda p: p.row)


class RowChecker:
    """Checks rows one at a time, so that a file can be checked as it streams by: only
    each row's reference is kept (for a reference repeated in the file); those already on
    the register are found at the end (`references_held`)."""

    def __init__(self) -> None:
        self.profile, self.today = current(), clock.today()
        self.seen: dict[str, int] = {}

    def check(self, number: int, record: dict) -> tuple[ImportRow, list[Problem]]:
        validator = _RowValidator(number, record, self.profile, self.today)
        row = validator.validate()
        if row.reference and row.reference in self.seen:
            validator.problem(
                "reference", f"'{row.reference}' is also on row {self.seen[row.reference]}"
            )
        elif row.reference:
            self.seen[row.reference] = number
        return row, validator.problems

    def references_held(self) -> list[Problem]:
        existing = _existing_references(list(self.seen))
        return [
            Problem(self.seen[ref], "Reference", f"'{ref}' is already on the register")
            for ref in existing
        ]


def _existing_references(references: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        found |= set(Person.objects.filter(reference__in=chunk).values_list("reference", flat=True))
    return found
