"""From a submitted report to a decision: assessment, panel meetings, decisions, approval
and urgent interim alerts. Each function is an action: it runs in a transaction, enforces
the policy profile's rules, writes its audit record and defers messages to commit.
"""

import dataclasses
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from caution.accounts import roles
from caution.accounts.models import Organisation, User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.incidents.selectors import involved_user_ids, line_manager_for
from caution.letters.actions import letter_prepare_for_decision
from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.notifications import events
from caution.notifications.actions import notify
from caution.people.models import Address, IdentifiedBy, IdentityConfidence, PersonAddress
from caution.policy.citing import citations
from caution.policy.profiles import Profile, current
from caution.policy.rules import ChangeRoute, default_expiry
from caution.register.adjustments import adjustment_conflicts
from caution.register.announcing import caution_change_announce, decision_made_notify
from caution.register.cautions import caution_add, caution_close
from caution.register.cautions_terms import (
    RestrictionInput,
    expiry_problem,
    restriction_label,
)
from caution.register.identity import identity_refuse
from caution.register.models import (
    Assessment,
    Caution,
    CautionChange,
    Decision,
    Meeting,
    Restriction,
    ReviewMeeting,
)
from caution.register.partner_reports import partner_told_problem
from caution.register.sharing import sharing_problems


@dataclasses.dataclass(frozen=True)
class CautionTerms:
    """What a caution decision puts on the register."""

    level: str
    precautions: str = ""
    restrictions: tuple[RestrictionInput, ...] = ()
    key_contact: str = ""
    reporting_service: str = ""
    share_with: tuple[Organisation, ...] = ()
    # Why it is shared with those partners (000 §8.2 step 6), required when it is.
    sharing_justification: str = ""
    partner_sourced: bool = False
    # From a partner: the day the partner told the person (000 §8.6); a partner's report
    # sent by its system carries its own.
    partner_told_person_on: dt.date | None = None
    # 003 §15.2: held on one of the person's addresses instead of on the person, where the
    # risk is from whoever is there or from the premises (a dog, needles).
    on_address: Address | None = None


def _targets(incident: Incident) -> set:
    return {s.user_id for s in incident.staff.all() if s.user_id and s.threatened}


def refuse_if_not_line_manager(incident: Incident, user, what: str) -> None:
    manager = line_manager_for(incident)
    if manager is not None and manager.id != user.id:
        raise PermissionDenied(
            citations(
                f"Under this policy the line manager of the officer who reported it, "
                f"{manager.display_name}, will {what} it (003 §8.1)."
            )
        )


def refuse_if_involved(incident: Incident, user, what: str) -> None:
    rules = current().independence
    if rules.exclude_involved and user.id in involved_user_ids(incident):
        raise PermissionDenied(f"You were involved in this incident, so you cannot {what} it.")
    if rules.exclude_targets and user.id in _targets(incident):
        raise PermissionDenied(f"The behaviour was aimed at you, so you cannot {what} it.")


def _refused(*checks) -> bool:
    try:
        for check in checks:
            check()
    except PermissionDenied:
        return True
    return False


def may_assess(incident: Incident, user) -> bool:
    """Whether the page offers this user the assessment of the report: the same checks as
    `assessment_record` makes of who assesses."""
    return (
        incident.status == Incident.Status.SUBMITTED
        and user.has_perm(roles.ASSESS)
        and not _refused(
            lambda: refuse_if_involved(incident, user, "assess"),
            lambda: refuse_if_not_line_manager(incident, user, "assess"),
        )
    )


def may_decide(incident: Incident, user) -> bool:
    """Whether the page offers this user the decision on the report: it waits for one and
    the user is who decides it (`refuse_if_not_decider`, as `decision_record` asks)."""
    return incident.status == Incident.Status.ASSESSED and not _refused(
        lambda: refuse_if_not_decider(incident, user)
    )


def refuse_if_not_decider(incident: Incident, user, profile: Profile | None = None) -> None:
    """Who decides a report: under a panel, the register officer or a member invited to a
    meeting of the case (at the meeting, only those present: `_check_meeting`); otherwise
    the profile's decider, who must not be involved nor, where the profile says so, other
    than the reporter's line manager. Asked before anything else about the decision, so
    that a user who may not decide is refused (403) whatever they sent."""
    profile = profile or current()
    if profile.decision.panel is not None:
        invited = Meeting.objects.filter(cases=incident, invited=user.id).exists()
        if not (user.has_perm(roles.DECIDE) or invited):
            raise PermissionDenied(
                f"Only the register officer or a member of the {profile.decision_body} "
                "invited to decide it records this decision."
            )
        refuse_if_involved(incident, user, "decide")
        return
    if not roles.holds(user, profile.decision.decider_role):
        title = profile.role_name(profile.decision.decider_role)
        raise PermissionDenied(f"Under this policy this decision is taken by: {title}.")
    refuse_if_involved(incident, user, "decide")
    refuse_if_not_line_manager(incident, user, "decide")


def may_approve(decision: Decision, user) -> bool:
    """Whether the page offers this user the approval of a complex case (002 §3.4)."""
    return decision.status == Decision.Status.AWAITING_APPROVAL and not _refused(
        lambda: refuse_if_not_approver(decision, user)
    )


def refuse_if_not_approver(decision: Decision, user) -> None:
    """Only the profile's approver of complex cases, not involved in the case (002 §3.4)."""
    approval = current().decision.approval
    if approval is None:
        raise PermissionDenied("Under this policy no one approves decisions.")
    if not roles.holds(user, approval.role):
        raise PermissionDenied(f"Only the {approval.title} approves complex cases.")
    refuse_if_involved(decision.incident, user, "approve")


@transaction.atomic
def assessment_record(
    incident: Incident,
    *,
    severity: str,
    future_risk: str,
    recommended_level: str,
    reasons: str,
    context: str = "",
    staff_support: str = "",
    police_referral: bool = False,
    version: int,
    by: User,
) -> Assessment:
    """Assess a submitted report: severity and future risk (003 §8.1), by someone who was
    not involved in it (002 §4.5.2)."""
    if not by.has_perm(roles.ASSESS):
        raise PermissionDenied("Your role does not include assessing reports.")
    if incident.status != Incident.Status.SUBMITTED:
        raise ValidationError("This report is not waiting for assessment.")
    refuse_if_involved(incident, by, "assess")
    refuse_if_not_line_manager(incident, by, "assess")
    profile = current()
    if profile.level(recommended_level) is None:
        raise ValidationError({"recommended_level": "Choose a level"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the assessment"})
    bump_version(incident, version)
    category = profile.category(incident.category)
    assessment = Assessment.objects.create(
        incident=incident,
        assessor=by,
        severity=severity,
        future_risk=future_risk,
        suggested_level=category.suggested_level if category else "",
        recommended_level=recommended_level,
        reasons=reasons.strip(),
        context=context.strip(),
        staff_support=staff_support.strip(),
        police_referral=police_referral,
    )
    assessment.full_clean()
    incident.status = Incident.Status.ASSESSED
    incident.save(update_fields=["status"])
    _audit(incident, by, "Assessed a report")
    return assessment


def meeting_deadline(incident: Incident, profile: Profile | None = None) -> dt.date | None:
    """When the panel must meet about a report (000 §8.2: within 5 days of the form)."""
    panel = (profile or current()).decision.panel
    if panel is None or panel.meeting_deadline is None or incident.submitted_at is None:
        return None
    return panel.meeting_deadline.due(timezone.localdate(incident.submitted_at))


def decision_deadline(incident: Incident, profile: Profile | None = None) -> dt.date | None:
    deadline = (profile or current()).decision.deadline
    if deadline is None or incident.submitted_at is None:
        return None
    return deadline.due(timezone.localdate(incident.submitted_at))


@dataclasses.dataclass(frozen=True)
class Body:
    """A body that decides at a meeting: who may sit (their roles), how many make it
    quorate and the seats it cannot decide without. The decision panel (000 §8.3-8.4), or
    a group the profile names for changes after the decision (002 §3 Governance Group)."""

    title: str
    roles: frozenset[str]
    quorum: int
    seats: tuple = ()

    def members(self, users) -> list[User]:
        return [user for user in users if roles.holds(user, *self.roles)]


def panel_body(profile: Profile | None = None) -> Body | None:
    """The profile's decision panel as a meeting body; None where one person decides."""
    profile = profile or current()
    panel = profile.decision.panel
    if panel is None:
        return None
    return Body(profile.decision_body, frozenset(_panel_roles(profile)), panel.quorum, panel.seats)


def change_routes(kinds, profile: Profile | None = None) -> ChangeRoute:
    """The one route a change of these kinds takes (`[changes]`); a change whose kinds go
    by different routes is refused, to be proposed as separate changes."""
    profile = profile or current()
    routes = {profile.changes.route(kind) for kind in kinds}
    if len(routes) > 1:
        raise ValidationError(
            "These changes are decided by different people under this policy: propose them "
            "one at a time."
        )
    return routes.pop()


def change_body(change: CautionChange, profile: Profile | None = None) -> Body | None:
    """The body that decides this change at a meeting, or None where one person decides
    it: the decision panel where the route is the first decision's (000 §8.2, 001 §12.1,
    004 §5), or the group the profile names (002 §3 Governance Group)."""
    profile = profile or current()
    route = change_routes(change.kinds, profile)
    if route.way == "decision":
        return panel_body(profile)
    if route.way == "group":
        return Body(route.actor.title, frozenset({route.actor.role}), route.quorum)
    return None


@transaction.atomic
def meeting_schedule(
    *,
    starts_at: dt.datetime,
    place: str,
    cases: list[Incident],
    invited: list[User],
    late_reason: str = "",
    changes: list[CautionChange] = (),
    non_voting: list[User] = (),
    by: User,
) -> Meeting:
    """Call a panel meeting for reports awaiting a decision, within the profile's deadline
    unless a reason for lateness is recorded, and for changes to cautions proposed for the
    body that meets to decide them (register/changing.py). Anyone invited who does not sit
    on the body, and anyone in `non_voting` (the manager of the department involved, 000
    §8.2 step 4), is invited as a non-voting attendee, never counted for the quorum."""
    profile = current()
    if not by.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include calling meetings.")
    if cases and profile.decision.panel is None:
        raise ValidationError(f"The {profile.decision_body} does not meet as a panel.")
    if not cases and not changes:
        if profile.decision.panel is None:
            raise ValidationError(f"The {profile.decision_body} does not meet as a panel.")
        raise ValidationError({"cases": "Choose the reports the meeting will decide"})
    waiting = (Incident.Status.SUBMITTED, Incident.Status.ASSESSED)
    if any(case.status not in waiting for case in cases):
        raise ValidationError({"cases": "A report on the agenda has already been decided"})
    bodies = [panel_body(profile)] if cases else []
    for change in changes:
        body = change_body(change, profile)
        if change.status != CautionChange.Status.PROPOSED or body is None:
            raise ValidationError(
                {"changes": "A change on the agenda is not waiting for a meeting"}
            )
        bodies.append(body)
    late = [case for case in cases if (due := meeting_deadline(case)) and starts_at.date() > due]
    if late and not late_reason.strip():
        due = min(meeting_deadline(case) for case in late)
        raise ValidationError(
            {"starts_at": f"The panel must meet by {due:%-d %B %Y}, or record why it cannot"}
        )
    voting = [user for user in invited if user not in non_voting]
    for body in dict.fromkeys(bodies):
        if len(body.members(voting)) < body.quorum:
            word = "panel members" if cases else f"members of the {body.title}"
            raise ValidationError({"invited": f"Invite at least {body.quorum} {word} (quorum)"})
    eligible = frozenset().union(*(body.roles for body in bodies))
    members = [user for user in voting if roles.holds(user, *eligible)]
    attendees = [user for user in dict.fromkeys([*invited, *non_voting]) if user not in members]
    meeting = Meeting.objects.create(starts_at=starts_at, place=place.strip(), scheduled_by=by)
    meeting.cases.set(cases)
    meeting.changes.set(changes)
    meeting.invited.set(members)
    meeting.non_voting.set(attendees)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Scheduled a meeting of the {profile.decision_body}",
        target=meeting,
        details={"late_reason": late_reason.strip()} if late else {},
    )
    when = f"{timezone.localtime(starts_at):%-d %B %Y at %H:%M}"
    notify(
        members,
        subject=f"{bodies[0].title}: meeting on {when}",
        body=f"You are invited to a meeting of the {bodies[0].title} on {when} "
        f"to decide {len(cases)} case(s) and {len(changes)} change(s) to cautions.",
        url=reverse("register:meeting", args=[meeting.id]),
        event=events.MEETING_SCHEDULED,
    )
    notify(
        attendees,
        subject=f"{bodies[0].title}: meeting on {when}",
        body=f"You are invited to a meeting of the {bodies[0].title} on {when} to inform "
        "it, as an attendee who does not vote.",
        url=reverse("register:meeting", args=[meeting.id]),
        event=events.MEETING_SCHEDULED,
    )
    return meeting


def _panel_roles(profile: Profile) -> set[str]:
    panel = profile.decision.panel
    return {profile.decision.decider_role, *(seat.role for seat in panel.seats)}


@transaction.atomic
def meeting_attendance_record(
    meeting: Meeting, *, attended: list[User], version: int, by: User
) -> Meeting:
    if not by.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include recording attendance.")
    problem = meeting_not_held_problem(meeting)
    if problem:
        raise ValidationError({"attended": problem})
    bump_version(meeting, version)
    invited = set(meeting.invited.values_list("id", flat=True))
    invited |= set(meeting.non_voting.values_list("id", flat=True))
    if any(user.id not in invited for user in attended):
        raise ValidationError({"attended": "Only invited members can be marked as present"})
    meeting.attended.set(attended)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary="Recorded attendance at a meeting",
        target=meeting,
        details={"attended": sorted(str(user.id) for user in attended)},
    )
    return meeting


def meeting_not_held_problem(meeting: Meeting) -> str:
    """Why nothing can be recorded for this meeting yet, or "" once its day has come: a
    meeting that has not happened has no attendance and decides nothing (a letter would
    say the panel "have met"). Judged by the day, so that a meeting may be recorded at
    any hour of the day it was held."""
    held_on = timezone.localdate(meeting.starts_at)
    if held_on <= clock.today():
        return ""
    return (
        f"This meeting is on {held_on:%-d %B %Y}: record who attended and what it decided "
        "once it has been held."
    )


def quorum_problem(meeting: Meeting, incident: Incident) -> str:
    """Why this meeting cannot decide this case, or "" if it can: enough eligible members
    present (000 §8.4), every required seat filled, and nobody counted who was involved or
    was the target of the behaviour (000 §8.2)."""
    return _quorum_problem(meeting, panel_body(), _excluded(incident))


def change_quorum_problem(meeting: Meeting, change: CautionChange) -> str:
    """Why this meeting cannot decide this change to a caution, or "" if it can: the same
    quorum, seats and independence as the body's first decision (000 §8.2-8.4)."""
    return _quorum_problem(meeting, change_body(change), _excluded(change_incident(change)))


def change_incident(change: CautionChange) -> Incident | None:
    """The report whose decision put the caution on, where there was one."""
    decision = Decision.objects.filter(caution=change.caution_id).select_related("incident")
    found = decision.first()
    return found.incident if found else None


def _excluded(incident: Incident | None) -> set:
    """Who may not count towards a decision on this report: involved, or targeted."""
    profile = current()
    if incident is None:
        return set()
    excluded = involved_user_ids(incident) if profile.independence.exclude_involved else set()
    if profile.independence.exclude_targets:
        excluded |= _targets(incident)
    return excluded


def body_quorum_problem(
    meeting: Meeting | ReviewMeeting, body: Body, incident: Incident | None
) -> str:
    """Why the members present at this meeting (a panel meeting or a review meeting) cannot
    act as this body about the case behind `incident`, or "" if they can: the one quorum
    rule for every meeting (000 §8.3-8.4)."""
    return _quorum_problem(meeting, body, _excluded(incident))


def _quorum_problem(meeting: Meeting | ReviewMeeting, body: Body, excluded: set) -> str:
    if isinstance(meeting, Meeting) and (problem := meeting_not_held_problem(meeting)):
        return problem
    # Present to inform, not to decide (000 §2.1, §8.2 step 4).
    excluded = excluded | set(meeting.non_voting.values_list("id", flat=True))
    present = [user for user in meeting.attended.all() if user.id not in excluded]
    members = body.members(present)
    if len(members) < body.quorum:
        return (
            f"The {body.title} is not quorate for this case: {len(members)} eligible "
            f"member(s) present, {body.quorum} needed. Members involved in the incident or "
            "targeted by it do not count."
        )
    missing = [
        seat.title
        for seat in body.seats
        if not any(roles.holds(member, seat.role) for member in members)
    ]
    if missing:
        return f"These seats must be filled by an eligible member present: {', '.join(missing)}."
    return ""


def decider_problem(incident: Incident, meeting: Meeting | None, user: User) -> str:
    """Why this user cannot record a decision on this report (at this meeting) now, or ""
    if they can: the checks `decision_record` makes of the report and of who decides
    (quorum, conflicts, a meeting held), asked before the decision's questions."""
    if incident.status != Incident.Status.ASSESSED:
        return "This report must be assessed before it is decided."
    profile = current()
    try:
        refuse_if_not_decider(incident, user, profile)
        _check_meeting(incident, meeting, user, profile)
    except (ValidationError, PermissionDenied) as refusal:
        return " ".join(getattr(refusal, "messages", [str(refusal)]))
    return ""


def _check_meeting(incident: Incident, meeting: Meeting | None, by: User, profile: Profile) -> None:
    """Under a panel, the decision is taken at a quorate meeting of the case and recorded
    by the register officer or a member present (who decides is asked first:
    `refuse_if_not_decider`)."""
    if profile.decision.panel is None:
        return
    if meeting is None or not meeting.cases.filter(id=incident.id).exists():
        raise ValidationError(f"The {profile.decision_body} decides this case at a meeting.")
    problem = quorum_problem(meeting, incident)
    if problem:
        raise ValidationError(problem)
    if not (by.has_perm(roles.DECIDE) or meeting.members_present().filter(id=by.id).exists()):
        raise PermissionDenied("Only a member present or the register officer records this.")


def _warning_problem(incident: Incident, outcome: str, profile: Profile) -> str:
    """A caution where the profile says a warning must come first (001 §12.2, 002 §4.4,
    004 §5), unless the behaviour is one the profile lets skip the warning."""
    if outcome != Decision.Outcome.CAUTION or not profile.warning.comes_first(incident.category):
        return ""
    # A warning that has expired is spent (002 §4.5.1: a warning letter lasts 6 months), so
    # it no longer counts as the warning that must come first.
    warned = (
        Decision.objects.filter(
            person=incident.person_id,
            outcome=Decision.Outcome.WARNING,
            status=Decision.Status.FINAL,
        )
        .filter(Q(warning_expires_on__isnull=True) | Q(warning_expires_on__gte=clock.today()))
        .exists()
    )
    if warned:
        return ""
    return (
        "A warning must come before a caution for this kind of behaviour under the "
        f"{profile.register_name} policy: decide a warning first."
    )


@dataclasses.dataclass(frozen=True)
class PromptAnswer:
    """The decider's answer to one of the profile's questions (`[[decision.prompts]]`)."""

    answer: str  # "yes" or "no"
    note: str = ""


PROMPT_ANSWERS = ("yes", "no")


@dataclasses.dataclass(frozen=True)
class Identity:
    """How the decider knows who the person is (the report's answer by default), and why
    one identifier is enough where the person has no second one on record."""

    identified_by: str = ""
    confidence: str = ""
    reason: str = ""

    def check(self) -> None:
        if self.identified_by and self.identified_by not in IdentifiedBy.values:
            raise ValidationError({"identified_by": "Choose how the person was identified"})
        if self.confidence and self.confidence not in IdentityConfidence.values:
            raise ValidationError({"identity_confidence": "Choose how sure you are"})


@transaction.atomic
def decision_record(
    incident: Incident,
    *,
    outcome: str,
    reasons: str,
    terms: CautionTerms | None = None,
    complex_case: bool = False,
    meeting: Meeting | None = None,
    answers: dict[str, PromptAnswer] | None = None,
    identity: Identity | None = None,
    adjustment_reason: str = "",
    version: int,
    by: User,
) -> Decision:
    """Record the decision body's decision on an assessed report, with its reasons
    (000 §8.2: "all decisions are minuted"). A caution goes on the register at once, so
    the check shows it, unless the case waits for the profile's approver (002 §3.4). A
    caution answers every question the profile asks the decider to weigh (`answers`,
    by the prompt's code: 002 §2.3, §4.5; 001 §10.2; 003 §11). A caution on the person
    needs a second identifier on record or the decider's reason (`identity`; ADR 0021)."""
    profile = current()
    identity = identity or Identity()
    refuse_if_not_decider(incident, by, profile)
    if incident.status != Incident.Status.ASSESSED:
        raise ValidationError("This report must be assessed before it is decided.")
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the decision: they are minuted"})
    if outcome == Decision.Outcome.CAUTION and terms is None:
        raise ValidationError({"level": "Choose the level of the caution"})
    _check_meeting(incident, meeting, by, profile)
    problem = _warning_problem(incident, outcome, profile)
    if problem:
        raise ValidationError({"outcome": problem})
    identity.check()
    if terms is not None:
        _check_terms(terms, profile)
        _check_sharing(terms, incident)
        _check_partner_told(terms, incident)
        _check_restriction_dates(terms, incident, profile)
        _check_address(terms, incident)
        if terms.on_address is None:
            identity_refuse(incident.person, identity.reason)
        _check_adjustments(terms, incident, adjustment_reason)
    answered = _prompts_answered(outcome, answers or {}, profile)
    bump_version(incident, version)
    decision = Decision.objects.create(
        incident=incident,
        person=incident.person,
        outcome=outcome,
        reasons=reasons.strip(),
        category=incident.category,
        level=terms.level if terms else "",
        warning_expires_on=_warning_expiry(outcome, profile),
        meeting=meeting,
        decided_by=by,
        complex_case=complex_case,
        prompt_answers=answered,
        identified_by=identity.identified_by,
        identity_confidence=identity.confidence,
        identity_reason=identity.reason.strip(),
        adjustment_reason=adjustment_reason.strip() if terms is not None else "",
    )
    if outcome == Decision.Outcome.CAUTION:
        _caution_or_proposal(decision, terms, by, profile)
    elif not _others_awaiting_decision(incident):
        _interim_alerts_end(
            incident.person_id,
            f"The full decision: {decision.get_outcome_display().lower()}",
            by=by,
        )
    incident.status = Incident.Status.DECIDED
    incident.save(update_fields=["status"])
    weighed = ", weighed against an agreed adjustment" if decision.adjustment_reason else ""
    _audit(incident, by, f"Decided a report: {decision.get_outcome_display().lower()}{weighed}")
    decision_made_notify(decision)
    _letter_prepare(decision, by)
    return decision


def _prompts_answered(
    outcome: str, answers: dict[str, PromptAnswer], profile: Profile
) -> list[dict]:
    """The profile's questions with the decider's answers, as stored on a caution decision;
    refused while any is unanswered. Other outcomes restrict nothing and are not asked."""
    if outcome != Decision.Outcome.CAUTION:
        return []
    problems, answered = {}, []
    for prompt in profile.decision.prompts:
        given = answers.get(prompt.code)
        if given is None or given.answer not in PROMPT_ANSWERS:
            problems[f"prompt_{prompt.code}"] = f"Answer the question: {prompt.question}"
            continue
        answered.append(
            {
                "code": prompt.code,
                "question": prompt.question,
                "answer": given.answer,
                "note": given.note.strip(),
            }
        )
    if problems:
        raise ValidationError(problems)
    return answered


def _letter_prepare(decision: Decision, by: User) -> None:
    """A final warning or caution is drafted as a letter to the person at once (000 §8.7)."""
    if decision.status == Decision.Status.FINAL:
        letter_prepare_for_decision(decision, by=by)


def _warning_expiry(outcome: str, profile: Profile) -> dt.date | None:
    months = profile.warning.expiry_months
    if outcome != Decision.Outcome.WARNING or months is None:
        return None
    return clock.today() + relativedelta(months=months)


def _check_terms(terms: CautionTerms, profile: Profile) -> None:
    if profile.level(terms.level) is None:
        raise ValidationError({"level": "Choose a level of this profile"})
    offered = {option.type for option in profile.restrictions}
    for restriction in terms.restrictions:
        if restriction.type not in offered:
            raise ValidationError({"restrictions": f"'{restriction.type}' is not offered here"})
        if restriction.permanent and not profile.duration.permanent_allowed:
            raise ValidationError(
                {"restrictions": "This policy does not allow permanent restrictions"}
            )
        if (
            restriction.ends_on
            and restriction.starts_on
            and restriction.ends_on < restriction.starts_on
        ):
            raise ValidationError({"restrictions": "A restriction cannot end before it starts"})


def _check_sharing(terms: CautionTerms, incident: Incident) -> None:
    """Shared only with partners a live agreement covering the category lets see it, and
    with the justification documented (000 §8.2 step 6, §8.6; ADR 0017)."""
    problems = sharing_problems(
        incident.category, terms.share_with, terms.sharing_justification, on=clock.today()
    )
    if problems:
        raise ValidationError(problems)


def _partner_told_on(terms: CautionTerms, incident: Incident) -> dt.date | None:
    return terms.partner_told_person_on or incident.partner_told_person_on


def _check_partner_told(terms: CautionTerms, incident: Incident) -> None:
    """A partner's entry goes on only once the partner told the person, where the profile
    says so (000 §8.6)."""
    if not (terms.partner_sourced or incident.source_agreement_id):
        return
    problem = partner_told_problem(_partner_told_on(terms, incident))
    if problem:
        raise ValidationError({"partner_told_person_on": problem})


def _check_restriction_dates(terms: CautionTerms, incident: Incident, profile: Profile) -> None:
    """A restriction lasts within its caution: from the day it goes on, and to the
    caution's expiry at the latest (a restriction cannot outlive what it restricts)."""
    today = clock.today()
    expires_on = default_expiry(
        profile, today, terms.level, incident.category, partner=terms.partner_sourced
    )
    for restriction in terms.restrictions:
        if restriction.starts_on and restriction.starts_on < today:
            raise ValidationError(
                {"restrictions": "A restriction cannot start before the caution goes on today"}
            )
        if expires_on and restriction.ends_on and restriction.ends_on > expires_on:
            raise ValidationError(
                {
                    "restrictions": "A restriction cannot end after the caution expires, on "
                    f"{expires_on:%-d %B %Y}"
                }
            )
        if expires_on and restriction.permanent:
            raise ValidationError(
                {
                    "restrictions": "A restriction cannot be permanent on a caution that "
                    f"expires, on {expires_on:%-d %B %Y}"
                }
            )


def _check_adjustments(terms: CautionTerms, incident: Incident, reason: str) -> None:
    """A restriction that works against a reasonable adjustment agreed with the person
    needs the decider to say why it is still proportionate (Equality Act 2010 s.20)."""
    types = [restriction.type for restriction in terms.restrictions]
    conflicts = adjustment_conflicts(incident.person_id, types)
    if conflicts and not reason.strip():
        raise ValidationError(
            {
                "adjustment_reason": "A restriction works against an adjustment agreed with "
                f"the person ({'; '.join(conflicts)}): say why it is still proportionate"
            }
        )


def _check_address(terms: CautionTerms, incident: Incident) -> None:
    if terms.on_address is None:
        return
    linked = PersonAddress.objects.filter(person=incident.person_id, address=terms.on_address)
    if not linked.exists():
        raise ValidationError({"on_address": "Choose one of the addresses of the person reported"})


def _caution_or_proposal(
    decision: Decision, terms: CautionTerms, by: User, profile: Profile
) -> None:
    if decision.complex_case and profile.decision.approval is not None:
        decision.status = Decision.Status.AWAITING_APPROVAL
        decision.proposal = _terms_json(terms)
        decision.save(update_fields=["status", "proposal"])
        approvers = User.objects.filter(
            groups__name=roles.Role(profile.decision.approval.role).label, is_active=True
        )
        notify(
            approvers,
            subject="A complex case awaits your approval",
            body="A decision to add a caution awaits your approval "
            f"as {profile.decision.approval.title}.",
            url=reverse("incidents:detail", args=[decision.incident_id]),
            event=events.APPROVAL_AWAITED,
        )
        return
    _put_on_register(decision, terms, by, profile)


def _default_expiry(decision: Decision, terms: CautionTerms, profile: Profile) -> dt.date | None:
    """The category's period from today, the day the caution goes on (002 §4.5.1)."""
    return default_expiry(
        profile,
        clock.today(),
        terms.level,
        decision.category,
        partner=_partner_sourced(decision, terms),
    )


def _partner_sourced(decision: Decision, terms: CautionTerms) -> bool:
    """From a partner: as the decision says, or because a partner's system sent the report
    under an agreement (000 §8.6: then the partner's cap on its expiry holds)."""
    return terms.partner_sourced or decision.incident.source_agreement_id is not None


def proposed_expiry(decision: Decision) -> dt.date | None:
    """When the caution awaiting approval would expire if approved as proposed."""
    return _default_expiry(decision, _terms_from_json(decision.proposal), current())


def _put_on_register(
    decision: Decision,
    terms: CautionTerms,
    by: User,
    profile: Profile,
    *,
    expires_on: dt.date | None = None,
) -> Caution:
    today = clock.today()
    expires_on = expires_on or _default_expiry(decision, terms, profile)
    caution = caution_add(
        person=None if terms.on_address else decision.person,
        address=terms.on_address,
        level=terms.level,
        precautions=terms.precautions,
        key_contact=terms.key_contact,
        reporting_service=terms.reporting_service or decision.incident.service_area,
        incident_summary=decision.incident.description,
        shared_with=list(terms.share_with),
        sharing_justification=terms.sharing_justification,
        date_added=today,
        category=decision.category,
        partner_sourced=_partner_sourced(decision, terms),
        partner_told_person_on=_partner_told_on(terms, decision.incident),
        source_agreement=decision.incident.source_agreement,
        expires_on=expires_on,
        by=by,
    )
    Restriction.objects.bulk_create(
        Restriction(
            caution=caution,
            type=r.type,
            label=restriction_label(r.type, profile),
            details=r.details,
            named_contact=r.named_contact,
            channels=list(r.channels),
            service_area=r.service_area,
            starts_on=r.starts_on or today,
            ends_on=r.ends_on or (None if r.permanent else caution.expires_on),
            permanent=r.permanent,
        )
        for r in terms.restrictions
    )
    decision.caution = caution
    decision.save(update_fields=["caution"])
    # After the caution is on, so that teams keeping a marker are not told to remove it.
    _interim_alerts_end(decision.person_id, "Replaced by the full decision", by=by)
    caution_change_announce(caution, events.CAUTION_ADDED, by=by)
    return caution


def _others_awaiting_decision(incident: Incident) -> bool:
    """Whether another report about the same person still waits for its decision."""
    waiting = (Incident.Status.SUBMITTED, Incident.Status.ASSESSED)
    others = Incident.objects.filter(person=incident.person_id, status__in=waiting)
    return others.exclude(id=incident.id).exists()


def _interim_alerts_end(person_id, reason: str, *, by: User) -> None:
    """An urgent interim alert lasts only until the full decision (003 §8.7): each ends as
    any caution does, one by one, so each has its audit row and its announcement."""
    interim = Caution.objects.filter(person=person_id, interim=True, status=Caution.Status.ACTIVE)
    for caution in interim.select_for_update():
        caution_close(
            caution,
            status=Caution.Status.REMOVED,
            reason=reason,
            by=by,
            summary="Ended an interim alert: the full decision replaces it",
        )


def _terms_json(terms: CautionTerms) -> dict:
    data = dataclasses.asdict(terms)
    data["share_with"] = [str(org.id) for org in terms.share_with]
    data["on_address"] = str(terms.on_address.id) if terms.on_address else None
    told = terms.partner_told_person_on
    data["partner_told_person_on"] = told.isoformat() if told else None
    for restriction in data["restrictions"]:
        for key in ("starts_on", "ends_on"):
            restriction[key] = restriction[key].isoformat() if restriction[key] else None
    return data


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _terms_from_json(data: dict) -> CautionTerms:
    restrictions = tuple(
        RestrictionInput(
            **{
                **r,
                "channels": tuple(r["channels"]),
                "starts_on": dt.date.fromisoformat(r["starts_on"]) if r["starts_on"] else None,
                "ends_on": dt.date.fromisoformat(r["ends_on"]) if r["ends_on"] else None,
            }
        )
        for r in data["restrictions"]
    )
    organisations = tuple(Organisation.objects.filter(id__in=data["share_with"]))
    address = Address.objects.filter(id=data.get("on_address")).first()
    return CautionTerms(
        **{
            **data,
            "restrictions": restrictions,
            "share_with": organisations,
            "on_address": address,
            "partner_told_person_on": _date_or_none(data.get("partner_told_person_on")),
        }
    )


@transaction.atomic
def decision_approve(decision: Decision, *, expires_on: dt.date | None = None, by: User) -> Caution:
    """The profile's approver approves a complex case (002 §3.4); the caution goes on.
    Where the profile allows it, the approver may set a different expiry (002 §4.5.1)."""
    profile = current()
    refuse_if_not_approver(decision, by)
    if decision.status != Decision.Status.AWAITING_APPROVAL:
        raise ValidationError("This decision is not waiting for approval.")
    terms = _terms_from_json(decision.proposal)
    if expires_on is not None:
        _check_altered_expiry(expires_on, terms, profile)
    decision.status = Decision.Status.FINAL
    decision.approved_by = by
    decision.save(update_fields=["status", "approved_by"])
    caution = _put_on_register(decision, terms, by, profile, expires_on=expires_on)
    summary = "Approved a complex case"
    if expires_on is not None:
        summary += f", with the expiry set to {expires_on:%-d %B %Y}"
    _audit(decision.incident, by, summary)
    decision_made_notify(decision)
    _letter_prepare(decision, by)
    return caution


def _check_altered_expiry(expires_on: dt.date, terms: CautionTerms, profile: Profile) -> None:
    """The approver's period is checked as any expiry is, against the caution as it goes
    on: added today, at its level, from a partner's register or not (002 §4.5.1)."""
    approval = profile.decision.approval
    if not profile.decision.approver_may_change_expiry:
        raise ValidationError(
            {"expires_on": f"Under this policy the {approval.title} cannot change the expiry"}
        )
    proposed = Caution(
        level=terms.level, partner_sourced=terms.partner_sourced, date_added=clock.today()
    )
    problem = expiry_problem(proposed, expires_on)
    if problem:
        raise ValidationError({"expires_on": problem})


def may_add_interim(incident: Incident, user) -> bool:
    """Whether the report's page offers this user an interim alert: the checks
    `interim_alert_add` makes."""
    return (
        incident.status == Incident.Status.SUBMITTED
        and incident.person_id is not None
        and current().decision.interim_allowed(incident.category)
        and user.has_perm(roles.ASSESS)
    )


@transaction.atomic
def interim_alert_add(
    incident: Incident,
    *,
    level: str,
    precautions: str,
    reasons: str,
    identity_reason: str = "",
    by: User,
) -> Caution:
    """An urgent alert pending a full risk assessment, where the profile allows it
    (003 §8.7), or the instant ban for the behaviour the profile names (001 §12.2). It
    shows in the check, flagged, until the full decision replaces it."""
    profile = current()
    if not profile.decision.interim_alert:
        raise ValidationError("This policy has no interim alerts.")
    if not profile.decision.interim_allowed(incident.category):
        labels = [
            profile.category(code).label.lower() for code in profile.decision.interim_categories
        ]
        raise ValidationError(
            f"Under this policy an interim alert is only for: {'; '.join(labels)}."
        )
    if not by.has_perm(roles.ASSESS):
        raise PermissionDenied("Your role does not include adding interim alerts.")
    if incident.status != Incident.Status.SUBMITTED or incident.person_id is None:
        raise ValidationError("An interim alert is for a submitted report awaiting assessment.")
    if not reasons.strip():
        raise ValidationError({"reasons": "Say why the threat is real and credible"})
    identity_refuse(incident.person, identity_reason)
    caution = caution_add(
        person=incident.person,
        level=level,
        precautions=precautions,
        incident_summary=f"Interim alert: {reasons.strip()}",
        category=incident.category,
        by=by,
    )
    caution.interim = True
    caution.save(update_fields=["interim"])
    _audit(
        incident,
        by,
        "Added an urgent interim alert pending assessment",
        identity_reason=identity_reason.strip(),
    )
    caution_change_announce(caution, events.CAUTION_ADDED, by=by)
    return caution


def _audit(incident: Incident, by: User, summary: str, **details) -> None:
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=summary,
        target=incident,
        details={key: value for key, value in details.items() if value},
        people=[incident.person] if incident.person_id else [],
    )
