"""Reading a register's file: CSV or XLSX, its columns recognised by their headings (or
mapped by the operator), each cell read as text, a list or a date. The batch check reads
files the same way (`row_query`)."""

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from caution.people.matching import Query

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


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


# "14/3/75": refused rather than read as a year of the first century, or guessed.
SHORT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{1,3}")


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


LIST_SEPARATOR = re.compile(r"\s*[;|]\s*")


class ImportFileError(Exception):
    """The file itself cannot be read: wrong type, no header row, unknown mapped header."""


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
        if any(cell_text(v) for v in record.values()):
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
    name = cell_text(record.get("full_name")) or " ".join(
        part
        for part in (cell_text(record.get("given_name")), cell_text(record.get("family_name")))
        if part
    )
    lines = [cell_text(record.get(f"address_line_{i}")) for i in (1, 2, 3)]
    try:
        birth = parse_date(record.get("date_of_birth"))
    except ValueError:
        birth = None
    return Query(
        name=name,
        date_of_birth=birth,
        address=", ".join(line for line in lines if line),
        postcode=cell_text(record.get("postcode")),
        phone=cell_first(record.get("phone")),
        email=cell_first(record.get("email")),
        social=cell_first(record.get("social")),
    )


def cell_text(value) -> str:
    """A cell as text: numbers as a spreadsheet shows them, no surrounding spaces."""
    if type(value) is str:  # every CSV value: the common case first, half a million calls
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_first(value) -> str:
    """The first item of a cell holding a list."""
    items = cell_items(value)
    return items[0] if items else ""


def cell_items(value) -> list[str]:
    """The items of a cell holding a list, separated by ; or |."""
    return [item for item in LIST_SEPARATOR.split(cell_text(value)) if item]


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
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
