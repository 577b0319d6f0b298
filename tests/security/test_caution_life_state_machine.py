"""A caution's whole life as a hypothesis state machine (issue 11's battery), under the
Cheltenham profile (seed 002): people are reported, reports assessed and decided, letters
signed, appeals recorded and decided, cautions reviewed; the clock jumps by drawn numbers
of days onto month ends, bank holidays and the Sundays the clocks change, at times of day
either side of midnight, and the daily sweep catches up every day as the worker does.

After every step: exactly one decision letter for each decision the person is told of, no
active caution past its expiry once its day was swept, none set to last longer than the
profile's maximum from its date added, and nobody's personal data kept past retention
(nor anyone deleted before it)."""

import dataclasses
import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, Phase
from hypothesis import seed as hypothesis_seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.letters import actions as letters
from caution.letters.content import DECISION_KINDS
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.actions import AddressInput
from caution.people.models import Person
from caution.policy.calendar import is_bank_holiday
from caution.policy.profiles import current
from caution.policy.rules import expiry_limit
from caution.register import deciding
from caution.register.appeals import appeal_decide, appeal_record
from caution.register.models import Appeal, Caution, Decision, Review
from caution.register.reviews import review_record
from caution.sweep import SWEEP_TIME, SweepReport, sweep_run
from tests.factories import answered, make_person, make_user, review_meeting_held
from tests.journeys.conftest import assess, report
from tests.privacy.conftest import private_files  # noqa: F401 (a fixture used here)
from tests.privacy.test_nothing_left import where_details_remain

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Starting days a few days before what the dates must survive: the clocks going forward
# (29 March 2026) and back (25 October 2026), Christmas, and the end of January.
STARTS = (dt.date(2026, 3, 26), dt.date(2026, 10, 22), dt.date(2026, 12, 22), dt.date(2027, 1, 29))
# Times of day either side of midnight (an hour apart from UTC in summer) and of the hour
# that is skipped or repeated when the clocks change.
TIMES = (dt.time(0, 30), dt.time(1, 30), dt.time(9, 30), dt.time(23, 30))
# Categories that may go straight to a caution (002 §4.4) and one that needs a warning first.
CATEGORIES = ("SERIOUS_THREAT", "VIOLENCE", "ASSAULT", "VERBAL_ABUSE")
# A caution drawn more often than each other outcome, so that most lives reach an expiry.
OUTCOMES = (*Decision.Outcome.values, *[Decision.Outcome.CAUTION] * 3)
# Most reports assessed in the same step, so that lives get further in a bounded run.
ASSESSED_AT_ONCE = st.sampled_from((True, True, False))
LANDMARKS = ("month_end", "bank_holiday", "clocks_change", *("next_expiry", "next_deletion") * 2)
# Made-up surnames, found nowhere else in the register, so that a search finds only theirs.
SURNAMES = ("Quarmby", "Fennimore", "Blenkiron", "Ashdown", "Tregothnan", "Wildsmith")
RETENTION = relativedelta(months=6)  # 002 §4.7
# Forty lives in all, in four batches of ten that parallel workers share out; each batch is
# hypothesis's random seed for its lives, so that every run draws the same ones.
BATCHES, MAX_EXAMPLES, STEPS = range(4), 10, 25
# Rows are picked in the order they were made, the same on every database: the clock moves
# a second at each step (`tick`), so that no two steps make rows at the same moment.
IN_ORDER = ("created_at", "person__created_at", "pk")
TALLY = dict.fromkeys(
    ("lives", "steps", "decisions", "decision letters", "appeals", "reviews", "expired", "deleted"),
    0,
)


def last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def landmark(kind: str, today: dt.date, machine: "CautionLife") -> dt.date:
    """The next day after today of a kind that dates trip over."""
    after = today + dt.timedelta(days=1)
    if kind == "month_end":
        return after + relativedelta(day=31)
    if kind == "bank_holiday":
        day = after
        while not is_bank_holiday(day):
            day += dt.timedelta(days=1)
        return day
    if kind == "clocks_change":
        changes = [last_sunday(y, m) for y in (today.year, today.year + 1) for m in (3, 10)]
        return min(day for day in changes if day >= after)
    if kind == "next_expiry":
        expiries = Caution.objects.active().values_list("expires_on", flat=True)
        return max(after, min(expiries, default=after))
    due = [person.delete_by for person in machine.people if not person.gone and person.delete_by]
    return max(after, min(due, default=after))


@dataclasses.dataclass
class Someone:
    """The machine's own account of a person: enough to know when they must be gone."""

    person: Person
    details: tuple[str, ...]
    keep_until: dt.date  # the last thing the register counts (002 §4.7), plus retention
    open_reports: int = 0
    gone: bool = False

    def touched(self, day: dt.date) -> None:
        """Something the register counts happened: a report, a decision, a warning that
        runs until `day`, a letter written, a caution ended."""
        self.keep_until = max(self.keep_until, day + RETENTION)

    @property
    def delete_by(self) -> dt.date | None:
        """When retention must have deleted them, once nothing keeps them on the register."""
        if self.open_reports or Caution.objects.active().filter(person=self.person).exists():
            return None
        ended = Caution.objects.filter(person=self.person).values_list("ended_on", flat=True)
        return max([self.keep_until, *(day + RETENTION for day in ended if day)])


class CautionLife(RuleBasedStateMachine):
    """Cheltenham's register with its staff, driven through the real actions; the rules
    are the steps of a caution's life, the invariants what must hold after each."""

    def __init__(self):
        super().__init__()
        self.people: list[Someone] = []
        self.decisions: dict = {}  # decision id -> how many decision letters tell of it
        # Each example in a savepoint of its own, rolled back at its end: a clean register.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._clock = None
        self.move_clock(STARTS[0], TIMES[2])

    def teardown(self):
        try:
            self.left_alone()
        finally:
            self.rolled_back()

    def left_alone(self) -> None:
        """The end of every life: nothing more happens, and the clock lands on each day a
        caution expires or someone falls due for deletion, and on the day before, until
        nobody is left whom anything keeps (deletion neither a day early nor a day late)."""
        for _ in range(3 * len(SURNAMES) + 2):
            expiries = Caution.objects.active().values_list("expires_on", flat=True)
            dues = [due for someone in self.living() if (due := someone.delete_by)]
            eves = [due - dt.timedelta(days=1) for due in dues]
            days = [day for day in (*expiries, *dues, *eves) if day and day > self.today()]
            if not days:
                return
            self.pass_to(min(days), TIMES[2])
            self.no_active_caution_past_its_expiry_once_swept()
            self.nobody_kept_past_retention_nor_deleted_before_it()

    def rolled_back(self) -> None:
        self._clock.__exit__(None, None, None)
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        TALLY["lives"] += 1

    def move_clock(self, day: dt.date, at: dt.time) -> None:
        self.set_clock(dt.datetime.combine(day, at, tzinfo=LONDON))

    def set_clock(self, moment: dt.datetime) -> None:
        if self._clock is not None:
            self._clock.__exit__(None, None, None)
        self._clock = clock.frozen_at(moment)
        self._clock.__enter__()

    def tick(self) -> None:
        """A second later: each step's rows are made at a moment of their own."""
        self.set_clock(clock.now() + dt.timedelta(seconds=1))

    @initialize(start=st.sampled_from(STARTS), at=st.sampled_from(TIMES))
    def staff(self, start, at):
        self.move_clock(start, at)
        self.reporter = make_user(Role.REPORTER, first_name="Rita")
        self.assessor = make_user(Role.MANAGER, first_name="Lena")
        self.decider = make_user(Role.MANAGER, first_name="Omar")
        self.officer = make_user(Role.REGISTER_OFFICER, first_name="Owen")
        self.signatory = make_user(Role.DECISION_MAKER, first_name="Cass")
        self.handler = make_user(Role.DECISION_MAKER, first_name="Ezra")
        self.governance = make_user(Role.PANEL_MEMBER, first_name="Gwen")
        sweep_run(as_of=start)

    def today(self) -> dt.date:
        return clock.today()

    def living(self) -> list[Someone]:
        return [someone for someone in self.people if not someone.gone]

    # The steps of a caution's life -------------------------------------------------

    @precondition(lambda self: len(self.people) < len(SURNAMES))
    @rule(category=st.sampled_from(CATEGORIES), assessed=ASSESSED_AT_ONCE)
    def someone_new_reported(self, category, assessed):
        """A report names someone not on the register before (found nowhere by the check,
        so added), with a phone number and an address."""
        self.tick()
        n = len(self.people)
        surname, born = SURNAMES[n], dt.date(1970 + n, 1 + n, 3 + n)
        phone = f"07700 9004{n:02d}"
        address = AddressInput(
            line1=f"{n + 2} Mill Lane", town="Charlton Kings", postcode=f"GL5{n} 8QT"
        )
        person = make_person("Kit", surname, born=born, address=address, phones=(phone,))
        details = (
            surname.lower(),
            born.isoformat(),
            f"{born:%d/%m/%Y}",
            phone,
            phone[1:].replace(" ", ""),
        )
        today = self.today()
        self.people.append(Someone(person, details, today + RETENTION))
        self.report(self.people[-1], category, assessed)

    @precondition(lambda self: self.living())
    @rule(pick=st.integers(0, 99), category=st.sampled_from(CATEGORIES), assessed=ASSESSED_AT_ONCE)
    def reported(self, pick, category, assessed):
        self.tick()
        self.report(self.pick(self.living(), pick), category, assessed)

    def report(self, someone: Someone, category: str, assessed: bool) -> None:
        incident = report(self.reporter, someone.person, category)
        if assessed:
            assess(incident, self.assessor, current().category(category).suggested_level)
        someone.open_reports += 1
        someone.touched(self.today())
        TALLY["steps"] += 1

    @precondition(lambda self: Incident.objects.filter(status=Incident.Status.SUBMITTED).exists())
    @rule(pick=st.integers(0, 99))
    def assessed(self, pick):
        self.tick()
        incident = self.pick(self.reports(Incident.Status.SUBMITTED), pick)
        level = current().category(incident.category).suggested_level
        assess(incident, self.assessor, level)
        TALLY["steps"] += 1

    @precondition(lambda self: Incident.objects.filter(status=Incident.Status.ASSESSED).exists())
    @rule(
        pick=st.integers(0, 99),
        outcome=st.sampled_from(OUTCOMES),
        complex_case=st.booleans(),
    )
    def decided(self, pick, outcome, complex_case):
        self.tick()
        incident = self.pick(self.reports(Incident.Status.ASSESSED), pick)
        someone = self.someone(incident.person_id)
        caution = outcome == Decision.Outcome.CAUTION
        level = current().category(incident.category).suggested_level
        try:
            decision = deciding.decision_record(
                incident,
                answers=answered(),
                outcome=outcome,
                reasons="Reviewed the report and the witness statements.",
                terms=deciding.CautionTerms(level=level, precautions="Visit in pairs")
                if caution
                else None,
                complex_case=complex_case and caution,
                version=incident.version,
                by=self.decider,
            )
        except ValidationError as refused:
            # A caution for abuse needs a live warning first (002 §4.4): refused, unchanged.
            assert "A warning must come before" in str(refused)
            assert not Decision.objects.filter(incident=incident).exists()
            return
        self.told_by(decision)
        if decision.status == Decision.Status.FINAL:
            someone.open_reports -= 1
        today = self.today()
        someone.touched(decision.warning_expires_on or today)
        someone.touched(today)
        TALLY["steps"] += 1

    @precondition(
        lambda self: Decision.objects.filter(status=Decision.Status.AWAITING_APPROVAL).exists()
    )
    @rule(pick=st.integers(0, 99))
    def approved(self, pick):
        self.tick()
        waiting = Decision.objects.filter(status=Decision.Status.AWAITING_APPROVAL)
        decision = self.pick(list(waiting.order_by("decided_at")), pick)
        deciding.decision_approve(decision, by=self.signatory)
        decision.refresh_from_db()
        self.told_by(decision)
        someone = self.someone(decision.person_id)
        someone.open_reports -= 1
        someone.touched(self.today())
        TALLY["steps"] += 1

    @precondition(lambda self: Letter.objects.filter(status=Letter.Status.DRAFT).exists())
    @rule(pick=st.integers(0, 99))
    def letter_signed(self, pick):
        self.tick()
        letter = self.pick(
            list(Letter.objects.filter(status=Letter.Status.DRAFT).order_by(*IN_ORDER)), pick
        )
        letters.letter_submit(letter, by=self.officer)
        letters.letter_sign(letter, by=self.signatory)
        TALLY["steps"] += 1

    @precondition(lambda self: Caution.objects.active().filter(appeal_in_progress=False).exists())
    @rule(pick=st.integers(0, 99))
    def appealed(self, pick):
        self.tick()
        caution = self.pick(
            list(Caution.objects.active().filter(appeal_in_progress=False).order_by(*IN_ORDER)),
            pick,
        )
        appeal_record(
            caution,
            channel=Appeal.Channel.COMPLAINT_FORM,
            received_on=self.today(),
            grounds="I did not do it.",
            handler=self.handler,
            by=self.officer,
        )
        TALLY["appeals"] += 1
        self.someone(caution.person_id).touched(self.today())
        TALLY["steps"] += 1

    @precondition(lambda self: Appeal.objects.filter(status=Appeal.Status.OPEN).exists())
    @rule(pick=st.integers(0, 99), upheld=st.booleans())
    def appeal_decided(self, pick, upheld):
        self.tick()
        appeal = self.pick(
            list(
                Appeal.objects.filter(status=Appeal.Status.OPEN).order_by(
                    "received_on", "caution__created_at"
                )
            ),
            pick,
        )
        outcome = Appeal.Outcome.UPHELD if upheld else Appeal.Outcome.REFUSED
        appeal_decide(
            appeal,
            outcome=outcome,
            reasons="Looked again.",
            version=appeal.version,
            by=self.handler,
        )
        self.someone(appeal.caution.person_id).touched(self.today())
        TALLY["steps"] += 1

    @precondition(lambda self: Caution.objects.active().exists())
    @rule(
        pick=st.integers(0, 99),
        outcome=st.sampled_from(Review.Outcome.values),
        days_from_limit=st.integers(-800, 60),
    )
    def reviewed(self, pick, outcome, days_from_limit):
        """A change at review sets an expiry drawn around the longest the profile allows:
        beyond it, the review is refused."""
        self.tick()
        caution = self.pick(list(Caution.objects.active().order_by(*IN_ORDER)), pick)
        limit = expiry_limit(current(), caution.date_added, caution.level, partner=False)
        before = caution.expires_on
        expires_on = limit + dt.timedelta(days=days_from_limit)
        change = outcome == Review.Outcome.CHANGE
        try:
            review_record(
                caution,
                outcome=outcome,
                reasons="Looked at what happened since.",
                expires_on=expires_on if change else None,
                meeting=review_meeting_held(self.governance),
                version=caution.version,
                by=self.governance,
            )
        except ValidationError as refused:
            caution.refresh_from_db()
            assert caution.expires_on == before
            assert change and expires_on > limit, refused
            return
        assert not change or expires_on <= limit
        TALLY["reviews"] += 1
        told = outcome == Review.Outcome.REMOVE or (change and expires_on > before)
        if told:
            self.someone(caution.person_id).touched(self.today())
        TALLY["steps"] += 1

    @rule(days=st.one_of(st.integers(1, 45), st.sampled_from(LANDMARKS)), at=st.sampled_from(TIMES))
    def time_passes(self, days, at):
        """The clock moves on and the daily sweep runs (see `sweep_up_to`)."""
        today = self.today()
        if isinstance(days, int):
            day = today + dt.timedelta(days=days)
        else:
            day = landmark(days, today, self)
        self.pass_to(day, at)
        TALLY["steps"] += 1

    def pass_to(self, day: dt.date, at: dt.time) -> None:
        today = self.today()
        self.move_clock(day, at)
        for swept in self.sweep_up_to(today, day):
            TALLY["expired"] += swept.counts["expiry"]
        for someone in self.living():
            if not Person.objects.filter(pk=someone.person.pk).exists():
                someone.gone = True
                TALLY["deleted"] += 1
                assert where_details_remain(someone.details) == []

    @staticmethod
    def sweep_up_to(last: dt.date, day: dt.date) -> list[SweepReport]:
        """The sweep for each day after `last` up to `day` on which a caution falls due to
        expire, and for `day`, each under the clock of its morning as the worker's catch-up
        runs it. Sweeping every day between (three years for an assault) would take this
        test past its budget; the catch-up's day by day order is tested on its own
        (tests/privacy/test_sweep.py)."""
        due = Caution.objects.active().filter(expires_on__gt=last, expires_on__lt=day)
        days = sorted({*due.values_list("expires_on", flat=True), day})
        reports = []
        for swept in days:
            moment = clock.now() if swept == day else dt.datetime.combine(swept, SWEEP_TIME, LONDON)
            with clock.frozen_at(moment):
                reports.append(sweep_run(as_of=swept))
        return reports

    # What must always hold ---------------------------------------------------------

    @invariant()
    def one_decision_letter_for_each_decision_the_person_is_told_of(self):
        for decision_id, told in self.decisions.items():
            sent = Letter.objects.filter(decision_id=decision_id, kind__in=DECISION_KINDS)
            if Decision.objects.filter(id=decision_id).exists():
                assert sent.count() == told, decision_id

    @invariant()
    def no_active_caution_past_its_expiry_once_swept(self):
        swept = self.today()
        assert not Caution.objects.active().filter(expires_on__lte=swept).exists()
        assert not Caution.objects.active().filter(expires_on__isnull=True).exists()

    @invariant()
    def no_caution_longer_than_the_profile_allows(self):
        profile = current()
        for caution in Caution.objects.all():
            limit = expiry_limit(profile, caution.date_added, caution.level, partner=False)
            assert caution.expires_on is not None
            assert caution.expires_on <= limit, (caution.date_added, caution.expires_on)

    @invariant()
    def nobody_kept_past_retention_nor_deleted_before_it(self):
        today = self.today()
        for someone in self.people:
            if someone.gone:
                assert today >= someone.keep_until, "deleted before the end of retention"
                continue
            due = someone.delete_by
            if due is not None and today >= due:
                present = Person.objects.filter(pk=someone.person.pk).exists()
                assert not present, f"kept past {due}"

    # Helpers -----------------------------------------------------------------------

    @staticmethod
    def reports(status: str) -> list[Incident]:
        return list(Incident.objects.filter(status=status).order_by("created_at"))

    @staticmethod
    def pick(items: list, n: int):
        return items[n % len(items)]

    def someone(self, person_id) -> Someone:
        return next(s for s in self.people if s.person.pk == person_id)

    def told_by(self, decision: Decision) -> None:
        """Cheltenham tells the person of every warning and caution, always (002 §3)."""
        final = decision.status == Decision.Status.FINAL
        told = decision.outcome in (Decision.Outcome.WARNING, Decision.Outcome.CAUTION)
        self.decisions[decision.id] = int(final and told)
        TALLY["decisions"] += 1
        TALLY["decision letters"] += self.decisions[decision.id]


@pytest.mark.usefixtures("private_files")
@pytest.mark.parametrize("batch", BATCHES)
def test_002_4_7_a_cautions_whole_life_keeps_one_letter_per_decision_its_maximum_and_retention(
    batch, settings, capsys
):
    """002 §3 (the person is told of every entry), §4.5.1 (each entry expires by its
    category, 4 years at most) and §4.7 (kept 6 months after removal, then deleted), over
    whole lives drawn by hypothesis, the same ones on every run (BATCHES)."""
    settings.CAUTION_PROFILE = "cheltenham"
    TALLY.update(dict.fromkeys(TALLY, 0))
    started = time.monotonic()
    lives = hypothesis_seed(batch)(type(f"CautionLife{batch}", (CautionLife,), {}))
    run_state_machine_as_test(
        lives,
        settings=hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            # A failure prints every step of the life that failed; shrinking it to the
            # fewest takes minutes of a loaded machine, which CI cannot wait for.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    with capsys.disabled():
        figures = ", ".join(f"{count} {name}" for name, count in TALLY.items())
        took = time.monotonic() - started
        print(f"\ncaution life state machine, batch {batch}: {figures} in {took:.1f} s")
    assert TALLY["lives"] >= MAX_EXAMPLES
