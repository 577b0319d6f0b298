"""A caution's restrictions in words: the one place that says them.

The `Restriction` rows are the only record of what a person may do (001 §10, 002 §4.5.2,
003 §7.1, 004 §5); a restriction written as free text (from an imported register, or
added with a caution) is a row too, its text the label. The words are worked out when they
are read, from the rows in force on the day asked: a restriction is in force until the end
of its end date, and on the day after it no longer shows in the check, the letters or the
caution page, with no sweep to run. The check, the caution page and the other pages (the
include `register/_restrictions.html`), letters and the subject access export all read
them here. Read many cautions' words with `prefetch_related("restriction_set")`.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from caution.incidents.models import Incident


class RestrictionRow(Protocol):
    """What the words are made of: a `Restriction`, or anything with its fields."""

    label: str
    details: str
    named_contact: str
    channels: list[str]
    service_area: str
    ends_on: dt.date | None
    permanent: bool


def in_force(restriction: RestrictionRow, *, on: dt.date) -> bool:
    """Whether the restriction still applies on `on`: it has no end, or ends that day or
    later (lifting one ends it the day before)."""
    return restriction.ends_on is None or restriction.ends_on >= on


def restriction_words(restriction: RestrictionRow) -> str:
    """One restriction in words: what it is and its particulars, the named contact, the
    channels still allowed, the service it is limited to (002 §4.5) and how long it lasts
    (004 §5). One lasting as long as the caution, with no date of its own, says nothing
    of how long."""
    parts = [restriction.label + (f": {restriction.details}" if restriction.details else "")]
    if restriction.named_contact:
        parts.append(f"contact {restriction.named_contact}")
    if restriction.channels:
        channels = ", ".join(Incident.Channel(c).label.lower() for c in restriction.channels)
        parts.append(f"only by {channels}")
    if restriction.service_area:
        parts.append(f"{restriction.service_area} only")
    if restriction.permanent:
        parts.append("permanent")
    elif restriction.ends_on:
        parts.append(f"until {restriction.ends_on:%-d %B %Y}")
    return "; ".join(parts)


def restrictions_words(restrictions: Iterable[RestrictionRow], *, on: dt.date) -> list[str]:
    """The restrictions in force on `on`, in words, one a line, in the order they were
    made: what the check shows staff before contact, and what a letter tells the person."""
    return [restriction_words(r) for r in restrictions if in_force(r, on=on)]


def restrictions_ended(restrictions: Iterable[RestrictionRow], *, on: dt.date) -> list[str]:
    """The restrictions that had ended before `on`, in words: kept on the caution's record,
    never shown as if they applied."""
    return [restriction_words(r) for r in restrictions if not in_force(r, on=on)]
