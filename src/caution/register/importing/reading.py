"""Reading a register's file: CSV or XLSX, its columns recognised by their headings (or
mapped by the operator), each cell read as text, a list or a date. The batch check reads
files the same way (`row_query`)."""

import codecs
import csv
import dataclasses
import datetime as dt
import io
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

# A cell beginning with one of these is a formula to a spreadsheet: the export writes it
# after an apostrophe (OWASP "CSV injection"), and the import reads it back without.
FORMULA_STARTS = ("=", "+", "-", "@")
NEUTRALISED = tuple(f"'{start}" for start in FORMULA_STARTS)


class ImportFileError(Exception):
    """The file itself cannot be read: wrong type, no header row, unknown mapped header."""


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def column_fields(
    headers: list[str], mapping: dict[str, str], known: dict[str, tuple[str, ...]] = HEADERS
) -> dict[int, str]:
    """Which of our fields each column holds. `mapping` maps the file's own header to one of
    our field names or recognised headers, for registers with other headings; `known` are
    the fields and their headings (a visit list adds its job reference)."""
    by_header = {_header_key(name): field for field, names in known.items() for name in names}
    by_header |= {_header_key(field): field for field in known}
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


def text_rows(text: str, known: dict[str, tuple[str, ...]]) -> Iterator[tuple[int, dict]]:
    """(row number, {field: value}) for every non-empty row of CSV text pasted or uploaded
    (a spreadsheet's rows pasted come separated by tabs); the header is row 1."""
    raw = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    headers = next(raw, None)
    if headers is None:
        raise ImportFileError("The list is empty")
    columns = column_fields([str(h or "") for h in headers], {}, known)
    if not columns:
        raise ImportFileError("No column heading was recognised: the first row names the columns")
    for number, values in enumerate(raw, start=2):
        record = {
            field: values[index] if index < len(values) else None
            for index, field in columns.items()
        }
        if any(cell_text(v) for v in record.values()):
            yield number, record


ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 (with a byte order mark)",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Excel on Windows)",
    "latin-1": "Latin-1",
}
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclasses.dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str

    def __str__(self) -> str:
        return (
            f"read as {ENCODING_NAMES[self.encoding]}, "
            f"columns separated by {DELIMITER_NAMES[self.delimiter]}"
        )


def csv_format(path: Path) -> CsvFormat:
    """How a CSV file was saved: its encoding (UTF-8 with or without a byte order mark,
    else Excel on Windows' cp1252, else Latin-1, which reads any bytes) and its separator
    (comma, semicolon, as Excel writes where the comma is the decimal point, or tab)."""
    encoding = _encoding(path)
    with path.open(newline="", encoding=encoding) as handle:
        sample = handle.read(64 * 1024)
    return CsvFormat(encoding, _delimiter(sample))


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:  # in chunks: memory stays flat however long
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _delimiter(sample: str) -> str:
    """The separator of the heading row: the one of , ; and tab it holds most of (outside
    quotes), as the sniffer of the csv module is easily misled by the data rows."""
    line = sample.splitlines()[0] if sample else ""
    counts = {d: _count_outside_quotes(line, d) for d in DELIMITER_NAMES}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _csv_rows(path: Path) -> Iterator[list]:
    found = csv_format(path)
    with path.open(newline="", encoding=found.encoding) as handle:
        yield from csv.reader(handle, delimiter=found.delimiter)


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
        value = value.strip()
        if value.startswith(NEUTRALISED):  # '=… written by the export against formulas
            return value[1:]
        return value
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
