"""The data protection officer's weekly digest of unusual checks, read from the audit of
checks: a check of a colleague's name, bulk checks, checks out of hours, and one person
checked by many. Each flag links to the audit narrowed to what it is about; the digest
itself names staff (whose checks they are) but never the people checked.

A sweep step: on Mondays it looks back over the seven days before, and tells every data
protection officer once (a second run of the same day finds the digest already sent).
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from caution.accounts.models import User
from caution.accounts.roles import role_group
from caution.audit.models import AuditEvent
from caution.notifications import events
from caution.notifications.actions import notify
from caution.notifications.models import Notification
from caution.policy.calendar import is_working_day
from caution.policy.roles import Role
from caution.privacy.selectors import AuditFilter

# More checks than this by one user within one hour is a bulk check.
BULK_CHECKS = 30
# One person shown to at least this many different users in the week.
MANY_CHECKERS = 5
# Working hours, local time, on working days; a check outside them is out of hours.
WORK_STARTS = dt.time(7, 0)
WORK_ENDS = dt.time(19, 0)
DIGEST_WEEKDAY = 0  # Monday


@dataclasses.dataclass(frozen=True)
class Flag:
    kind: str  # colleague, bulk, out_of_hours, many
    text: str
    url: str


@dataclasses.dataclass(frozen=True)
class _Check:
    at: dt.datetime
    actor_id: object
    actor: str
    name: str
    people: tuple[str, ...]


def _audit_url(**wanted) -> str:
    return f"{reverse('privacy:audit')}?{AuditFilter(verb=AuditEvent.Verb.CHECK, **wanted).query()}"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def _checks(start: dt.date, end: dt.date) -> list[_Check]:
    """The checks made by staff from `start` to `end` (inclusive, local days)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    first = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    found = (
        AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK, at__gte=first, at__lt=after)
        .exclude(actor=None)
        .select_related("actor")
        .prefetch_related("people")
        .order_by("at")
    )
    return [
        _Check(
            at=_local(event.at),
            actor_id=event.actor_id,
            actor=event.actor.display_name,
            name=str((event.details.get("asked") or {}).get("name", "")),
            people=tuple(str(person.pk) for person in event.people.all()),
        )
        for event in found
    ]


def _words(name: str) -> frozenset[str]:
    return frozenset(word for word in name.lower().replace("-", " ").split() if word)


def _colleagues() -> dict[frozenset[str], User]:
    """Each member of staff's first and last names, as words a check's name would hold."""
    staff = User.objects.filter(is_active=True).exclude(first_name="").exclude(last_name="")
    return {_words(f"{user.first_name} {user.last_name}"): user for user in staff}


def _colleague_flags(checks: list[_Check]) -> list[Flag]:
    colleagues = _colleagues()
    flags = []
    for check in checks:
        asked = _words(check.name)
        named = next((user for words, user in colleagues.items() if words <= asked), None)
        if named is None or named.pk == check.actor_id:
            continue
        flags.append(
            Flag(
                "colleague",
                f"{check.actor} checked a name that is a colleague's "
                f"on {check.at:%-d %B at %H:%M}.",
                _audit_url(actor=str(check.actor_id), on=check.at.date()),
            )
        )
    return flags


def _bulk_flags(checks: list[_Check]) -> list[Flag]:
    by_actor = defaultdict(list)
    for check in checks:
        by_actor[check.actor_id].append(check)
    flags = []
    for actor_id, theirs in by_actor.items():
        busiest = _busiest_hour(theirs)
        if busiest is None:
            continue
        first, count = busiest
        flags.append(
            Flag(
                "bulk",
                f"{first.actor} made {count} checks within an hour from {first.at:%-d %B %H:%M}.",
                _audit_url(actor=str(actor_id), on=first.at.date()),
            )
        )
    return flags


def _busiest_hour(checks: list[_Check]) -> tuple[_Check, int] | None:
    """The check that starts the hour with the most checks, if more than BULK_CHECKS."""
    best, start = None, 0
    for end, check in enumerate(checks):
        while check.at - checks[start].at >= dt.timedelta(hours=1):
            start += 1
        count = end - start + 1
        if count > BULK_CHECKS and (best is None or count > best[1]):
            best = (checks[start], count)
    return best


def out_of_hours(moment: dt.datetime) -> bool:
    """Before 07:00 or from 19:00, at the weekend, or on a bank holiday (England and Wales)."""
    local = _local(moment)
    if not is_working_day(local.date()):
        return True
    return not WORK_STARTS <= local.time() < WORK_ENDS


def _out_of_hours_flags(checks: list[_Check]) -> list[Flag]:
    late = defaultdict(list)
    for check in checks:
        if out_of_hours(check.at):
            late[(check.actor_id, check.at.date())].append(check)
    return [
        Flag(
            "out_of_hours",
            f"{theirs[0].actor} made {len(theirs)} check{'s' if len(theirs) > 1 else ''} "
            f"out of hours on {day:%A %-d %B}.",
            _audit_url(actor=str(actor_id), on=day),
        )
        for (actor_id, day), theirs in late.items()
    ]


def _many_flags(checks: list[_Check]) -> list[Flag]:
    checkers = defaultdict(set)
    for check in checks:
        for person in check.people:
            checkers[person].add(check.actor_id)
    return [
        Flag(
            "many",
            f"One person was shown to {len(users)} different members of staff.",
            _audit_url(person=person),
        )
        for person, users in checkers.items()
        if len(users) >= MANY_CHECKERS
    ]


def unusual_checks(start: dt.date, end: dt.date) -> list[Flag]:
    """Every flag for the checks from `start` to `end`, by kind."""
    checks = _checks(start, end)
    return [
        *_colleague_flags(checks),
        *_bulk_flags(checks),
        *_out_of_hours_flags(checks),
        *_many_flags(checks),
    ]


HEADINGS = {
    "colleague": "Checks of a colleague's name",
    "bulk": "Bulk checks",
    "out_of_hours": "Checks out of hours",
    "many": "One person checked by many",
}


def digest_text(flags: list[Flag], start: dt.date, end: dt.date) -> str:
    base = settings.CAUTION_BASE_URL
    lines = [f"Checks from {start:%-d %B} to {end:%-d %B %Y} that may need a look."]
    if not flags:
        lines.append("Nothing unusual was found.")
    for kind, heading in HEADINGS.items():
        found = [flag for flag in flags if flag.kind == kind]
        if found:
            lines.append(f"\n{heading} ({len(found)}):")
            lines += [f"- {flag.text} Audit: {base}{flag.url}" for flag in found]
    return "\n".join(lines)


@transaction.atomic
def checks_digest_send(*, as_of: dt.date) -> int:
    """On Mondays, tell each data protection officer of the unusual checks of the seven
    days before: how many flags were sent (0 on other days, or when sent already)."""
    if as_of.weekday() != DIGEST_WEEKDAY:
        return 0
    start, end = as_of - dt.timedelta(days=7), as_of - dt.timedelta(days=1)
    sent = Notification.objects.filter(event=events.CHECKS_DIGEST, created_at__date=as_of)
    if sent.exists():
        return 0
    flags = unusual_checks(start, end)
    officers = role_group(Role.DATA_PROTECTION_OFFICER).user_set.filter(is_active=True)
    notify(
        officers,
        subject=f"Unusual checks: {len(flags)} to look at" if flags else "No unusual checks",
        body=digest_text(flags, start, end),
        url=_audit_url(),
        event=events.CHECKS_DIGEST,
    )
    return len(flags)
