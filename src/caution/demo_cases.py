"""Demo cases: reports in every state of the profile's process, made by the demo users
through the same action functions the pages and the API call.

Signing in as each demo user then shows real work: the reporter's own reports and a draft,
the manager's assessment queue, the register officer's dashboard (reports to assess, one
overdue; meetings to schedule; decisions due; interim alerts; complex cases), panel members'
meetings, cautions with structured restrictions in the check, and a breach. After the
decisions come their letters (signed and delivered, one waiting in the print pack, one
awaiting the signatory), an appeal in progress where the profile has appeals, and a caution
decided a review interval ago whose review now falls due.

Everything is derived from the current profile, so each council's demo follows its own
rules: a panel meets where a panel decides, a warning comes before restrictions where the
profile says so, an interim alert where the profile has them, a complex case waits for the
profile's approver. Fixed people, fixed texts and dates counted back from today make it the
same every time.
"""

import dataclasses
import datetime as dt
import secrets

from django.urls import reverse
from django.utils import timezone

from caution.accounts.actions import user_create
from caution.accounts.models import Organisation, User
from caution.accounts.roles import Role, role_group, roles_of
from caution.incidents import actions as reporting
from caution.incidents.models import Incident
from caution.letters import actions as letters
from caution.letters.models import Letter
from caution.lib import clock
from caution.notifications.actions import notification_mark_read
from caution.people.actions import AddressInput, NameInput, person_create
from caution.people.models import Person
from caution.policy import calendar
from caution.policy.profiles import Category, Profile, current
from caution.register import appeals, deciding, reviews
from caution.register.cautions import breach_record, next_review_after
from caution.register.models import Appeal, Caution, Decision, Meeting

CASE_PREFIX = "DEMO-CASE-"
# The demo users' colleagues: `caution demo` prints their sign-ins too.
COLLEAGUE_PREFIX = "colleague-"
COLLEAGUES = [("Tariq", "Osman"), ("Helen", "Burke"), ("Gareth", "Lowe")]
# Who hears the appeal where no demo user may: every holder of the handler's role sat on
# the panel that decided (000 §8.8 a Stage 2 investigator; 004 §6 another councillor).
APPEAL_COLLEAGUE = ("colleague-appeals", "Margaret", "Ellison")


@dataclasses.dataclass(frozen=True)
class CasePerson:
    given: str
    family: str
    born: dt.date
    line1: str
    postcode: str


# The people the demo's reports are about (fictional; no register entry of their own).
SERIOUS = CasePerson("Darren", "Whitfield", dt.date(1982, 4, 9), "27 Coronation Road", "LE16 9BX")
REPEATED = CasePerson("Leanne", "Hughes", dt.date(1990, 12, 1), "Flat 3, 8 Mill Street", "LE16 7NJ")
AWAITING_DECISION = CasePerson(
    "Kieran", "Doyle", dt.date(1971, 8, 30), "5 Farndon Close", "LE16 9QT"
)
NEW_REPORT = CasePerson(
    "Shirley", "Barker", dt.date(1958, 2, 17), "62 Welland Park Road", "LE16 9DW"
)
OVERDUE = CasePerson("Wayne", "Fisher", dt.date(1986, 5, 23), "14 Logan Street", "LE16 9AA")
FROM_PARTNER = CasePerson("Tracey", "Holt", dt.date(1977, 10, 4), "9 Burnmill Road", "LE16 7JF")
DRAFT = CasePerson("Colin", "Marsh", dt.date(1966, 1, 12), "3 Sutton Lane", "LE16 8QS")
URGENT = CasePerson("Joanne", "Platt", dt.date(1993, 7, 7), "41 Northampton Road", "LE16 9HE")
COMPLEX = CasePerson("Stacey", "Rowe", dt.date(1969, 3, 28), "17 Fairfield Road", "LE16 9QH")
DUE_FOR_REVIEW = CasePerson(
    "Gary", "Prentice", dt.date(1974, 6, 15), "8 Rockingham Road", "LE16 7PH"
)
LETTER_TO_SIGN = CasePerson("Nathan", "Cole", dt.date(1995, 9, 21), "56 Coventry Road", "LE16 9BZ")
APPEAL_GROUNDS = (
    "I only phoned about my council tax bill. Being made to write to one officer stops me "
    "sorting out my arrears, and I was not rude on the phone last week."
)

# What the reporter writes, by category code; other categories use their own description.
ACCOUNTS = {
    "VIOLENCE": "Pushed the officer against the counter and threw a leaflet stand at the screen.",
    "ASSAULT": "Punched the housing officer on the shoulder during a home visit.",
    "THREAT": "Leaned over the desk with fists clenched and said the officer 'would regret it'.",
    "THREAT_OF_HARM": "Said he would wait for the officer after work and 'break her legs'.",
    "VERBAL_THREAT": "Said he would wait for the officer after work and 'break her legs'.",
    "PHYSICAL_THREAT": "Threatened to put the Town Clerk 'through the window' at the meeting.",
    "ABUSE": "Shouted abuse at the officer on the phone and called her a liar, three times.",
    "VERBAL_ABUSE": "Shouted abuse at the officer on the phone and called her a liar, three times.",
    "PERSISTENT": "The same complaint about last year's bill, already answered, again and again.",
}
LOW_LEVEL = "Swore at the receptionist while waiting, then apologised before leaving."
POSITIVE = "Came in calm and polite to agree a payment plan; thanked the officer."
# Example restrictions, by type: the serious case takes the first two its profile offers
# of SERIOUS_RESTRICTIONS, the repeated behaviour the first two of CONTACT_RESTRICTIONS.
EXAMPLES = {
    "office_ban": deciding.RestrictionInput(type="office_ban", details="All council offices"),
    "appointment_only": deciding.RestrictionInput(
        type="appointment_only", named_contact="Customer Services Team Leader"
    ),
    "witness_present": deciding.RestrictionInput(
        type="witness_present", details="Two officers at any meeting"
    ),
    "no_contact": deciding.RestrictionInput(
        type="no_contact", details="No contact except through a solicitor"
    ),
    "writing_only": deciding.RestrictionInput(type="writing_only", channels=("letter", "email")),
    "named_contact": deciding.RestrictionInput(
        type="named_contact", named_contact="Council Tax Team Leader", channels=("email",)
    ),
    "set_times": deciding.RestrictionInput(
        type="set_times", details="Tuesdays and Thursdays, 10am to 12 noon", channels=("phone",)
    ),
    "social_media_block": deciding.RestrictionInput(type="social_media_block"),
}
SERIOUS_RESTRICTIONS = ("office_ban", "appointment_only", "witness_present", "no_contact")
CONTACT_RESTRICTIONS = ("writing_only", "named_contact", "set_times")


# Days of the week: a report is written on a Tuesday about Monday, assessed that morning,
# and decided on the Thursday (at a meeting called on the Wednesday, for a panel).
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = 1, 2, 3, 4


_REASONS = {
    Decision.Outcome.NO_ACTION: "A first incident, out of character; no further action.",
    Decision.Outcome.INFORMAL_WORD: "Asked to moderate their language; noted on their record.",
    Decision.Outcome.WARNING: "The behaviour continued after an informal word: warning letter.",
    Decision.Outcome.CAUTION: "A credible and continuing risk to staff: added to the register.",
}


def seed_cases(staff: dict[Role, User], partner: Organisation) -> None:
    """Create the demo's reports, meetings, decisions, cautions and a breach."""
    _Cases(current(), staff, partner).create()


class _Cases:
    def __init__(self, profile: Profile, staff: dict[Role, User], partner: Organisation):
        self.profile = profile
        self.staff = staff
        self.partner = partner
        self.today = clock.today()
        self.panel = profile.decision.panel
        self.serious, self.repeated = _categories(profile)

    def create(self) -> None:
        reporter = self.staff[Role.REPORTER]
        self._due_for_review(reporter)
        repeated = self._repeated_behaviour(reporter)
        serious = self._serious_report(reporter)
        self._appeal(self._restricted(repeated, serious, reporter))
        self._letter_to_sign(reporter)
        self._recorded(Incident.Kind.LOW_LEVEL, serious.person, LOW_LEVEL, self._week(2, WEDNESDAY))
        self._recorded(Incident.Kind.POSITIVE, repeated.person, POSITIVE, self._week(1, WEDNESDAY))
        self._awaiting_assessment()
        self._awaiting_decision(reporter)
        if self.profile.decision.interim_allowed(self.serious.code):
            self._urgent(reporter)
        if self.profile.decision.approval is not None:
            self._complex(reporter)
        self._draft(reporter)
        self._review_meeting()

    # The story, oldest first.

    def _due_for_review(self, reporter: User) -> None:
        """Decided a review interval ago, its letter delivered at once; a positive contact
        since. Its review now falls due within the week (000 §8.4, 002 §4.7, 003 §10.1)."""
        weeks_ago = 1
        horizon = self.today + dt.timedelta(days=7)
        while next_review_after(self._week(weeks_ago, THURSDAY).date()) > horizon:
            weeks_ago += 1
        case = self._reported(
            reporter, _person(DUE_FOR_REVIEW), self.serious, self._week(weeks_ago)
        )
        self._assessed(case, self._week(weeks_ago, hour=11))
        [decision] = self._decided(
            [(case, Decision.Outcome.CAUTION, self._terms(self.serious, []))], weeks_ago
        )
        self._sent(decision, self._week(weeks_ago, FRIDAY))
        self._recorded(
            Incident.Kind.POSITIVE, case.person, POSITIVE, self._week(weeks_ago // 2, WEDNESDAY)
        )

    def _repeated_behaviour(self, reporter: User) -> Incident:
        """The same behaviour again and again: an informal word (or no action), a warning
        where the profile puts one first; the last report, assessed, is returned."""
        person = _person(REPEATED)
        first_outcome = (
            Decision.Outcome.INFORMAL_WORD
            if self.profile.warning.informal_first
            else Decision.Outcome.NO_ACTION
        )
        steps = [(10, first_outcome)]
        if self.profile.warning.first:
            steps.append((6, Decision.Outcome.WARNING))
        for weeks_ago, outcome in steps:
            case = self._reported(reporter, person, self.repeated, self._week(weeks_ago))
            self._assessed(case, self._week(weeks_ago, hour=11))
            [decision] = self._decided([(case, outcome, None)], weeks_ago)
            if outcome == Decision.Outcome.WARNING:
                self._sent(decision, self._week(weeks_ago, FRIDAY))
        case = self._reported(reporter, person, self.repeated, self._week(3))
        return self._assessed(case, self._week(3, hour=11))

    def _serious_report(self, reporter: User) -> Incident:
        """Behaviour serious enough to go straight to a caution; the officer it was aimed
        at, and their manager, were alerted at once (003 §6.3)."""
        case = self._reported(
            reporter,
            _person(SERIOUS),
            self.serious,
            self._week(3, minute=30),
            service_area="Housing",
            threatened=True,
            witness=True,
        )
        return self._assessed(case, self._week(3, hour=11, minute=30))

    def _restricted(self, repeated: Incident, serious: Incident, reporter: User) -> Caution:
        """Both decided the same day (at one meeting, for a panel): cautions with
        structured restrictions, one limited to a service (002 §4.5), the serious one
        shared with the partner. The first letter is signed and delivered at once, and the
        person later breaks a restriction; the second, signed, waits in the print pack
        (or, where letters are hand delivered, to be delivered). Returns the first caution,
        whose person was told."""
        contact = _offered(self.profile, CONTACT_RESTRICTIONS)
        if contact:
            contact[0] = dataclasses.replace(contact[0], service_area="Council Tax")
        permanent = _permanent(self.profile, self.serious)
        serious_restrictions = [
            dataclasses.replace(r, permanent=permanent)
            for r in _offered(self.profile, SERIOUS_RESTRICTIONS)
        ]
        decisions = self._decided(
            [
                (repeated, Decision.Outcome.CAUTION, self._terms(self.repeated, contact)),
                (
                    serious,
                    Decision.Outcome.CAUTION,
                    self._terms(self.serious, serious_restrictions, share=True),
                ),
            ],
            3,
        )
        caution = decisions[0].caution
        self._sent(decisions[0], self._week(3, FRIDAY))
        self._sent(decisions[1], self._week(3, FRIDAY, hour=11), delivered=False)
        with clock.frozen_at(self._week(1, hour=15)):
            breach_record(
                caution,
                restriction=caution.restriction_set.first(),
                occurred_at=self._week(1, hour=11) - dt.timedelta(days=1),
                description="Phoned the main switchboard twice and asked for another officer.",
                by=reporter,
            )
        return caution

    def _appeal(self, caution: Caution) -> None:
        """The person appeals within the window from the letter's delivery (003 §9.2,
        004 §6): recorded by the register officer, the acknowledgement drafted, the handler
        told; the caution shows "appeal in progress" (002 §4.6). Not where the profile has
        no appeal (001 §15.7)."""
        if not self.profile.appeal.allowed:
            return
        handler, fallback = self._appeal_handler(caution)
        received = self._week(1, WEDNESDAY)
        with clock.frozen_at(received + dt.timedelta(hours=1)):
            appeals.appeal_record(
                caution,
                channel=Appeal.Channel.LETTER,
                received_on=received.date(),
                grounds=APPEAL_GROUNDS,
                handler=handler,
                fallback=fallback,
                complaint_reference="CMP-2041" if self.profile.appeal.complaint_reference else "",
                by=self.staff[Role.REGISTER_OFFICER],
            )

    def _appeal_handler(self, caution: Caution) -> tuple[User, bool]:
        """A demo user who may hear the appeal (for Dover, the decider's own manager,
        003 §9.3), else a colleague with the handler's role, in the fallback's post where
        the profile names one (004 §6: another councillor)."""
        fallbacks = (False, True) if self.profile.appeal.handler.fallback else (False,)
        for fallback in fallbacks:
            choices = appeals.handler_choices(caution, fallback=fallback)
            staff = [user for user in choices if user in self.staff.values()]
            if staff or choices:
                return (staff or choices)[0], fallback
        fallback = fallbacks[-1]
        post = appeals.handler_post(self.profile, fallback=fallback)
        return _colleague_named(*APPEAL_COLLEAGUE, Role(post.role)), fallback

    def _letter_to_sign(self, reporter: User) -> None:
        """Decided last week; its letter, checked by the register officer, waits for the
        profile's signatory (000 §8.7, 002 §3.4, 003 §9.1)."""
        case = self._reported(reporter, _person(LETTER_TO_SIGN), self.serious, self._week(1))
        self._assessed(case, self._week(1, hour=11, minute=30))
        [decision] = self._decided(
            [(case, Decision.Outcome.CAUTION, self._terms(self.serious, []))], 1
        )
        with clock.frozen_at(self._week(1, FRIDAY, hour=9)):
            letters.letter_submit(decision.letters.get(), by=self.staff[Role.REGISTER_OFFICER])

    def _review_meeting(self) -> None:
        """Where reviews are held at a standing meeting (000 §8.4, 002 §4.7), the next one
        in a fortnight: its agenda holds the caution whose review falls due."""
        if self.profile.review.meeting_interval_months is None:
            return
        reviews.review_meeting_schedule(
            held_on=calendar.add_working_days(self.today, 10),
            place="Council offices, committee room 1",
            by=self.staff[Role.REGISTER_OFFICER],
        )

    def _awaiting_assessment(self) -> None:
        """In the assessors' queue: a report long past its deadline, a partner's
        third-party report from last week, and a councillor's report from yesterday."""
        self._reported(self.staff[Role.REPORTER], _person(OVERDUE), self.repeated, self._week(4))
        self._reported(
            self.staff[Role.PARTNER],
            _person(FROM_PARTNER),
            self.serious,
            self._week(1, FRIDAY),
            service_area="Housing",
            kind=Incident.Kind.THIRD_PARTY,
            agency=self.partner.name,
        )
        self._reported(
            self.staff[Role.COUNCILLOR],
            _person(NEW_REPORT),
            self.repeated,
            self._yesterday(10),
            service_area="Environment",
        )

    def _awaiting_decision(self, reporter: User) -> None:
        """Assessed; for a panel, on the agenda of its next meeting, members invited."""
        case = self._reported(
            reporter,
            _person(AWAITING_DECISION),
            self.serious,
            self._yesterday(9),
            service_area="Planning",
        )
        self._assessed(case, self._yesterday(14))
        if self.panel is None:
            return
        starts_at = self._moment(_working_day_after(self.today), 14)
        deadline = deciding.meeting_deadline(case)
        if deadline is not None and starts_at.date() > deadline:
            starts_at = self._moment(deadline, 14)  # at short notice (000 §8.4)
        with clock.frozen_at(self._yesterday(16)):
            deciding.meeting_schedule(
                starts_at=starts_at,
                place="Council offices, committee room 2",
                cases=[case],
                invited=self._members(),
                by=self.staff[Role.REGISTER_OFFICER],
            )

    def _urgent(self, reporter: User) -> None:
        """An urgent interim alert on a report not yet assessed (003 §8.7; 001 §12.2 the
        instant ban)."""
        case = self._reported(
            reporter, _person(URGENT), self.serious, self._yesterday(10), threatened=True
        )
        with clock.frozen_at(self._yesterday(12)):
            deciding.interim_alert_add(
                case,
                level=self.serious.suggested_level,
                precautions="No home visits until the risk assessment is complete",
                reasons="A credible threat to the officer's safety; she lives locally.",
                by=self.staff[Role.MANAGER],
            )

    def _complex(self, reporter: User) -> None:
        """A complex case decided and waiting for the profile's approver (002 §3.4)."""
        case = self._reported(reporter, _person(COMPLEX), self.serious, self._week(1))
        self._assessed(case, self._week(1, hour=11))
        terms = self._terms(self.serious, _offered(self.profile, CONTACT_RESTRICTIONS)[:1])
        self._decided([(case, Decision.Outcome.CAUTION, terms)], 1, complex_case=True)

    def _draft(self, reporter: User) -> None:
        incident = reporting.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
        self._details(incident, self.repeated, clock.now() - dt.timedelta(hours=2), "Parking")
        reporting.incident_person_choose(
            incident, _person(DRAFT), version=incident.version, by=reporter
        )

    # The steps.

    def _reported(
        self,
        reporter: User,
        person: Person,
        category: Category,
        when: dt.datetime,
        *,
        service_area: str = "Council Tax",
        kind: str = Incident.Kind.INCIDENT,
        agency: str = "",
        threatened: bool = False,
        witness: bool = False,
    ) -> Incident:
        """Written up and submitted at `when`, about the working day before."""
        if kind == Incident.Kind.INCIDENT and category.code == "PERSISTENT":
            kind = Incident.Kind.PERSISTENT  # one report for many contacts (002 §4.2)
        happened = self._moment(_working_day_before(when.date()), 15)
        with clock.frozen_at(when):
            incident = reporting.incident_start(kind=kind, by=reporter)
            self._details(incident, category, happened, service_area, agency=agency)
            reporting.incident_person_choose(
                incident, person, version=incident.version, by=reporter
            )
            if kind == Incident.Kind.PERSISTENT:
                for days in (5, 3, 1):
                    reporting.contact_add(
                        incident,
                        occurred_at=happened - dt.timedelta(days=days),
                        channel=Incident.Channel.EMAIL,
                        summary="The same complaint again, with nothing new in it",
                        version=incident.version,
                        by=reporter,
                    )
            if kind != Incident.Kind.THIRD_PARTY:
                reporting.staff_add(
                    incident,
                    user=reporter,
                    threatened=threatened,
                    version=incident.version,
                    by=reporter,
                )
            if witness:
                reporting.witness_add(
                    incident,
                    name="Sam Patel, receptionist",
                    statement="I saw it happen from the next desk and called security.",
                    version=incident.version,
                    by=reporter,
                )
            return reporting.incident_submit(incident, version=incident.version, by=reporter)

    def _details(
        self,
        incident: Incident,
        category: Category,
        happened: dt.datetime,
        service_area: str,
        *,
        agency: str = "",
    ) -> None:
        third_party = incident.kind == Incident.Kind.THIRD_PARTY
        reporting.incident_update(
            incident,
            reporting.IncidentDetails(
                occurred_at=None if incident.kind == Incident.Kind.PERSISTENT else happened,
                location="Council offices, main reception",
                channel="" if third_party else Incident.Channel.FACE_TO_FACE,
                service_area=service_area,
                category=category.code,
                description=_account(category),
                agency=agency,
            ),
            version=incident.version,
            by=incident.reported_by,
        )

    def _recorded(self, kind: str, person: Person, what: str, when: dt.datetime) -> Incident:
        """A low-level incident or a positive contact: noted on the person, not decided."""
        reporter = self.staff[Role.REPORTER]
        with clock.frozen_at(when):
            incident = reporting.incident_start(kind=kind, by=reporter)
            reporting.incident_update(
                incident,
                reporting.IncidentDetails(
                    occurred_at=when - dt.timedelta(minutes=30),
                    location="Council offices, main reception",
                    channel=Incident.Channel.COUNCIL_OFFICE,
                    service_area="Customer Services",
                    category="",
                    description=what,
                ),
                version=incident.version,
                by=reporter,
            )
            reporting.incident_person_choose(
                incident, person, version=incident.version, by=reporter
            )
            return reporting.incident_submit(incident, version=incident.version, by=reporter)

    def _assessed(self, case: Incident, when: dt.datetime) -> Incident:
        severity = "high" if case.category == self.serious.code else "medium"
        with clock.frozen_at(when):
            deciding.assessment_record(
                case,
                severity=severity,
                future_risk=severity,
                recommended_level=self.profile.category(case.category).suggested_level,
                reasons="Likely to be repeated; staff need warning before contact.",
                staff_support="Debrief with the line manager; counselling offered.",
                version=case.version,
                by=self.staff[Role.MANAGER],
            )
        return case

    def _decided(
        self,
        cases: list[tuple[Incident, str, deciding.CautionTerms | None]],
        weeks_ago: int,
        *,
        complex_case: bool = False,
    ) -> list[Decision]:
        """On the Thursday, by the profile's decision body: at a meeting of the panel
        (recorded by the register officer), or by the manager, who was not involved."""
        meeting = None
        decider = self.staff[Role.MANAGER]
        if self.panel is not None:
            meeting = self._meeting_held([case for case, _, _ in cases], weeks_ago)
            decider = self.staff[Role.REGISTER_OFFICER]
        decisions = []
        for minutes, (case, outcome, terms) in enumerate(cases):
            with clock.frozen_at(self._week(weeks_ago, THURSDAY, hour=15, minute=minutes)):
                decision = deciding.decision_record(
                    case,
                    outcome=outcome,
                    reasons=_REASONS[outcome],
                    terms=terms,
                    complex_case=complex_case,
                    meeting=meeting,
                    answers=_answers(),
                    version=case.version,
                    by=decider,
                )
            decisions.append(decision)
        return decisions

    def _meeting_held(self, cases: list[Incident], weeks_ago: int) -> Meeting:
        """Called on the Wednesday for Thursday; every member invited is there."""
        officer = self.staff[Role.REGISTER_OFFICER]
        with clock.frozen_at(self._week(weeks_ago, WEDNESDAY)):
            called = deciding.meeting_schedule(
                starts_at=self._week(weeks_ago, THURSDAY, hour=14),
                place="Council offices, committee room 2",
                cases=cases,
                invited=self._members(),
                by=officer,
            )
        with clock.frozen_at(self._week(weeks_ago, THURSDAY, hour=14, minute=45)):
            return deciding.meeting_attendance_record(
                called, attended=list(called.invited.all()), version=called.version, by=officer
            )

    def _members(self) -> list[User]:
        """The demo users who sit on the panel, and colleagues enough for its quorum (the
        Determination Team needs two of its members; the demo has one user per role)."""
        eligible = {self.profile.decision.decider_role, *(s.role for s in self.panel.seats)}
        members = [user for role, user in self.staff.items() if role.value in eligible]
        role = Role(self.profile.decision.decider_role)
        for number in range(1, self.panel.quorum - len(members) + 1):
            members.append(_colleague(number, role))
        return members

    def _terms(
        self,
        category: Category,
        restrictions: list[deciding.RestrictionInput],
        *,
        share: bool = False,
    ) -> deciding.CautionTerms:
        return deciding.CautionTerms(
            level=category.suggested_level,
            precautions=self.profile.precautions[0].label if self.profile.precautions else "",
            restrictions=tuple(restrictions),
            key_contact="Customer Services Team Leader",
            share_with=(self.partner,) if share else (),
            sharing_justification="Their staff visit the person's home" if share else "",
        )

    def _sent(self, decision: Decision, when: dt.datetime, *, delivered: bool = True) -> None:
        """The decision's letter: sent for sign-off by the register officer at `when`;
        signed two hours later by the profile's signatory, who opens it from the message
        telling them; then into the print pack, posted the next working day unless not
        `delivered`. Where letters are hand delivered (003 §9.1), the reporter's line
        manager delivers it the next working day, date and time recorded."""
        letter = decision.letters.get()
        officer = self.staff[Role.REGISTER_OFFICER]
        with clock.frozen_at(when):
            letters.letter_submit(letter, by=officer)
        signatory = self._signatory(letter)
        with clock.frozen_at(when + dt.timedelta(hours=2)):
            _follow_link(signatory, reverse("letters:detail", args=[letter.id]))
            letter = letters.letter_sign(letter, by=signatory)
        by_hand = self.profile.notification.delivery == "hand"
        if not by_hand:
            with clock.frozen_at(when + dt.timedelta(hours=3)):
                letters.letter_deliver(letter, method=Letter.Method.POST, by=officer)
        if not delivered:
            return
        next_day = self._moment(_working_day_after(when.date()), 11)
        with clock.frozen_at(next_day):
            if by_hand:
                letters.letter_deliver(
                    letter,
                    method=Letter.Method.HAND,
                    delivered_at=next_day - dt.timedelta(minutes=30),
                    officer=self.staff[Role.MANAGER],
                    by=officer,
                )
            else:
                letters.letters_mark_posted([letter.id], by=officer)

    def _signatory(self, letter: Letter) -> User:
        """The demo user who signs under the profile, else a fellow holder of the post."""
        allowed = letters.signatories_for(letter)
        staff = [user for user in self.staff.values() if allowed.filter(id=user.id).exists()]
        return staff[0] if staff else allowed.order_by("username").first()

    # When things happen.

    def _week(
        self, weeks_ago: int, weekday: int = TUESDAY, *, hour: int = 10, minute: int = 0
    ) -> dt.datetime:
        """A day of a week before this one, so that the story keeps to working days."""
        monday = self.today - dt.timedelta(days=self.today.weekday(), weeks=weeks_ago)
        return self._moment(monday + dt.timedelta(days=weekday), hour, minute)

    def _yesterday(self, hour: int) -> dt.datetime:
        """The working day before today."""
        return self._moment(_working_day_before(self.today), hour)

    @staticmethod
    def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _follow_link(user: User, url: str) -> None:
    """The user opened the messages that led them to `url`: they read as read."""
    for notification in user.notifications.filter(url=url, read_at__isnull=True):
        notification_mark_read(notification, by=user)


def _working_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _working_day_after(day: dt.date) -> dt.date:
    return calendar.add_working_days(day, 1)


def _colleague(number: int, role: Role) -> User:
    """A fellow panel member who takes part in the demo's meetings."""
    given, family = COLLEAGUES[(number - 1) % len(COLLEAGUES)]
    return _colleague_named(f"{COLLEAGUE_PREFIX}{number}", given, family, role)


def _colleague_named(username: str, given: str, family: str, role: Role) -> User:
    """A colleague of the demo users with `role` (signs in with what `caution demo`
    prints: a password is set each run)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            password=secrets.token_urlsafe(16),
            roles=[role],
            first_name=given,
            last_name=family,
            by=None,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif role not in roles_of(user):
        user.groups.set([role_group(role)])
        user._caution_roles = [role]
    return user


def _categories(profile: Profile) -> tuple[Category, Category]:
    """The most serious category that goes straight to a caution, and the least serious
    one (which needs a warning first where the profile puts one first)."""

    def severity(category: Category) -> int:
        level = profile.level(category.suggested_level)
        return level.severity if level else 0

    direct = [c for c in profile.categories if not profile.warning.comes_first(c.code)]
    serious = max(direct or profile.categories, key=severity)
    warned = [c for c in profile.categories if profile.warning.comes_first(c.code)]
    repeated = min(warned or profile.categories, key=severity)
    return serious, repeated


def _account(category: Category) -> str:
    return ACCOUNTS.get(category.code, f"{category.label}: {category.description}")


def _offered(profile: Profile, preferred: tuple[str, ...]) -> list[deciding.RestrictionInput]:
    offered = {option.type for option in profile.restrictions}
    return [EXAMPLES[kind] for kind in preferred if kind in offered][:2]


def _permanent(profile: Profile, category: Category) -> bool:
    """Permanent where the profile has both time-limited and permanent entries (004 §5)."""
    limited = any(c.expiry_months for c in profile.categories)
    return profile.duration.permanent_allowed and limited and category.expiry_months is None


def _person(who: CasePerson) -> Person:
    reference = f"{CASE_PREFIX}{who.family.upper()}"
    found = Person.objects.filter(reference=reference).first()
    if found is not None:
        return found
    return person_create(
        names=[NameInput(who.given, who.family)],
        date_of_birth=who.born,
        addresses=[AddressInput(line1=who.line1, town="Market Harborough", postcode=who.postcode)],
        reference=reference,
        by=None,
    )


def _answers() -> dict[str, deciding.PromptAnswer]:
    """The demo decider's answers to the profile's questions (`[[decision.prompts]]`): the
    person still reaches essential services; no formal complaint; not known to be
    vulnerable."""
    yes = {"essential_services"}
    return {
        prompt.code: deciding.PromptAnswer(
            "yes" if prompt.code in yes else "no", "Checked with the service before deciding."
        )
        for prompt in current().decision.prompts
    }
