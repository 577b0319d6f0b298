"""Import of a council's existing register spreadsheet (`000 §8.5`), CSV or XLSX.

Every row is validated before anything is written. Any problem: every problem is reported
(row, column, reason) and nothing is imported. Otherwise everything is written in one
transaction, with bulk inserts, and audited as one import.
"""

import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import gc
import itertools
import operator
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.operator import recorded_user
from caution.lib import clock
from caution.lib.text import (
    address_line_key,
    email_key,
    phone_key,
    postcode_display,
    postcode_key,
)
from caution.people.matching import Query, person_keys
from caution.people.models import Address, ContactPoint, MatchKey, Person, PersonAddress, PersonName
from caution.policy.profiles import Profile, current
from caution.register.cautions import next_review_after
from caution.register.models import Caution, Restriction

# Our field -> the headers that mean it (compared without case, spaces or punctuation).
HEADERS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "ref", "id", "register reference", "customer reference"),
    "given_name": ("given name", "given names", "first name", "forename", "forenames"),
    "family_name": ("family name", "surname", "last name"),
    "full_name": ("full name", "name", "customer name"),
    "aliases": ("aliases", "alias", "aka", "also known as", "known as", "previous names"),
    "date_of_birth": ("date of birth", "dob", "birth date"),
    "address_line_1": ("address line 1", "address 1", "address", "address1"),
    "address_line_2": ("address line 2", "address 2", "address2"),
    "address_line_3": ("address line 3", "address 3", "town", "city", "address3"),
    "postcode": ("postcode", "post code", "postal code"),
    "uprn": ("uprn",),
    "phone": ("phone", "telephone", "tel", "phone number", "mobile"),
    "email": ("email", "e-mail", "email address", "e-mail address"),
    "social": ("social media", "social media handle", "handle"),
    "level": ("level", "marker score", "marker", "alert level", "score"),
    "precautions": ("precautions", "recommended precautions"),
    "restrictions": ("restrictions",),
    "reporting_service": ("reporting service", "service", "service or business partner"),
    "key_contact": ("key contact", "contact"),
    "notified": ("notified", "customer notified", "person notified"),
    "date_added": ("date added", "added", "date first added"),
    "last_reviewed": ("last reviewed", "date last reviewed", "reviewed"),
    "incident_summary": ("incident summary", "details", "incident details", "reason"),
}
FIELD_LABELS = {field: names[0].capitalize() for field, names in HEADERS.items()}
FIELD_LABELS |= {"full_name": "Full name", "date_of_birth": "Date of birth"}
YES = {"yes", "y", "true", "1", "notified"}
NO = {"no", "n", "false", "0", "not notified"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# "14/3/75": refused rather than read as a year of the first century, or guessed.
SHORT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{1,3}")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
LIST_SEPARATOR = re.compile(r"\s*[;|]\s*")
# Rows written per round of bulk inserts: large enough to amortise each INSERT, small enough
# that a register of a million rows does not hold a million model instances at once.
WRITE_CHUNK = 5000
# Rows per INSERT statement (fewer where the database allows fewer parameters): one
# round trip per row would make PostgreSQL imports crawl.
ROWS_PER_INSERT = 1000


class ImportFileError(Exception):
    """The file itself cannot be read: wrong type, no header row, unknown mapped header."""


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


@dataclasses.dataclass
class ImportReport:
    rows: int
    problems: list[Problem]
    people: int = 0
    addresses: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# Reading ---------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def column_fields(headers: list[str], mapping: dict[str, str]) -> dict[int, str]:
    """Which of our fields each column holds. `mapping` maps the file's own header to one of
    our field names or recognised headers, for registers with other headings."""
    by_header = {_header_key(name): field for field, names in HEADERS.items() for name in names}
    by_header |= {_header_key(field): field for field in HEADERS}
    mapped = {}
    for source, target in mapping.items():
        field = by_header.get(_header_key(target))
        if field is None:
            raise ImportFileError(f"--map {source}={target}: '{target}' is not a field we know")
        mapped[_header_key(source)] = field
    columns = {}
    for index, header in enumerate(headers):
        key = _header_key(header)
        field = mapped.get(key) or by_header.get(key)
        if field and field not in columns.values():
            columns[index] = field
    return columns


def read_rows(path: Path, mapping: dict[str, str] | None = None) -> Iterator[tuple[int, dict]]:
    """(spreadsheet row number, {field: value}) for every non-empty row of a CSV or XLSX
    file; the header is row 1."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(path)
    else:
        raise ImportFileError(f"{path.name}: use a .csv or .xlsx file")
    try:
        headers = next(raw)
    except StopIteration:
        raise ImportFileError(f"{path.name}: the file is empty") from None
    columns = column_fields([str(h or "") for h in headers], mapping or {})
    if not columns:
        raise ImportFileError(
            f"{path.name}: no column heading was recognised; use --map 'Your heading=field'"
        )
    for number, values in enumerate(raw, start=2):
        record = {
            field: values[index] if index < len(values) else None
            for index, field in columns.items()
        }
        if any(_text(v) for v in record.values()):
            yield number, record


def _csv_rows(path: Path) -> Iterator[list]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.reader(handle)


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        yield from workbook.active.iter_rows(values_only=True)
    finally:
        workbook.close()


def row_query(record: dict) -> Query:
    """The check query a row asks: the batch check reads the same columns as the import."""
    name = _text(record.get("full_name")) or " ".join(
        part for part in (_text(record.get("given_name")), _text(record.get("family_name"))) if part
    )
    lines = [_text(record.get(f"address_line_{i}")) for i in (1, 2, 3)]
    try:
        birth = parse_date(record.get("date_of_birth"))
    except ValueError:
        birth = None
    return Query(
        name=name,
        date_of_birth=birth,
        address=", ".join(line for line in lines if line),
        postcode=_text(record.get("postcode")),
        phone=_first(record.get("phone")),
        email=_first(record.get("email")),
        social=_first(record.get("social")),
    )


def _text(value) -> str:
    if type(value) is str:  # every CSV value: the common case first, half a million calls
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _first(value) -> str:
    items = _list(value)
    return items[0] if items else ""


def _list(value) -> list[str]:
    return [item for item in LIST_SEPARATOR.split(_text(value)) if item]


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    numeric = _numeric_date(text)
    if numeric:
        return numeric
    if SHORT_YEAR.fullmatch(text):
        raise ValueError(f"'{text}': Year must include 4 numbers")
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date; use 27/03/1980 or 1980-03-27")


def _numeric_date(text: str) -> dt.date | None:
    """27/03/1980 or 1980-03-27 read without strptime, which costs more than all the rest of
    a row's checks; other forms are left to DATE_FORMATS."""
    if match := UK_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None  # no such day: DATE_FORMATS reports it


# Validating ------------------------------------------------------------------------------


class _RowValidator:
    def __init__(self, number: int, record: dict, profile: Profile, today: dt.date) -> None:
        self.number, self.record, self.profile, self.today = number, record, profile, today
        self.problems: list[Problem] = []

    def problem(self, field: str, reason: str) -> None:
        self.problems.append(Problem(self.number, FIELD_LABELS[field], reason))

    def text(self, field: str) -> str:
        return _text(self.record.get(field))

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
        for alias in _list(self.record.get("aliases")):
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
            for value in _list(self.record.get(field)):
                if valid(value):
                    contacts.append((kind, value))
                else:
                    self.problem(field, f"'{value}' is not a valid {FIELD_LABELS[field].lower()}")
        contacts += [("social", value) for value in _list(self.record.get("social"))]
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
    profile, today = current(), clock.today()
    rows, problems, seen = [], [], {}
    for number, record in records:
        validator = _RowValidator(number, record, profile, today)
        row = validator.validate()
        if row.reference and row.reference in seen:
            validator.problem(
                "reference", f"'{row.reference}' is also on row {seen[row.reference]}"
            )
        elif row.reference:
            seen[row.reference] = number
        problems += validator.problems
        rows.append(row)
    existing = _existing_references(list(seen))
    problems += [
        Problem(seen[ref], "Reference", f"'{ref}' is already on the register") for ref in existing
    ]
    return rows, sorted(problems, key=lambda p: p.row)


def _existing_references(references: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        found |= set(Person.objects.filter(reference__in=chunk).values_list("reference", flat=True))
    return found


# Writing ---------------------------------------------------------------------------------


def register_import(
    path: Path,
    *,
    by,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> ImportReport:
    """Validate the whole file; import it only if every row is valid and not a dry run."""
    with _no_cycle_collection():
        return _register_import(path, by=by, mapping=mapping, dry_run=dry_run, progress=progress)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector, left on, walks every row an import holds again and again
    (hundreds of thousands of tuples of plain values, none of them in a cycle): about 15 %
    of an import's time. Memory is still freed as usual, by reference counting; the few
    cycles made meanwhile are collected once it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _register_import(
    path: Path,
    *,
    by,
    mapping: dict[str, str] | None,
    dry_run: bool,
    progress: Callable[[Iterable], Iterable],
) -> ImportReport:
    rows, problems = validate_rows(progress(read_rows(path, mapping)))
    report = ImportReport(rows=len(rows), problems=problems)
    if problems or dry_run:
        return report
    with transaction.atomic():
        report.people, report.addresses = rows_write(progress(rows), by)
        audit_record(
            by=by,
            verb=AuditEvent.Verb.IMPORT,
            summary=f"Imported {report.people} people from {path.name}",
            details={"file": path.name, "rows": report.rows, "new_addresses": report.addresses},
        )
    statistics_refresh()
    return report


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
# Rows SQLite's ANALYZE reads from each index (its own default reads them all).
SQLITE_ANALYSIS_LIMIT = 1000


def statistics_refresh() -> None:
    """ANALYZE the tables an import writes, so that the planner knows how many rows they
    now hold. Straight after a large import PostgreSQL plans for the tables as they were
    until autovacuum gets to them: checks at 100,000 people took 350 ms rather than 20 ms.
    SQLite keeps statistics only when asked; a limit keeps ANALYZE to a fraction of a
    second on a large register (docs/performance.md)."""
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        for model in IMPORTED_MODELS:
            cursor.execute(f"ANALYZE {database.ops.quote_name(model._meta.db_table)}")


def rows_write(rows: Iterable[ImportRow], by) -> tuple[int, int]:
    """Write valid rows, in chunks so that memory stays bounded on a large register; the
    caller holds the transaction. Returns (people, new addresses) written."""
    people = addresses = 0
    for chunk in _chunks(rows, WRITE_CHUNK):
        written = _write_chunk(chunk, by)
        people, addresses = people + written[0], addresses + written[1]
    return people, addresses


def _chunks(items: Iterable, size: int) -> Iterator[tuple]:
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


def _write_chunk(rows: Sequence[ImportRow], by) -> tuple[int, int]:
    tables = _ImportTables(creator=getattr(recorded_user(by), "pk", None))
    places = _addresses_for(rows, tables)
    for row, address_id in zip(rows, places, strict=True):
        tables.add(row, address_id)
    new_addresses = len(tables.addresses.rows)
    tables.insert()
    return len(rows), new_addresses


class _ImportTables:
    """The rows one chunk of an import writes, table by table. Ids are made here, in the
    form the database stores them, once per row rather than once per column they fill."""

    def __init__(self, creator) -> None:
        database = connections[DEFAULT_DB_ALIAS]
        self.new_id = _new_uuid if database.features.has_native_uuid_field else _new_hex_id
        self.now, self.creator = clock.now(), creator
        self.next_review = functools.cache(next_review_after)  # rows share a few dates
        self.addresses = _Table(Address, ADDRESS_COLUMNS)
        self.people = _Table(Person, ("id", "reference", "date_of_birth", "created_by"))
        self.names = _Table(PersonName, ("person", "kind", "given_names", "family_name"))
        self.links = _Table(PersonAddress, ("person", "address"))
        self.contacts = _Table(ContactPoint, ("person", "kind", "value"))
        self.cautions = _Table(Caution, CAUTION_COLUMNS)
        self.restrictions = _Table(Restriction, ("caution", "type", "label", "starts_on"))
        self.keys = _Table(MatchKey, ("key", "person"), in_order=True)

    def add(self, row: ImportRow, address_id) -> None:
        person = self.new_id()
        self.people.add((person, row.reference, row.date_of_birth, self.creator))
        self.names.add_many((person, kind, given, family) for kind, given, family in row.names)
        if address_id:
            self.links.add((person, address_id))
        self.contacts.add_many((person, kind, value) for kind, value in row.contacts)
        caution = self.new_id()
        self.cautions.add(
            (
                caution,
                person,
                row.level,
                row.precautions,
                row.key_contact,
                row.reporting_service,
                row.notified,
                row.date_added,
                row.last_reviewed,
                self.next_review(row.last_reviewed or row.date_added),
                row.incident_summary,
                self.creator,
            )
        )
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
CAUTION_COLUMNS = (
    "id",
    "person",
    "level",
    "precautions",
    "key_contact",
    "reporting_service",
    "notified",
    "date_added",
    "last_reviewed",
    "next_review",
    "incident_summary",
    "created_by",
)


def _new_uuid() -> uuid.UUID:
    """A new UUID in time order (version 7, RFC 9562): the time in milliseconds, then 74
    random bits. An import's rows then go in at one place in every index on their ids
    rather than all over it (a person's id is in eight indexes)."""
    millis = time.time_ns() // 1_000_000
    rand_a, rand_b = secrets.randbits(12), secrets.randbits(62)
    return uuid.UUID(int=millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b)


def _new_hex_id() -> str:
    """A new UUID as Django stores it where the database has no UUID type."""
    return _new_uuid().hex


class _Table:
    """Rows for one model's table, written with multi-row INSERTs: a bulk_create without the
    model instances, which at twenty-odd rows per person would be most of an import's time.

    Rows hold the `given` columns, in that order, with ids already in the database's form;
    other values are converted as the ORM converts them. A column not given gets its
    field's default, or the `created_at` time of the write."""

    def __init__(
        self, model: type[models.Model], given: Sequence[str], *, in_order: bool = False
    ) -> None:
        meta = model._meta
        self.table = meta.db_table
        fields = {
            field.name: field for field in meta.concrete_fields if field is not meta.auto_field
        }
        if not set(given) <= fields.keys():
            raise TypeError(f"{self.table} has no {sorted(set(given) - fields.keys())}")
        self.given = [fields[name] for name in given]
        self.rest = [field for name, field in fields.items() if name not in given]
        # Rows sorted by their first column fill its index page by page, not all over it.
        self.in_order = in_order
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def add_many(self, rows: Iterable[tuple]) -> None:
        self.rows.extend(rows)

    def insert(self, *, created_at: dt.datetime) -> None:
        if not self.rows:
            return
        database = connections[DEFAULT_DB_ALIAS]
        rows = self.rows
        if self.in_order:
            # By the first column only: comparing ids too (UUID objects on PostgreSQL, in
            # Python) would cost more than it saves.
            rows.sort(key=operator.itemgetter(0))
        rows = self._converted(rows, database)
        tail = tuple(
            field.get_db_prep_save(
                created_at if field.name == "created_at" else field.get_default(),
                connection=database,
            )
            for field in self.rest
        )
        if tail:
            rows = [row + tail for row in rows]
        columns = [*self.given, *self.rest]
        with database.cursor() as cursor:
            if database.vendor == "postgresql":
                # COPY streams the rows in one statement, with no SQL to parse per row.
                with cursor.cursor.copy(self._copy_sql(database, columns)) as copy:
                    for row in rows:
                        copy.write_row(row)
            elif database.vendor == "sqlite":
                # One prepared statement for every row: SQLite runs in this process, so
                # there is no round trip to save, and a long VALUES list costs parsing.
                cursor.executemany(self._sql(database, columns, 1), rows)
            else:
                size = min(ROWS_PER_INSERT, database.ops.bulk_batch_size(columns, rows) or 1)
                for start in range(0, len(rows), size):
                    batch = rows[start : start + size]
                    sql = self._sql(database, columns, len(batch))
                    cursor.execute(sql, [value for row in batch for value in row])
        self.rows = []

    def _copy_sql(self, database: BaseDatabaseWrapper, columns: list) -> str:
        quote = database.ops.quote_name
        names = ", ".join(quote(field.column) for field in columns)
        return f"COPY {quote(self.table)} ({names}) FROM STDIN"

    def _converted(self, rows: list[tuple], database: BaseDatabaseWrapper) -> list[tuple]:
        converters = [
            (index, convert)
            for index, field in enumerate(self.given)
            if (convert := _converter(field, database))
        ]
        if not converters:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for index, convert in converters:
                values[index] = convert(values[index])
            converted.append(tuple(values))
        return converted

    def _sql(self, database: BaseDatabaseWrapper, columns: list, count: int) -> str:
        quote = database.ops.quote_name
        names = ", ".join(quote(field.column) for field in columns)
        row = f"({', '.join(['%s'] * len(columns))})"
        # Table and column names come from the model, never from the file.
        return f"INSERT INTO {quote(self.table)} ({names}) VALUES {', '.join([row] * count)}"  # noqa: S608


def _converter(field: models.Field, database: BaseDatabaseWrapper) -> Callable | None:
    """How a value becomes this column's database value, as the ORM would convert it, or
    None where the driver takes it as it is (ids are made in the database's form)."""
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    if kind in ("CharField", "TextField", "BooleanField", "AutoField", "BigAutoField", "UUIDField"):
        return None
    return functools.partial(field.get_db_prep_save, connection=database)


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
    database = connections[DEFAULT_DB_ALIAS]
    as_stored = (lambda pk: pk) if database.features.has_native_uuid_field else _uuid_hex
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


def _uuid_hex(value: uuid.UUID) -> str:
    return value.hex
