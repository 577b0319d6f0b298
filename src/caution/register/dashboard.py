"""The dashboard's queues: everything waiting on the register, each a list that counts and
pages in the database, so that the dashboard costs the same few queries whatever the
register's size (1,000 overdue reviews once sent 2,014 queries: two per row for the
person's name).

Each queue is its rows, most urgent first (by deadline, overdue first, no deadline last),
with the filters that tell overdue and due-soon rows apart. The dashboard shows each
queue's counts and its first rows; the queue's own page shows the rest, a page at a time."""

import dataclasses
import datetime as dt
from collections.abc import Callable

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.letters.access import may_see_letters
from caution.letters.models import Letter
from caution.letters.selectors import LetterDue, letters_waiting
from caution.lib import clock
from caution.policy.profiles import Profile, current
from caution.policy.rules import Deadline
from caution.register.access import may_review
from caution.register.models import Appeal, Caution, Decision, Meeting
from caution.register.reviews import reviews_due

SHOWN = 5  # rows of each queue on the dashboard; the queue's page has the rest
SOON_DAYS = 14  # "due in the next 14 days", apart from "overdue"


@dataclasses.dataclass(frozen=True)
class DashboardItem:
    incident: Incident | None
    caution: Caution | None
    due: dt.date | None
    what: str
    letter: Letter | None = None  # for the "Letters due" queue

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < clock.today()


@dataclasses.dataclass(frozen=True)
class Queue:
    key: str  # in the queue page's address
    title: str
    rows: QuerySet  # most urgent first, with what the items need to name the person
    item: Callable[[object], DashboardItem]
    overdue: Q | None = None  # None: the queue has no deadlines
    soon: Q | None = None  # due from today to SOON_DAYS ahead

    def items(self, rows) -> list[DashboardItem]:
        return [self.item(row) for row in rows]

    def counts(self) -> "QueueCounts":
        """The queue's size, and how much of it is overdue or due soon, in one query."""
        none = Q(pk__in=[])
        totals = self.rows.order_by().aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=self.overdue or none),
            soon=Count("pk", filter=self.soon or none),
        )
        return QueueCounts(**totals)


@dataclasses.dataclass(frozen=True)
class QueueCounts:
    total: int
    overdue: int
    soon: int


@dataclasses.dataclass(frozen=True)
class DashboardSection:
    queue: Queue
    counts: QueueCounts
    items: list[DashboardItem]

    @property
    def title(self) -> str:
        return self.queue.title

    @property
    def more(self) -> bool:
        return self.counts.total > len(self.items)


def dashboard(user) -> list[DashboardSection]:
    """Each queue this user works on: its counts and its most urgent rows. The people the
    rows name are audited as shown."""
    sections = []
    for queue in queues(user):
        items = queue.items(queue.rows[:SHOWN])
        sections.append(DashboardSection(queue, queue.counts(), items))
    _audit_shown(user, [item for section in sections for item in section.items], "the dashboard")
    return sections


def queue_get(user, key: str) -> Queue:
    """One of this user's queues by its key; 404 for a queue they do not work on."""
    for queue in queues(user):
        if queue.key == key:
            return queue
    raise Http404


def queue_items_shown(user, queue: Queue, rows) -> list[DashboardItem]:
    """A page of a queue's rows as items, audited: the rows name people."""
    items = queue.items(rows)
    _audit_shown(user, items, f"the queue ‘{queue.title}’")
    return items


def queues(user) -> list[Queue]:
    """The queues the profile sets, in the order officers work them."""
    profile = current()
    today = clock.today()
    found = [_reports_to_assess(profile, today)]
    if profile.decision.panel is not None:
        found.append(_meetings_to_schedule(profile, today))
    found.append(_decisions_due(profile, today))
    if profile.decision.interim_alert:
        found.append(_interim_alerts())
    if profile.decision.approval is not None:
        found.append(_approvals(profile))
    if profile.appeal.allowed:
        found.append(_appeals(today))
    if may_review(user, profile):
        found.append(_reviews(today))
    if may_see_letters(user):
        found.append(_letters(today))
    return found


def _dated(field: str, today: dt.date) -> tuple[Q, Q]:
    """Overdue and due-soon filters on a date field."""
    soon_until = today + dt.timedelta(days=SOON_DAYS)
    return Q(**{f"{field}__lt": today}), Q(**{f"{field}__gte": today, f"{field}__lte": soon_until})


def _by_submission(deadline: Deadline | None, today: dt.date) -> tuple[Q | None, Q | None]:
    """Overdue and due-soon filters on reports whose deadline counts from their submission:
    the deadline only grows with the day submitted, so each filter is "submitted before" a
    day worked out here."""
    if deadline is None:
        return None, None
    overdue_before = _first_submission_due_on_or_after(deadline, today)
    soon_before = _first_submission_due_on_or_after(deadline, today + dt.timedelta(SOON_DAYS + 1))
    return (
        Q(submitted_at__lt=_midnight(overdue_before)),
        Q(submitted_at__gte=_midnight(overdue_before), submitted_at__lt=_midnight(soon_before)),
    )


def _first_submission_due_on_or_after(deadline: Deadline, day: dt.date) -> dt.date:
    """The earliest day a report could be submitted and still be due on `day` or later."""
    first = day
    while deadline.due(first - dt.timedelta(days=1)) >= day:
        first -= dt.timedelta(days=1)
    return first


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _incident_rows(*statuses: str) -> QuerySet:
    return (
        Incident.objects.filter(status__in=statuses)
        .select_related("person")
        .prefetch_related("person__names")
        .order_by("submitted_at", "id")
    )


def _reports_to_assess(profile: Profile, today: dt.date) -> Queue:
    deadline = profile.decision.deadline
    overdue, soon = _by_submission(deadline, today)
    return Queue(
        "assess",
        "Reports awaiting assessment",
        _incident_rows(Incident.Status.SUBMITTED),
        lambda i: DashboardItem(i, None, _due(deadline, i), "Assess"),
        overdue,
        soon,
    )


def _meetings_to_schedule(profile: Profile, today: dt.date) -> Queue:
    deadline = profile.decision.panel.meeting_deadline
    overdue, soon = _by_submission(deadline, today)
    scheduled = Meeting.objects.filter(cases=OuterRef("pk"), status=Meeting.Status.SCHEDULED)
    rows = _incident_rows(Incident.Status.SUBMITTED, Incident.Status.ASSESSED)
    return Queue(
        "schedule",
        f"Meetings of the {profile.decision_body} to schedule",
        rows.filter(~Exists(scheduled)),
        lambda i: DashboardItem(i, None, _due(deadline, i), "Schedule"),
        overdue,
        soon,
    )


def _decisions_due(profile: Profile, today: dt.date) -> Queue:
    deadline = profile.decision.deadline
    overdue, soon = _by_submission(deadline, today)
    return Queue(
        "decide",
        "Decisions due",
        _incident_rows(Incident.Status.ASSESSED),
        lambda i: DashboardItem(i, None, _due(deadline, i), "Decide"),
        overdue,
        soon,
    )


def _due(deadline: Deadline | None, incident: Incident) -> dt.date | None:
    if deadline is None or incident.submitted_at is None:
        return None
    return deadline.due(timezone.localdate(incident.submitted_at))


def _interim_alerts() -> Queue:
    rows = (
        Caution.objects.active()
        .filter(interim=True)
        .select_related("person")
        .prefetch_related("person__names")
        .order_by("date_added", "id")
    )
    return Queue(
        "interim",
        "Interim alerts awaiting full assessment",
        rows,
        lambda c: DashboardItem(None, c, None, "Assess"),
    )


def _approvals(profile: Profile) -> Queue:
    rows = (
        Decision.objects.filter(status=Decision.Status.AWAITING_APPROVAL)
        .select_related("incident__person")
        .prefetch_related("incident__person__names")
        .order_by("decided_at", "id")
    )
    return Queue(
        "approve",
        f"Complex cases awaiting the {profile.decision.approval.title}",
        rows,
        lambda d: DashboardItem(d.incident, None, None, "Approve"),
    )


def _appeals(today: dt.date) -> Queue:
    """Appeals to answer (000 §8.8, 003 §9.3)."""
    rows = (
        Appeal.objects.filter(status=Appeal.Status.OPEN)
        .select_related("caution__person", "caution__address")
        .prefetch_related("caution__person__names")
        .order_by(F("answer_due").asc(nulls_last=True), "id")
    )
    overdue, soon = _dated("answer_due", today)
    return Queue(
        "appeals",
        "Appeals to answer",
        rows,
        lambda a: DashboardItem(None, a.caution, a.answer_due, "Answer the appeal"),
        overdue,
        soon,
    )


def _reviews(today: dt.date) -> Queue:
    """Reviews overdue or due within the reminder period (002 §4.7)."""
    overdue, soon = _dated("next_review", today)
    return Queue(
        "reviews",
        "Reviews due",
        reviews_due(as_of=today).prefetch_related("person__names").order_by("next_review", "id"),
        lambda c: DashboardItem(None, c, c.next_review, "Review"),
        overdue,
        soon,
    )


def _letters(today: dt.date) -> Queue:
    """Letters to the person not yet sent (000 §8.7), for those who send them."""
    overdue, soon = _dated("due_on", today)
    return Queue("letters", "Letters due", letters_waiting(), _letter_item, overdue, soon)


def _letter_item(letter: Letter) -> DashboardItem:
    due = LetterDue(letter, letter.due_on)
    # A letter about no caution (a warning) is shown by its report.
    warning = letter.caution_id is None and letter.decision_id
    incident = letter.decision.incident if warning else None
    return DashboardItem(incident, letter.caution, due.due, due.what, letter)


def _audit_shown(user, items: list[DashboardItem], where: str) -> None:
    people = [
        about.person_id
        for item in items
        for about in (item.letter, item.incident, item.caution)
        if about is not None and about.person_id
    ]
    audit_record(
        by=user, verb=AuditEvent.Verb.VIEW, summary=f"Viewed {where}", people=list(set(people))
    )
