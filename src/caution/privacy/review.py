"""What a subject access export must be reviewed for before it is released: other people
named in its free text (a neighbour's name and phone number in a report, a witness's son
in a statement), with dates and phone numbers that may identify them (UK GDPR Art. 15(4),
DPA 2018 Sch. 2 para. 16: another person's data is disclosed only with their consent or
where it is reasonable).

Detection is a simple heuristic, meant to point the officer's eye, not to decide:

- a **name** is a run of capitalised words (with a title such as "Mrs" before it, or
  alone) that is two or more words long, follows a title, or holds a known given name (a
  name or nickname in the `nicknames` package's list, as the check uses); words that are
  the data subject's own names, roles put in by redaction ("Officer A", "Witness B"),
  common capitalised words (days, months, "The", "Council"...) and place or building words
  ("Road", "Offices", "Council", "Report"...) are not names, nor is a run holding one;
- a **date** is a day, month and year in figures (21/06/1979, 1979-06-21) or in words
  (21 June 1979, June 21st);
- a **phone number** is a run of 10 to 13 digits with spaces, dashes, brackets or a
  leading +, other than the data subject's own numbers.

No language model: a miss here is caught by the officer, who reads every passage flagged
or not, and confirms the review before the export can be released.
"""

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from nicknames import NickNamer

from caution.lib.text import STREET_TYPES, phone_key


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text))


MONTHS = _words(
    "january february march april may june july august september october november december"
)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(
    r"\b(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    r")(?![\w/])",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s()-]{8,18}\d(?!\w)")
WORD = r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*"
TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev)\.?"
NAME_RUN = re.compile(rf"(?:\b{TITLE}\s+)?\b{WORD}(?:\s+{WORD})*")
# Capitalised words that are not names: sentence openers, days, months, the council's
# world, places and buildings.
NOT_NAMES = (
    _words(
        """
    a an and as at but by for from he her his how i if in into it its my no not of on or our
    she so that the their them then there these they this those to up us was we were what
    when where which while who why with you your after before later also both each every
    here one two three four five mr mrs ms miss mx dr
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    council councillor offices office reception centre center hall house housing police
    service services team officer manager customer tenant neighbour neighbours witness
    staff department borough district county city town village street road lane avenue
    close court drive way place square park gardens crescent terrace estate flat unit block
    level caution warning restriction restrictions appeal review panel register report
    incident letter phone email address contact gp nhs hospital school church station
    english british
    """
    )
    | MONTHS
)
# A run holding one of these names a place, a building or a body, not a person.
PLACE_WORDS = frozenset(STREET_TYPES) | _words(
    """
    offices office centre center hall house police council team panel service services
    department report register court hospital school church station surgery unit estate
    borough district county city town village
    """
)
REDACTION_LABEL = re.compile(r"^(?:Officer|Witness) [A-Z]$")


@cache
def _given_names() -> frozenset[str]:
    """Given names and their nicknames, lower case (the `nicknames` package's list)."""
    namer = NickNamer()
    names = set(namer._nickname_lookup) | set(namer._canonical_lookup)
    return frozenset(name for name in names if len(name) > 2) - NOT_NAMES


@dataclasses.dataclass(frozen=True)
class Flag:
    kind: str  # "name", "date" or "phone"
    text: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Passage:
    """One piece of free text in the export, where it is, and what in it to review."""

    where: str
    text: str
    flags: tuple[Flag, ...]

    def marked(self) -> SafeString:
        """The text, escaped, with each flag in a <mark>."""
        out, at = [], 0
        for flag in self.flags:
            out += [escape(self.text[at : flag.start])]
            out += [f'<mark data-kind="{flag.kind}">{escape(flag.text)}</mark>']
            at = flag.end
        out.append(escape(self.text[at:]))
        return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above

    def found(self, kind: str) -> list[str]:
        return list(dict.fromkeys(f.text for f in self.flags if f.kind == kind))

    def notes(self) -> dict:
        return {
            "where": self.where,
            "names": self.found("name"),
            "dates": self.found("date"),
            "phone_numbers": self.found("phone"),
        }


class Subject:
    """The data subject's own names and numbers, which are not flagged."""

    def __init__(self, words: Iterable[str], phones: Iterable[str]) -> None:
        self.words = {w.lower() for w in words if w}
        self.phones = {phone_key(p) for p in phones if p}


def _names(text: str, subject: Subject) -> Iterator[Flag]:
    given = _given_names()
    for match in NAME_RUN.finditer(text):
        run = match.group(0)
        titled = re.match(TITLE + r"\s", run) is not None
        words = run.split()[1:] if titled else run.split()
        lower = [w.lower() for w in words]
        if any(w in PLACE_WORDS for w in lower) or REDACTION_LABEL.match(run):
            continue
        # Drop the subject's own names and common words at either end ("Then Sandra").
        start = match.start() if titled else None
        while words and (lower[0] in NOT_NAMES or lower[0] in subject.words):
            words, lower = words[1:], lower[1:]
            start = None
        while words and (lower[-1] in NOT_NAMES or lower[-1] in subject.words):
            words, lower = words[:-1], lower[:-1]
        if not words:
            continue
        if not (titled or len(words) > 1 or lower[0] in given):
            continue
        begin = start if start is not None else text.index(words[0], match.start())
        end = text.index(words[-1], begin) + len(words[-1])
        yield Flag("name", text[begin:end], begin, end)


def _phones(text: str, subject: Subject) -> Iterator[Flag]:
    for match in PHONE.finditer(text):
        number = match.group(0).strip()
        digits = re.sub(r"\D", "", number)
        if 10 <= len(digits) <= 13 and phone_key(number) not in subject.phones:
            yield Flag("phone", number, match.start(), match.start() + len(number))


def flags_in(text: str, subject: Subject) -> tuple[Flag, ...]:
    """Names, dates and phone numbers in the text, in order, none overlapping."""
    found = [Flag("date", m.group(0), m.start(), m.end()) for m in DATE.finditer(text)]
    found += _phones(text, subject)
    found += _names(text, subject)
    kept: list[Flag] = []
    for flag in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or flag.start >= kept[-1].end:
            kept.append(flag)
    return tuple(kept)


# The free text of the export (access_gather's data): where each is, by section and key.
FREE_TEXT = {
    "incidents": ("Report", ("location", "what_happened")),
    "incidents.witnesses": ("witness statement", ("statement",)),
    "incidents.contacts": ("contact", ("summary",)),
    "incidents.assessment": ("assessment", ("reasons", "context")),
    "decisions": ("Decision", ("reasons", "identity_reason")),
    "cautions": ("Register entry", ("precautions", "what_happened", "ended_reason")),
    "cautions.restrictions": ("restriction", ("what", "details", "named_contact")),
    "cautions.breaches": ("breach", ("what",)),
    "cautions.appeals": ("appeal", ("grounds", "reasons")),
    "cautions.reviews": ("review", ("reasons",)),
    "letters": ("Letter", ("text",)),
    "rectification_requests": ("Request to correct data", ("request", "reason")),
    "identity_disputes": ("Dispute about identity", ("account", "note")),
}


def _texts(data: dict) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of free text in the export's data."""
    for section in (
        "incidents",
        "decisions",
        "cautions",
        "letters",
        "rectification_requests",
        "identity_disputes",
    ):
        for number, item in enumerate(data.get(section, []), 1):
            yield from _fields(item, section, f"{FREE_TEXT[section][0]} {number}")
            for key, value in item.items():
                part = f"{section}.{key}"
                if part not in FREE_TEXT:
                    continue
                children = value if isinstance(value, list) else [value] if value else []
                for child_number, child in enumerate(children, 1):
                    label = f"{FREE_TEXT[section][0]} {number}, {FREE_TEXT[part][0]}"
                    if isinstance(value, list):
                        label += f" {child_number}"
                    yield from _fields(child, part, label)


def _fields(item: dict, part: str, label: str) -> Iterator[tuple[str, str]]:
    for key in FREE_TEXT[part][1]:
        text = item.get(key)
        if isinstance(text, str) and text.strip():
            yield f"{label}: {key.replace('_', ' ')}", text


def passages(data: dict, subject: Subject) -> list[Passage]:
    """Every piece of free text in the export, each with what in it to review."""
    return [Passage(where, text, flags_in(text, subject)) for where, text in _texts(data)]


def digest(found: list[Passage]) -> str:
    """A fingerprint of the free text reviewed: the export is refused if it changes."""
    hashed = hashlib.sha256()
    for passage in found:
        hashed.update(f"{passage.where}\x00{passage.text}\x01".encode())
    return hashed.hexdigest()
