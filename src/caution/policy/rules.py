"""The value types a policy profile is made of (read by caution.policy.parsing)."""

import dataclasses
import datetime as dt
import functools

from dateutil.relativedelta import relativedelta

from caution.policy import calendar


@dataclasses.dataclass(frozen=True)
class Deadline:
    """A number of days, counted in working days or calendar days."""

    days: int
    working: bool

    def due(self, start: dt.date) -> dt.date:
        """The last day to act, counting from `start` (which is not counted itself)."""
        if self.working:
            return calendar.add_working_days(start, self.days)
        return start + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        unit = "working day" if self.working else "day"
        return f"{self.days} {unit}{'' if self.days == 1 else 's'}"


@dataclasses.dataclass(frozen=True)
class Actor:
    """A post the policy names, and the role whose holders may fill it."""

    title: str
    role: str
    # Who acts instead when the holder is absent, is the target, or already took part.
    fallback: "Actor | None" = None


@dataclasses.dataclass(frozen=True)
class Level:
    code: str
    label: str
    severity: int  # higher is more severe, whatever the council's numbering
    description: str
    examples: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Category:
    """A kind of incident, as the person reporting it chooses it."""

    code: str
    label: str
    description: str
    suggested_level: str
    expiry_months: int | None  # None: no expiry (the profile allows permanent entries)
    justify_at_review: bool  # the service must justify keeping the entry (002 §4.7)
    # A report of it names at least one member of staff affected (violence is against someone)
    staff_affected_required: bool = False
    # A threat or violence: refused on the low-level form, it needs the full report, which
    # is assessed (001 §13.4).
    full_report: bool = False
    # A serious incident: the senior posts of `[[notices]]` with "serious" are told (000 §2.3).
    serious: bool = False


@dataclasses.dataclass(frozen=True)
class Prompt:
    """A question the policy asks the decider to weigh before a caution (002 §2.3 essential
    services, §4.5 a current formal complaint; 001 §10.2, 003 §11 vulnerability): answered
    yes or no on every caution decision, and kept with it."""

    code: str
    question: str
    hint: str = ""


@dataclasses.dataclass(frozen=True)
class Seat:
    """A member a panel meeting cannot decide without."""

    title: str
    role: str
    chair: bool


@dataclasses.dataclass(frozen=True)
class Panel:
    quorum: int
    seats: tuple[Seat, ...]
    meeting_deadline: Deadline | None  # from receipt of the incident report

    @property
    def chair(self) -> Seat | None:
        return next((seat for seat in self.seats if seat.chair), None)


@dataclasses.dataclass(frozen=True)
class Decision:
    body: str  # a key of vocabulary.DECISION_BODIES
    decider_role: str
    deadline: Deadline | None  # from receipt of the incident report
    panel: Panel | None
    approval: Actor | None  # approves complex or sensitive cases
    approver_may_change_expiry: bool
    interim_alert: bool  # an urgent alert pending full assessment (003 §8.7)
    # The reporter's own line manager assesses and decides, where one is recorded (003 §8.1).
    line_manager: bool = False
    prompts: tuple[Prompt, ...] = ()
    # The only categories an interim alert is for (001 §12.2: the instant ban for threats of
    # harm and violence to premises); empty: any report awaiting assessment.
    interim_categories: tuple[str, ...] = ()

    def interim_allowed(self, category: str) -> bool:
        """Whether a report of this category may have an interim alert."""
        return self.interim_alert and (
            not self.interim_categories or category in self.interim_categories
        )


@dataclasses.dataclass(frozen=True)
class Independence:
    exclude_involved: bool  # nobody involved in the incident assesses or decides it
    exclude_targets: bool  # a target of the behaviour does not decide, approve or hear appeals
    exclude_deciders_from_appeal: bool  # whoever took the decision does not hear the appeal


@dataclasses.dataclass(frozen=True)
class WarningRule:
    first: bool  # a warning must come before restrictions
    informal_first: bool  # an informal request to change comes before the warning
    skip_categories: tuple[str, ...]
    expiry_months: int | None

    def comes_first(self, category: str) -> bool:
        """Whether an incident of this category needs a warning before restrictions."""
        return self.first and category not in self.skip_categories


@dataclasses.dataclass(frozen=True)
class Precaution:
    code: str
    label: str


@dataclasses.dataclass(frozen=True)
class RestrictionOption:
    type: str  # a key of vocabulary.RESTRICTION_TYPES
    label: str


@dataclasses.dataclass(frozen=True)
class Review:
    interval_months: int
    by: Actor
    meeting_interval_months: int | None  # a standing review meeting, where there is one
    default_outcome: str  # a key of vocabulary.REVIEW_OUTCOMES
    # How many of the reviewing group make a review meeting quorate, where the group is
    # not the decision panel (whose own quorum and seats apply).
    quorum: int | None = None

    def due_after(self, reviewed: dt.date) -> dt.date:
        """When the next review falls due after a review (or after the date added)."""
        return months_after(reviewed, self.interval_months)


@dataclasses.dataclass(frozen=True)
class Duration:
    maximum_months: int | None
    permanent_allowed: bool
    partner_maximum_months: int | None  # for entries that came from a partner's register
    partner_exempt_levels: tuple[str, ...]
    # A partner's entry goes on only once the partner says it told the person (000 §8.6).
    partner_must_tell_person: bool = False

    def case_by_case(self, level: str, *, partner: bool) -> bool:
        """A partner's entry kept past the partner maximum because its level is exempt:
        reviewed case by case (000 §8.6: "reviewed by the Review Panel on a case by case
        basis")."""
        return (
            partner
            and self.partner_maximum_months is not None
            and level in self.partner_exempt_levels
        )

    def longest_months(self, level: str = "", *, partner: bool = False) -> int | None:
        """The most months an entry may last: the profile's maximum (000 Appendix 10.2: three
        years) and, for an entry taken from a partner's register, the partner maximum unless
        its level is exempt (000 §8.6: a year, unless marker 1). None: no limit."""
        limits = [self.maximum_months]
        if partner and level not in self.partner_exempt_levels:
            limits.append(self.partner_maximum_months)
        return min((months for months in limits if months is not None), default=None)


@dataclasses.dataclass(frozen=True)
class Retention:
    after_removal_months: int  # history kept this long after removal, then deleted
    remove_when_tenancy_ends: bool


@dataclasses.dataclass(frozen=True)
class Reporting:
    committee: str  # the body the committee report is for (004 §7, 002 §3.4, 000 §2.3)
    prepared_by: str  # the post that presents it


@dataclasses.dataclass(frozen=True)
class Notification:
    deadline: Deadline | None  # from the decision
    signatory: Actor
    signatory_attended: bool  # the signatory must have been at the meeting that decided
    delivery: str  # a key of vocabulary.DELIVERY_METHODS
    record_delivery_time: bool
    exemptions: tuple[str, ...]  # keys of vocabulary.NOTIFICATION_EXEMPTIONS
    also_on: tuple[str, ...]  # keys of vocabulary.NOTIFIED_EVENTS
    elements: tuple[str, ...]  # keys of vocabulary.LETTER_ELEMENTS


@dataclasses.dataclass(frozen=True)
class Appeal:
    allowed: bool
    route: str  # how an appeal is made, in the council's words
    window: Deadline | None  # from notification; None: no time limit
    handler: Actor | None
    more_senior: bool  # the handler must be more senior than whoever decided
    answer_deadline: Deadline | None  # from receipt of the appeal
    caution_stays: bool  # the entry and restrictions stay while the appeal is decided
    external: str  # where the person may go next
    # How an appeal may be made (vocabulary.APPEAL_CHANNELS): 004 §6 "in writing".
    channels: tuple[str, ...] = ()
    # Appeals are logged as formal complaints, so each needs its complaint reference
    # (000 §8.8 "logged as a 'formal complaint' with the Information and Complaints Officer").
    complaint_reference: bool = False


@dataclasses.dataclass(frozen=True)
class Notice:
    """A post told of every submitted report with one of `when` (vocabulary.NOTICE_TRIGGERS),
    whatever their notification choices: the holders of the role `to`, or the reporter's
    line manager where `to` is vocabulary.LINE_MANAGER."""

    when: tuple[str, ...]
    title: str
    to: str


@dataclasses.dataclass(frozen=True)
class ChangeRoute:
    """Who decides one kind of change to a caution after the decision (`[changes]`)."""

    # "decision": as the first decision; "post": one holder of `actor`; "group": holders of
    # `actor` at a quorate meeting; "review_only"; "not_allowed".
    way: str
    actor: Actor | None = None
    quorum: int | None = None

    def __str__(self) -> str:
        if self.actor is not None:
            return self.actor.title
        return self.way


@dataclasses.dataclass(frozen=True)
class Changes:
    """Who may do what to a caution after the decision, one route per kind of change
    (vocabulary.CHANGE_KINDS)."""

    level: ChangeRoute
    terms: ChangeRoute
    extension: ChangeRoute
    period: ChangeRoute
    removal: ChangeRoute

    def route(self, kind: str) -> ChangeRoute:
        return getattr(self, kind)


@dataclasses.dataclass(frozen=True)
class Profile:
    key: str
    seed: str
    council: str
    register_name: str
    decision_body: str
    role_names: tuple[tuple[str, str], ...]  # every role, in this council's words
    levels: tuple[Level, ...]
    categories: tuple[Category, ...]
    councillor_access: str
    councillor_note: str
    decision: Decision
    independence: Independence
    warning: WarningRule
    precautions: tuple[Precaution, ...]
    restrictions: tuple[RestrictionOption, ...]
    review: Review
    duration: Duration
    retention: Retention
    notification: Notification
    appeal: Appeal
    changes: Changes
    reporting: Reporting
    # The council's own name for its policy, as screens cite it ("… policy, section 8.2").
    document: str = ""
    notices: tuple[Notice, ...] = ()

    def notices_on(self, triggers: set[str]) -> tuple[Notice, ...]:
        """The notices any of these triggers sends."""
        return tuple(notice for notice in self.notices if triggers & set(notice.when))

    @property
    def riddor_roles(self) -> frozenset[str]:
        """Who sees the RIDDOR queue: the posts told of RIDDOR reports (000 §2.2 the
        Service Managers who lead the investigation and the Corporate Health and Safety
        Officer who advises); a line manager as a holder of the manager role."""
        return frozenset(
            "manager" if notice.to == "line_manager" else notice.to
            for notice in self.notices_on({"riddor"})
        )

    def level(self, code: str) -> Level | None:
        return next((level for level in self.levels if level.code == code), None)

    @property
    def levels_by_severity(self) -> tuple[Level, ...]:
        return tuple(sorted(self.levels, key=lambda level: -level.severity))

    def category(self, code: str) -> Category | None:
        return next((category for category in self.categories if category.code == code), None)

    def role_name(self, role: str) -> str:
        return dict(self.role_names)[role]

    @property
    def review_interval_months(self) -> int:
        return self.review.interval_months

    @property
    def maximum_months(self) -> int | None:
        return self.duration.maximum_months

    def expiry_months_for(self, category: str, level: str, *, partner: bool = False) -> int | None:
        """Default months until an entry expires; None for no expiry.

        Never longer than an entry may last (`Duration.longest_months`): an entry taken
        from a partner's register is capped by the partner maximum unless its level is
        exempt (000 §8.6: a year, unless marker 1).
        """
        months = self._category(category).expiry_months
        longest = self.duration.longest_months(level, partner=partner)
        if longest is None:
            return months
        return longest if months is None else min(months, longest)

    def _category(self, code: str) -> Category:
        found = self.category(code)
        if found is None:
            raise KeyError(f"{code!r} is not an incident category of the {self.key} profile")
        return found


# How long a caution may last, as pure functions of the profile: every path that sets or
# extends an expiry (decide, approve, amend, extend, appeal, review, add) asks these, so
# that a rule of the seeds is written once.


def expiry_limit(
    profile: Profile, date_added: dt.date, level: str, *, partner: bool
) -> dt.date | None:
    """The latest a caution added on `date_added` may last to, measured from that date
    (000 Appendix 10.2, §8.6; 002 §4.5.1). None: no limit."""
    months = profile.duration.longest_months(level, partner=partner)
    return None if months is None else months_after(date_added, months)


def default_expiry(
    profile: Profile, date_added: dt.date, level: str, category: str, *, partner: bool
) -> dt.date | None:
    """When a caution added on `date_added` expires unless someone sets another date: its
    category's period (002 §4.5.1), capped as `expiry_limit` caps it. None: no expiry
    (only where the profile allows permanent entries, 004 §5)."""
    months = profile.expiry_months_for(category, level, partner=partner)
    return None if months is None else months_after(date_added, months)


@functools.lru_cache(maxsize=4096)
def months_after(day: dt.date, months: int) -> dt.date:
    """The date `months` calendar months after `day` (31 January + 1 month: 28 or 29
    February). Kept for the dates asked again and again: an import of a register asks it
    for each of its rows, which share a few hundred dates."""
    return day + relativedelta(months=months)
