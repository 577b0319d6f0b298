"""The check inside the work (issue 14): what another system, or a member of staff with a
day's visit list, is told about each visit.

Every visit is one run of the check (`check_run`): the same matching, the same safety rule
and the same audit, with the visit's job reference in it. What comes back is cut down to
the fields the asker may see (a client token's scope); whether anything was found is
always said, so that a cautioned person is never hidden.
"""

import dataclasses
import datetime as dt
import re

from caution.people.matching import Query
from caution.people.models import Address
from caution.register.check import CautionView, CheckResult, check_run, query_problems
from caution.register.importing.reading import (
    HEADERS,
    ImportFileError,
    cell_first,
    parse_date,
    row_query,
    text_rows,
)

# A list longer than a day's visits is refused: its checks would hold a server too long.
MOST_VISITS = 500
# What a field of a client token's scope adds to each alert.
FIELD_KEYS = {
    "level": ("level", "level_words", "most_serious", "interim"),
    "precautions": ("precautions",),
    "restrictions": ("restrictions",),
    "contact": ("speak_to", "key_contact", "reporting_service"),
}
# What the `match` field adds: the person matched or the place, and where it is held.
MATCH_KEYS = ("person", "place", "held_on")
EVERY_FIELD = frozenset((*FIELD_KEYS, "match"))
UPRN = re.compile(r"\d{1,12}")
# The headings of a visit list: the batch check's, and the visit's own reference.
VISIT_HEADERS = {
    **HEADERS,
    "job_reference": ("job reference", "job ref", "job", "job number", "visit reference"),
}


@dataclasses.dataclass(frozen=True)
class Visit:
    """One visit to check: its job reference, the query it asks and the UPRN given."""

    job_reference: str
    query: Query
    uprn: str = ""

    @property
    def context(self) -> dict[str, str]:
        """What the check's audit keeps beside the query."""
        context = {"job_reference": self.job_reference} if self.job_reference else {}
        return context | ({"uprn": self.uprn} if self.uprn else {})


def visit_query(
    *,
    uprn: str = "",
    name: str = "",
    date_of_birth: dt.date | None = None,
    address: str = "",
    postcode: str = "",
    phone: str = "",
    email: str = "",
) -> Query:
    """The check's query for what a system knows of a visit. A UPRN the register holds
    stands for its address (the check then finds the address's cautions and everyone
    linked to it); one it does not hold adds nothing, so the address is asked as given."""
    place = Address.objects.filter(uprn=uprn).order_by("id").first() if uprn else None
    if place is not None:
        address, postcode = place.line1, place.postcode
    return Query(
        name=name,
        date_of_birth=date_of_birth,
        address=address,
        postcode=postcode,
        phone=phone,
        email=email,
    )


def visit_problems(visit: Visit) -> dict[str, str]:
    """What is wrong with a visit, by field: the check's own rules, and a UPRN of digits.
    A UPRN alone identifies a place, even one the register does not hold."""
    problems = query_problems(visit.query)
    if visit.uprn:
        if not UPRN.fullmatch(visit.uprn):
            problems["uprn"] = "Enter a UPRN of up to 12 digits, like 200003741234"
        if problems.get("__all__", "").startswith("Enter at least one thing"):
            del problems["__all__"]
    return problems


def visit_check(visit: Visit, *, by) -> CheckResult:
    """Check one visit, audited as a check with its job reference."""
    return check_run(visit.query, by=by, context=visit.context)


def alert_answer(result: CheckResult, fields: frozenset[str] = EVERY_FIELD) -> dict:
    """What may be told of a check's result: whether anything was found (always) and, for
    each caution shown, only the fields in scope. With no field in scope, only the yes or
    no is told."""
    answer: dict = {"flagged": result.found}
    if not fields:
        return answer
    alerts = []
    for person in result.people:
        match = {
            "name": person.person.display_name,
            "band": str(person.score.band),
            "label": person.score.label,
            "reasons": person.score.reasons,
            "warnings": person.score.warnings,
        }
        alerts += [_alert(caution, fields, {"person": match}) for caution in person.cautions]
    for place in result.addresses:
        match = {"address": place.address.one_line, "reasons": place.reasons}
        alerts += [_alert(caution, fields, {"place": match}) for caution in place.cautions]
    answer["alerts"] = alerts
    return answer


def _alert(caution: CautionView, fields: frozenset[str], match: dict) -> dict:
    values = {
        "level": caution.level_code,
        "level_words": caution.level_words,
        "most_serious": caution.most_serious,
        "interim": caution.interim,
        "precautions": caution.precautions,
        "restrictions": caution.restrictions,
        "speak_to": caution.speak_to,
        "key_contact": caution.key_contact,
        "reporting_service": caution.reporting_service,
    }
    alert = {key: values[key] for field in fields for key in FIELD_KEYS.get(field, ())}
    if "match" in fields:
        alert |= match
        if caution.held_on:
            alert["held_on"] = caution.held_on
    return alert


@dataclasses.dataclass(frozen=True)
class VisitRow:
    number: int
    visit: Visit
    problems: dict[str, str]


def visit_rows(text: str) -> list[VisitRow]:
    """The visits of a pasted or uploaded list (CSV with a heading row, or rows copied from
    a spreadsheet), each with what is wrong with it. Raises ImportFileError when the list
    cannot be read at all."""
    rows = []
    for number, record in text_rows(text, VISIT_HEADERS):
        if len(rows) == MOST_VISITS:
            raise ImportFileError(f"A list holds at most {MOST_VISITS} visits")
        query = row_query(record)
        uprn = cell_first(record.get("uprn"))
        reference = cell_first(record.get("job_reference"))
        visit = Visit(reference, visit_query(**_known(query), uprn=uprn), uprn)
        problems = visit_problems(visit)
        try:
            parse_date(record.get("date_of_birth"))
        except ValueError as error:
            # row_query leaves out a date it cannot read: the row is refused instead, as
            # the batch check refuses it.
            problems["date_of_birth"] = str(error)
        rows.append(VisitRow(number, visit, problems))
    if not rows:
        raise ImportFileError("The list has a heading row but no visits")
    return rows


def _known(query: Query) -> dict:
    return {
        "name": query.name,
        "date_of_birth": query.date_of_birth,
        "address": query.address,
        "postcode": query.postcode,
        "phone": query.phone,
        "email": query.email,
    }


# A day's visit list as a file: a few hundred rows are a few tens of KB.
MOST_BYTES = 1_000_000


def visit_list_text(data: bytes) -> str:
    """An uploaded visit list as text: UTF-8 (with or without a byte order mark), else
    Windows-1252 as Excel saves CSV. Refuses what is not text (checked by content)."""
    if not data:
        raise ImportFileError("The selected file is empty")
    if len(data) > MOST_BYTES:
        raise ImportFileError("The selected file must be smaller than 1 MB")
    if b"\x00" in data:
        raise ImportFileError("The selected file must be a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
