"""The committee report's figures for a period: counts only, never a name, from the live
register and from the tombstones of people deleted at the end of retention (privacy), so a
past quarter's figures do not shrink when its people are deleted.

Small numbers are suppressed (ADR 0018): a count from 1 to 4 is shown as "fewer than 5",
and where a table gives a total that would reveal a single hidden count by subtraction,
the next smallest count in that column is hidden too. Percentages are shown only when
neither of their parts is a small number. Suppression is done here, once: the page, the
CSV files and the PDF all print the shown text, never the raw count.

What a tombstone holds (privacy/models.py) limits what it adds: a deleted person counts as
one person with one caution, of the level and category of their latest, on the register
from their first caution's date until their last ended; their reviews, letters, appeals
and reports are counted only while their records exist.
"""

import dataclasses
import datetime as dt
from collections import Counter

from django.db.models import Count, F, Q, QuerySet

from caution.incidents.models import Incident
from caution.letters.models import Letter
from caution.lib.charts import Bar, bar_chart
from caution.policy.profiles import Profile, current
from caution.privacy.models import Tombstone
from caution.register.models import Appeal, Caution, Review

# Counts from 1 to SMALL - 1 are not shown.
SMALL = 5
HIDDEN = f"fewer than {SMALL}"
HIDDEN_SHORT = f"<{SMALL}"
NOT_SHOWN = "not shown: small numbers"
NOT_RECORDED = "Not recorded"
DELETED_SERVICE = "Not known (records deleted)"
QUARTERS_SHOWN = 8
# The report's tables, in order: each is a CSV download of its own.
TABLE_KEYS = (
    "register",
    "by_level",
    "by_category",
    "by_service",
    "time_on_register",
    "reviews",
    "letters",
    "appeals",
    "notified",
    "incidents",
    "trends",
)

# Time on the register, for cautions that ended in the period: (label, up to this many days).
TIME_BANDS = (
    ("Under 6 months", 183),
    ("6 months to 1 year", 366),
    ("1 to 2 years", 731),
    ("2 years or more", None),
)


@dataclasses.dataclass(frozen=True)
class Table:
    """One table of the report: a heading for the row labels, a column per measure, and the
    counts as shown after suppression (`rows`), with the raw counts kept for nothing but
    the charts' bar heights of counts that are shown."""

    key: str
    title: str
    label_heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.label_heading, *self.columns)

    def csv_rows(self) -> list[tuple[str, ...]]:
        return [self.headings, *self.rows]


@dataclasses.dataclass(frozen=True)
class Quarter:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%b}–{self.end:%b %Y}"

    @property
    def key(self) -> str:
        return f"{self.start.year}-q{(self.start.month - 1) // 3 + 1}"


@dataclasses.dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: str
    table_key: str


@dataclasses.dataclass(frozen=True)
class CommitteeReport:
    start: dt.date
    end: dt.date
    council: str
    committee: str
    prepared_by: str
    register_name: str
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    @property
    def trends(self) -> Table:
        return self.table("trends")


def shown(count: int) -> str:
    """A count as the report prints it: small numbers hidden."""
    return HIDDEN if 0 < count < SMALL else str(count)


def shown_column(counts: list[int], *, total: int | None = None) -> list[str]:
    """A column of counts as printed. Where the column's total is printed and exactly one
    count is hidden, the total minus the others would give it: the next smallest is hidden
    too (secondary suppression)."""
    hidden = {index for index, count in enumerate(counts) if 0 < count < SMALL}
    if len(hidden) == 1 and total is not None and total >= SMALL:
        others = sorted((count, index) for index, count in enumerate(counts) if count >= SMALL)
        if others:
            hidden.add(others[0][1])
    return [HIDDEN if index in hidden else str(count) for index, count in enumerate(counts)]


def percentage(part: int, whole: int) -> str:
    """`part` of `whole` as a percentage, unless either part is a small number."""
    if whole == 0:
        return "–"
    if 0 < part < SMALL or 0 < whole - part < SMALL:
        return NOT_SHOWN
    return f"{round(100 * part / whole)}%"


def _printed(rows: list[tuple[str, list[int]]], total: str = "") -> list[tuple[str, ...]]:
    """Rows as printed, each column suppressed on its own; with `total`, the rows are the
    parts of a whole, and a last row of the columns' totals is printed under that label."""
    if not rows:
        return []
    by_column = list(zip(*[counts for _, counts in rows], strict=True))
    totals = [sum(column) for column in by_column]
    printed_columns = [
        shown_column(list(column), total=whole if total else None)
        for column, whole in zip(by_column, totals, strict=True)
    ]
    printed = [
        (label, *(column[index] for column in printed_columns))
        for index, (label, _) in enumerate(rows)
    ]
    if total:
        printed.append((total, *(shown(count) for count in totals)))
    return printed


def _table(
    key: str,
    title: str,
    label_heading: str,
    columns: tuple[str, ...],
    rows: list[tuple[str, list[int]]],
    *,
    total: str = "",
    note: str = "",
) -> Table:
    """A table of one set of rows (`_printed`)."""
    return Table(key, title, label_heading, columns, tuple(_printed(rows, total)), note)


def _with_rows(table: Table, rows: list[tuple[str, ...]]) -> Table:
    """The table with more rows: another set of parts and their whole (`_printed`), or
    independent counts and percentages."""
    return dataclasses.replace(table, rows=(*table.rows, *rows))


# Reads of the register.


def _on_register(cautions: QuerySet, day: dt.date) -> QuerySet:
    """The cautions in force on `day`: added by then and not ended before it."""
    ended_after = Q(ended_on__gt=day) | Q(ended_on__isnull=True, status=Caution.Status.ACTIVE)
    return cautions.filter(Q(date_added__lte=day) & ended_after)


def _tombstones_on(day: dt.date) -> QuerySet:
    return Tombstone.objects.filter(first_added__lte=day, last_ended__gt=day)


def _between(field: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def _label(profile: Profile, kind: str, code: str) -> str:
    if not code:
        return NOT_RECORDED
    found = profile.level(code) if kind == "level" else profile.category(code)
    return found.label if found else code


def _register_table(start: dt.date, end: dt.date) -> Table:
    rows = []
    for label, measure in (
        ("People", _people_on),
        ("Addresses", _addresses_on),
        ("Cautions", _cautions_on),
    ):
        rows.append((label, [measure(start - dt.timedelta(days=1)), measure(end)]))
    before = start - dt.timedelta(days=1)
    return _table(
        "register",
        "On the register",
        "Measure",
        (f"On {before:%-d %B %Y}", f"On {end:%-d %B %Y}"),
        rows,
    )


def _people_on(day: dt.date) -> int:
    live = _on_register(Caution.objects.filter(person__isnull=False), day)
    return live.values("person").distinct().count() + _tombstones_on(day).count()


def _addresses_on(day: dt.date) -> int:
    live = _on_register(Caution.objects.filter(address__isnull=False), day)
    return live.values("address").distinct().count()


def _cautions_on(day: dt.date) -> int:
    return _on_register(Caution.objects.all(), day).count() + _tombstones_on(day).count()


# Each breakdown: its key, title, the caution's field, the tombstone's (None: not kept).
BREAKDOWNS = (
    ("by_level", "By level", "Level", "level", "level"),
    ("by_category", "By category", "Category", "category", "category"),
    ("by_service", "By reporting service", "Service", "reporting_service", None),
)
MOVEMENTS = ("on", "added", "ended")


def _counted(queryset: QuerySet, field: str) -> Counter:
    """How many rows hold each value of the field, counted by the database."""
    grouped = queryset.order_by().values(field).annotate(n=Count("pk"))
    return Counter({row[field]: row["n"] for row in grouped})


def _movements(field: str, tombstone_field: str | None, start: dt.date, end: dt.date):
    """For each movement (on the register at the end, added, ended in the period), the
    count of cautions by the field's value; deleted people's from their tombstones."""
    live = {
        "on": _on_register(Caution.objects.all(), end),
        "added": Caution.objects.filter(_between("date_added", start, end)),
        "ended": Caution.objects.filter(_between("ended_on", start, end)),
    }
    deleted = {
        "on": _tombstones_on(end),
        "added": Tombstone.objects.filter(_between("first_added", start, end)),
        "ended": Tombstone.objects.filter(_between("last_ended", start, end)),
    }
    found = {}
    for movement in MOVEMENTS:
        counted = _counted(live[movement], field)
        if tombstone_field:
            counted.update(_counted(deleted[movement], tombstone_field))
        else:
            counted[DELETED_SERVICE] += deleted[movement].count()
        found[movement] = +counted  # without the values counted 0 times
    return found


def _breakdowns(profile: Profile, start: dt.date, end: dt.date) -> list[Table]:
    """Cautions by level, category and reporting service: on the register at the end,
    added and ended in the period, in the profile's order, then any other value."""
    names = {
        "level": ([level.label for level in profile.levels], "level"),
        "category": ([category.label for category in profile.categories], "category"),
    }
    tables = []
    for key, title, heading, field, tombstone_field in BREAKDOWNS:
        order, kind = names.get(field, ([], ""))
        counted = {movement: Counter() for movement in MOVEMENTS}
        for movement, found in _movements(field, tombstone_field, start, end).items():
            for value, n in found.items():
                counted[movement][_value_label(profile, kind, value)] += n
        seen = set().union(*counted.values())
        labels = [label for label in order if label in seen] + sorted(seen - set(order))
        rows = [(label, [counted[m][label] for m in MOVEMENTS]) for label in labels]
        columns = ("On the register at the end", "Added in the period", "Ended in the period")
        tables.append(_table(key, title, heading, columns, rows, total="All"))
    return tables


def _value_label(profile: Profile, kind: str, value: str) -> str:
    if kind:
        return _label(profile, kind, value)
    return value or NOT_RECORDED


def _time_band(days: int) -> str:
    return next(label for label, most in TIME_BANDS if most is None or days < most)


def _time_table(start: dt.date, end: dt.date) -> Table:
    ended = Caution.objects.filter(_between("ended_on", start, end))
    spans = [
        (ended_on - added).days for added, ended_on in ended.values_list("date_added", "ended_on")
    ]
    deleted = Tombstone.objects.filter(
        _between("last_ended", start, end), first_added__isnull=False
    )
    spans += [
        (last - first).days for first, last in deleted.values_list("first_added", "last_ended")
    ]
    counted = Counter(_time_band(days) for days in spans)
    return _table(
        "time_on_register",
        "Time on the register, of cautions that ended in the period",
        "Time on the register",
        ("Cautions",),
        [(label, [counted[label]]) for label, _ in TIME_BANDS],
        total="All",
    )


def _reviews_table(start: dt.date, end: dt.date) -> Table:
    done = Review.objects.filter(_between("reviewed_on", start, end))
    in_time = Q(due_on__isnull=True) | Q(reviewed_on__lte=F("due_on"))
    counts = done.aggregate(all=Count("id"), on_time=Count("id", filter=in_time))
    overdue = _on_register(Caution.objects.all(), end).filter(next_review__lt=end).count()
    parts = [
        ("Done by their due date", [counts["on_time"]]),
        ("Done late", [counts["all"] - counts["on_time"]]),
    ]
    table = _table("reviews", "Reviews", "Reviews", ("Number",), parts, total="Reviews done")
    return _with_rows(
        table,
        [
            ("Share done on time", percentage(counts["on_time"], counts["all"])),
            (f"Cautions overdue for review on {end:%-d %B %Y}", shown(overdue)),
        ],
    )


def _letters_table(profile: Profile, start: dt.date, end: dt.date) -> Table:
    """Letters whose deadline fell in the period: sent by it (issued, the date it was signed
    and sent out), late, not sent under an exemption, or still to send."""
    due = Letter.objects.filter(_between("due_on", start, end))
    counted = Counter()
    for status, issued_at, due_on in due.values_list("status", "issued_at", "due_on"):
        if status == Letter.Status.NOT_SENT:
            counted["exempt"] += 1
        elif issued_at is None:
            counted["open"] += 1
        else:
            counted["in_time" if issued_at.date() <= due_on else "late"] += 1
    deadline = profile.notification.deadline
    rows = [
        ("Sent within the deadline", [counted["in_time"]]),
        ("Sent late", [counted["late"]]),
        ("Not sent: an exemption was recorded", [counted["exempt"]]),
        ("Not yet sent", [counted["open"]]),
    ]
    note = "The policy sets no deadline for letters."
    if deadline:
        days = f"{deadline.days} {'working ' if deadline.working else ''}days"
        note = f"The deadline is {days} from the decision."
    table = _table(
        "letters", "Letters due in the period", "Letters", ("Number",), rows, total="All", note=note
    )
    sent = counted["in_time"] + counted["late"]
    share = percentage(counted["in_time"], sent)
    return _with_rows(table, [("Share of those sent that went within the deadline", share)])


def _appeals_table(start: dt.date, end: dt.date) -> Table:
    """Appeals received, and those decided: by outcome, and by whether they were answered
    in time (two sets of parts of the same whole, each suppressed as such)."""
    received = Appeal.objects.filter(_between("received_on", start, end)).count()
    decided = Appeal.objects.filter(_between("decided_on", start, end))
    outcomes = Counter(decided.values_list("outcome", flat=True))
    in_time = Q(answer_due__isnull=True) | Q(decided_on__lte=F("answer_due"))
    timely = decided.aggregate(all=Count("id"), in_time=Count("id", filter=in_time))
    still_open = Appeal.objects.filter(received_on__lte=end).filter(
        Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    )
    counts = [
        ("Received in the period", [received]),
        (f"Open on {end:%-d %B %Y}", [still_open.count()]),
    ]
    table = _table("appeals", "Appeals and their outcomes", "Appeals", ("Number",), counts)
    by_outcome = [
        (f"Decided: {label}", [outcomes[value]]) for value, label in Appeal.Outcome.choices
    ]
    by_time = [
        ("Answered by the deadline", [timely["in_time"]]),
        ("Answered late", [timely["all"] - timely["in_time"]]),
    ]
    decided_label = "Decided in the period"
    return _with_rows(
        table, [*_printed(by_outcome, decided_label), *_printed(by_time, decided_label)]
    )


def _notified_table(start: dt.date, end: dt.date) -> Table:
    """Of the cautions added: whether the person was told, and where the information came
    from (two sets of parts of the same whole)."""
    added = Caution.objects.filter(_between("date_added", start, end))
    notified = Counter(added.values_list("notified", flat=True))
    partner = added.filter(partner_sourced=True).count()
    total = sum(notified.values())
    told = [(label, [notified[value]]) for value, label in Caution.Notified.choices]
    sources = [
        ("From a partner's information", [partner]),
        ("From the council's own reports", [total - partner]),
    ]
    whole = "Cautions added in the period"
    table = _table(
        "notified",
        "Told of their caution, and partners' share",
        "Cautions added",
        ("Number",),
        told,
        total=whole,
    )
    return _with_rows(
        table,
        [
            *_printed(sources, whole),
            ("Share notified", percentage(notified[Caution.Notified.YES], total)),
            ("Share from partners' information", percentage(partner, total)),
        ],
    )


def _incidents(start: dt.date, end: dt.date) -> QuerySet:
    """Reports submitted in the period: incidents of every kind but positive contacts."""
    submitted = Incident.objects.exclude(status=Incident.Status.DRAFT).exclude(
        kind=Incident.Kind.POSITIVE
    )
    return submitted.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)


def _incidents_table(profile: Profile, start: dt.date, end: dt.date) -> Table:
    found = Counter(
        _label(profile, "category", category)
        for category in _incidents(start, end).values_list("category", flat=True)
    )
    labels = [category.label for category in profile.categories]
    ordered = [label for label in labels if label in found] + sorted(set(found) - set(labels))
    return _table(
        "incidents",
        "Incidents reported in the period, by category",
        "Category",
        ("Reports",),
        [(label, [found[label]]) for label in ordered],
        total="All",
    )


# Trends by quarter.


def quarter_of(day: dt.date) -> Quarter:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    following = dt.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return Quarter(start, following - dt.timedelta(days=1))


def quarters_to(day: dt.date, count: int = QUARTERS_SHOWN) -> list[Quarter]:
    """The `count` quarters ending with the one `day` is in, oldest first."""
    found = [quarter_of(day)]
    while len(found) < count:
        found.append(quarter_of(found[-1].start - dt.timedelta(days=1)))
    return found[::-1]


def _per_quarter(queryset: QuerySet, field: str, quarters: list[Quarter]) -> list[int]:
    counts = queryset.aggregate(
        **{q.key: Count("pk", filter=_between(field, q.start, q.end)) for q in quarters}
    )
    return [counts[q.key] for q in quarters]


def _trends(end: dt.date) -> tuple[list[Quarter], dict[str, list[int]]]:
    quarters = quarters_to(end)
    incidents = Incident.objects.exclude(status=Incident.Status.DRAFT).exclude(
        kind=Incident.Kind.POSITIVE
    )
    added = _per_quarter(Caution.objects.all(), "date_added", quarters)
    added_deleted = _per_quarter(Tombstone.objects.all(), "first_added", quarters)
    ended = _per_quarter(Caution.objects.all(), "ended_on", quarters)
    ended_deleted = _per_quarter(Tombstone.objects.all(), "last_ended", quarters)
    return quarters, {
        "Incidents reported": _per_quarter(incidents, "submitted_at__date", quarters),
        "Cautions added": [a + b for a, b in zip(added, added_deleted, strict=True)],
        "Cautions ended": [a + b for a, b in zip(ended, ended_deleted, strict=True)],
        "Cautions on the register at the quarter's end": [
            _cautions_on(min(q.end, end)) for q in quarters
        ],
    }


def _trends_table(quarters: list[Quarter], series: dict[str, list[int]]) -> Table:
    columns = tuple(series)
    rows = [
        (q.label, [series[name][index] for name in columns]) for index, q in enumerate(quarters)
    ]
    return _table("trends", "Trends by quarter", "Quarter", columns, rows)


def _charts(quarters: list[Quarter], series: dict[str, list[int]]) -> list[Chart]:
    charts = []
    for index, (name, counts) in enumerate(series.items()):
        bars = [
            Bar(
                label=q.label.replace(" ", "\n", 1),
                value=None if 0 < count < SMALL else count,
                shown=HIDDEN_SHORT if 0 < count < SMALL else str(count),
            )
            for q, count in zip(quarters, counts, strict=True)
        ]
        key = f"trend-{index + 1}"
        title = f"{name}, by quarter"
        charts.append(
            Chart(key, title, bar_chart(title, bars, table_id="trends", chart_id=key), "trends")
        )
    return charts


def committee_figures(
    start: dt.date, end: dt.date, *, profile: Profile | None = None
) -> CommitteeReport:
    """Every figure of the committee report for the period from `start` to `end`
    (inclusive), suppressed, with the quarter trends up to `end`. Reads only: the pages
    that show it audit the look (reporting/selectors.py)."""
    if end < start:
        raise ValueError("The period must end on or after its start.")
    profile = profile or current()
    quarters, series = _trends(end)
    tables = [
        _register_table(start, end),
        *_breakdowns(profile, start, end),
        _time_table(start, end),
        _reviews_table(start, end),
        _letters_table(profile, start, end),
        _appeals_table(start, end),
        _notified_table(start, end),
        _incidents_table(profile, start, end),
        _trends_table(quarters, series),
    ]
    return CommitteeReport(
        start=start,
        end=end,
        council=profile.council,
        committee=profile.reporting.committee,
        prepared_by=profile.reporting.prepared_by,
        register_name=profile.register_name,
        tables=tuple(tables),
        charts=tuple(_charts(quarters, series)),
    )
