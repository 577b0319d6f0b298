"""Writing a valid file to the register in one transaction, with bulk inserts
(`lib/bulk.py`), audited as one import; nothing is written if any row has a problem, unless
the officer asks to skip the invalid rows."""

import csv
import dataclasses
import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import recorded_user
from caution.lib import clock
from caution.lib.bulk import (
    BulkTable,
    chunks,
    new_id_maker,
    no_cycle_collection,
    statistics_gather,
    stored_id_of,
)
from caution.lib.text import address_line_key, postcode_display, postcode_key
from caution.people.matching import person_keys
from caution.people.models import Address, ContactPoint, MatchKey, Person, PersonAddress, PersonName
from caution.policy.calendar import add_working_days
from caution.policy.profiles import current
from caution.register.cautions import CAUTION_VALUES, caution_values, expiry_default
from caution.register.importing.mapping import ImportRow, Problem, RowChecker
from caution.register.importing.reading import HEADERS, cell_text, read_rows
from caution.register.models import Caution, Restriction

# Rows written per round of bulk inserts: large enough to amortise each INSERT, small enough
# that a register of a million rows does not hold a million model instances at once.
# Rows per committed chunk: a check waiting on an import waits for one chunk (a few tenths
# of a second) at most.
WRITE_CHUNK = 1000

# Reviews already due when a register is imported are spread over this many weeks.
OVERDUE_REVIEW_WEEKS = 4


@dataclasses.dataclass
class ImportReport:
    rows: int
    problems: list[Problem]
    people: int = 0
    addresses: int = 0
    # The file gives no expiry: each caution gets the profile's maximum from its date
    # added (000 Appendix 10.2), and those past it already end at the next sweep. None:
    # the profile has no maximum (003 §10), so the cautions have no expiry.
    expiry_months: int | None = None
    expired_already: int = 0
    # --skip-invalid: the rows left out, written with their problems beside the file.
    refused: int = 0
    refused_file: Path | None = None
    # Reviews already due, spread over the first weeks rather than all due on day one.
    overdue_reviews: int = 0
    overdue_reviews_until: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def register_import(
    path: Path,
    *,
    by,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    overdue_review_weeks: int = OVERDUE_REVIEW_WEEKS,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> ImportReport:
    """Validate the whole file; import it only if every row is valid and not a dry run, or,
    with `skip_invalid`, import the valid rows and write the others, with their problems,
    to a file beside it. Reviews already due are spread over `overdue_review_weeks`."""
    options = _Options(mapping or {}, dry_run, skip_invalid, overdue_review_weeks, progress)
    with no_cycle_collection():
        return _register_import(path, by=by, options=options)


@dataclasses.dataclass(frozen=True)
class _Options:
    mapping: dict[str, str]
    dry_run: bool
    skip_invalid: bool
    overdue_review_weeks: int
    progress: Callable[[Iterable], Iterable]


def _register_import(path: Path, *, by, options: _Options) -> ImportReport:
    """Two passes over the file, neither holding it: the first checks every row, keeping
    its problems and, for each valid row, only its number, next review and whether it has
    expired; the second reads it again and writes the valid rows in chunks, each committed
    on its own, so that checks made meanwhile wait for one chunk at most, never for the
    whole file."""
    checked = _check(path, options)
    report = ImportReport(rows=checked.rows, problems=checked.problems)
    if checked.problems and not options.skip_invalid:
        return report
    refused = {problem.row for problem in checked.problems}
    if refused:
        report.refused = len(refused)
        if not options.dry_run:
            report.refused_file = refused_write(path, options.mapping, checked.problems)
    valid = [summary for summary in checked.valid if summary.row not in refused]
    report.expiry_months = current().duration.longest_months()
    if report.expiry_months is not None:
        report.expired_already = sum(1 for summary in valid if summary.expired)
    reviews = overdue_reviews_spread(valid, options.overdue_review_weeks)
    report.overdue_reviews = len(reviews)
    report.overdue_reviews_until = max(reviews.values(), default=None)
    if options.dry_run:
        return report
    rows = _valid_rows(path, options.mapping, refused)
    report.people, report.addresses = rows_write(options.progress(rows), by, reviews)
    with transaction.atomic():
        audit_record(
            by=by,
            verb=AuditEvent.Verb.IMPORT,
            summary=f"Imported {report.people} people from {path.name}",
            details={
                "file": path.name,
                "rows": report.rows,
                "new_addresses": report.addresses,
                "expiry_months": report.expiry_months,
                "expired_already": report.expired_already,
                "refused_rows": report.refused,
                "overdue_reviews_spread": report.overdue_reviews,
            },
        )
    statistics_refresh()
    return report


@dataclasses.dataclass(frozen=True)
class _RowSummary:
    """What the first pass keeps of a valid row: a few dozen bytes, not the row."""

    row: int
    next_review: dt.date | None
    expired: bool


@dataclasses.dataclass
class _Checked:
    rows: int
    problems: list[Problem]
    valid: list[_RowSummary]


def _check(path: Path, options: _Options) -> _Checked:
    checker, today = RowChecker(), clock.today()
    checked = _Checked(0, [], [])
    for number, record in options.progress(read_rows(path, options.mapping)):
        row, problems = checker.check(number, record)
        checked.rows += 1
        if problems:
            checked.problems += problems
            continue
        expires = expiry_default(row.date_added, row.level)
        checked.valid.append(
            _RowSummary(row.row, _values(row)["next_review"], bool(expires and expires <= today))
        )
    checked.problems += checker.references_held()
    checked.problems.sort(key=lambda p: p.row)
    return checked


def _valid_rows(path: Path, mapping: dict[str, str], refused: set[int]) -> Iterator[ImportRow]:
    """The second pass: the rows the first found valid, checked again as they are read."""
    checker = RowChecker()
    for number, record in read_rows(path, mapping):
        row, problems = checker.check(number, record)
        if not problems and number not in refused:
            yield row


# The tables an import writes, whose planner statistics it gathers again when it is done.
IMPORTED_MODELS = (
    Address,
    Person,
    PersonName,
    PersonAddress,
    ContactPoint,
    Caution,
    Restriction,
    MatchKey,
)


def statistics_refresh() -> None:
    """ANALYZE the tables an import writes, so that the planner knows how many rows they
    now hold. Straight after a large import PostgreSQL plans for the tables as they were
    until autovacuum gets to them: checks at 100,000 people took 350 ms rather than 20 ms.
    SQLite keeps statistics only when asked; a limit keeps ANALYZE to a fraction of a
    second on a large register (docs/performance.md)."""
    statistics_gather(IMPORTED_MODELS)


def overdue_reviews_spread(rows: Sequence[_RowSummary], weeks: int) -> dict[int, dt.date]:
    """{row number: next review} for the rows whose review is already due by the profile's
    interval: spread over the working days of the next `weeks` weeks, the longest overdue
    first, so that an imported register does not arrive with every review due on day one.
    With 0 weeks, none is moved: they are all due today."""
    today = clock.today()
    due = sorted(
        (row.next_review, row.row)
        for row in rows
        if row.next_review is not None and row.next_review <= today
    )
    if weeks <= 0 or not due:
        return {}
    days = weeks * 5
    return {
        number: add_working_days(today, 1 + index * days // len(due))
        for index, (_, number) in enumerate(due)
    }


def refused_write(path: Path, mapping: dict[str, str], problems: Sequence[Problem]) -> Path:
    """The refused rows, as read, with our headings and a column of their problems, beside
    the file: corrected, it imports as it is (the import ignores the Problems column)."""
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem.row, []).append(f"{problem.column}: {problem.reason}")
    out = path.with_name(f"{path.stem}.refused.csv")
    fields = list(HEADERS)
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Row", *(HEADERS[field][0].capitalize() for field in fields), "Problems"])
        for number, record in read_rows(path, mapping):
            if number in reasons:
                cells = (cell_text(record.get(field)) for field in fields)
                writer.writerow([number, *cells, "; ".join(reasons[number])])
    return out


def rows_write(
    rows: Iterable[ImportRow], by, reviews: dict[int, dt.date] | None = None
) -> tuple[int, int]:
    """Write valid rows in chunks, each committed on its own (inside a caller's
    transaction, a savepoint), so that memory stays bounded and other writers wait for one
    chunk at most. `reviews` moves rows' next review ({row number: date}). Returns
    (people, new addresses) written."""
    people = addresses = 0
    for chunk in chunks(rows, WRITE_CHUNK):
        with transaction.atomic():
            written = _write_chunk(chunk, by, reviews or {})
        people, addresses = people + written[0], addresses + written[1]
    return people, addresses


def _write_chunk(rows: Sequence[ImportRow], by, reviews: dict[int, dt.date]) -> tuple[int, int]:
    tables = _ImportTables(creator=_creator_id(by), reviews=reviews)
    places = _addresses_for(rows, tables)
    for row, address_id in zip(rows, places, strict=True):
        tables.add(row, address_id)
    new_addresses = len(tables.addresses.rows)
    tables.insert()
    return len(rows), new_addresses


def _creator_id(by):
    """Who imported, as the rows' created_by holds it: ids go in the database's own form."""
    user = recorded_user(by)
    return None if user is None else stored_id_of()(user.pk)


class _ImportTables:
    """The rows one chunk of an import writes, table by table. Ids are made here, in the
    form the database stores them, once per row rather than once per column they fill."""

    def __init__(self, creator, reviews: dict[int, dt.date]) -> None:
        self.new_id = new_id_maker()
        self.reviews = reviews
        self.now, self.creator = clock.now(), creator
        self.caution_fields = operator.itemgetter(*CAUTION_VALUES)
        self.addresses = BulkTable(Address, ADDRESS_COLUMNS)
        self.people = BulkTable(Person, ("id", "reference", "date_of_birth", "created_by"))
        self.names = BulkTable(PersonName, ("person", "kind", "given_names", "family_name"))
        self.links = BulkTable(PersonAddress, ("person", "address"))
        self.contacts = BulkTable(ContactPoint, ("person", "kind", "value"))
        self.cautions = BulkTable(Caution, CAUTION_COLUMNS)
        self.restrictions = BulkTable(Restriction, ("caution", "type", "label", "starts_on"))
        self.keys = BulkTable(MatchKey, ("key", "person"), in_order=True)

    def add(self, row: ImportRow, address_id) -> None:
        person = self.new_id()
        self.people.add((person, row.reference, row.date_of_birth, self.creator))
        self.names.add_many((person, kind, given, family) for kind, given, family in row.names)
        if address_id:
            self.links.add((person, address_id))
        self.contacts.add_many((person, kind, value) for kind, value in row.contacts)
        caution = self.new_id()
        values = _values(row)
        if row.row in self.reviews:
            values["next_review"] = self.reviews[row.row]
        self.cautions.add((caution, person, self.creator, *self.caution_fields(values)))
        if row.restrictions:
            # The register's text, as it was written: a free-text restriction lasting as long
            # as the caution, as `caution_add` keeps text given to it.
            self.restrictions.add(
                (caution, Restriction.FREE_TEXT, row.restrictions, row.date_added)
            )
        places = [row.address[:4]] if row.address else []
        keys = person_keys(
            ((g, f) for _, g, f in row.names), row.date_of_birth, row.contacts, places
        )
        self.keys.add_many((key, person) for key in keys)

    def insert(self) -> None:
        """Referenced rows first, so that foreign keys hold at every statement."""
        for table in (
            self.addresses,
            self.people,
            self.names,
            self.links,
            self.contacts,
            self.cautions,
            self.restrictions,
            self.keys,
        ):
            table.insert(created_at=self.now)


ADDRESS_COLUMNS = ("id", "line1", "line2", "town", "postcode", "uprn", "postcode_key", "line_key")
CAUTION_COLUMNS = ("id", "person", "created_by", *CAUTION_VALUES)


def _values(row: ImportRow) -> dict:
    """The caution's values, from the same defaults as a caution added one by one."""
    return caution_values(
        level=row.level,
        precautions=row.precautions,
        key_contact=row.key_contact,
        reporting_service=row.reporting_service,
        notified=row.notified,
        date_added=row.date_added,
        last_reviewed=row.last_reviewed,
        incident_summary=row.incident_summary,
    )


def _address_identity(address: tuple[str, str, str, str, str]) -> tuple[str, str]:
    line1, _, _, postcode, uprn = address
    return ("uprn", uprn) if uprn else (address_line_key(line1), postcode_key(postcode))


def _addresses_for(rows: Sequence[ImportRow], tables: _ImportTables) -> list:
    """Each row's address id: one address per place in the file, reusing those already on
    the register, so that everyone at an address is linked to the same one (003 §3.2).
    New addresses are added to `tables`."""
    identities = [_address_identity(row.address) if row.address else None for row in rows]
    wanted = {
        identity: row.address for identity, row in zip(identities, rows, strict=True) if identity
    }
    found = _addresses_held(wanted)
    for identity, (line1, line2, town, postcode, uprn) in wanted.items():
        if identity in found:
            continue
        found[identity] = tables.new_id()
        tables.addresses.add(
            (
                found[identity],
                line1,
                line2,
                town,
                postcode_display(postcode) if postcode else "",
                uprn,
                postcode_key(postcode),
                address_line_key(line1),
            )
        )
    return [found[identity] if identity else None for identity in identities]


def _addresses_held(wanted: Iterable[tuple[str, str]]) -> dict:
    """{identity: id, in the database's form} of the places already on the register."""
    as_stored = stored_id_of()
    postcodes = sorted({key for kind, key in wanted if kind != "uprn"})
    uprns = sorted({key for kind, key in wanted if kind == "uprn"})
    found: dict = {}
    for start in range(0, max(len(postcodes), len(uprns)), 500):
        at_postcodes = Address.objects.filter(postcode_key__in=postcodes[start : start + 500])
        for pk, line, postcode in at_postcodes.values_list("id", "line_key", "postcode_key"):
            found.setdefault((line, postcode), as_stored(pk))
        with_uprn = Address.objects.filter(uprn__in=uprns[start : start + 500])
        for pk, uprn in with_uprn.values_list("id", "uprn"):
            found.setdefault(("uprn", uprn), as_stored(pk))
    return found
