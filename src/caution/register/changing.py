"""Changing a caution after the decision that put it on: its level, terms, period, an
extension, early removal. Each change is proposed with a reason and decided by the route
the profile names for its kind (`[changes]`, docs/operators/policy-profiles.md): the body
that took the first decision, under the same rules (a quorate panel meeting, 000 §8.2-8.4;
the Determination Team, 001 §12.1; the Chief Officer and the Chair together, 004 §5; a
manager not involved, 002 §4.5.2; the reporter's line manager, 003 §8.1), a named post
(002 §4.5.1 the CSSM) or group (002 §3 the Governance Group), or only at a review or an
appeal (003 §10.3). The register officer may correct a typing error: a correction, never a
decision, which cannot touch the level, period or restrictions nor end a caution.

Changes made go through `cautions_terms.terms_change` and `cautions.caution_close`, the one
way to change and to end a caution (ADR 0008)."""

import datetime as dt
import difflib
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened, bump_version
from caution.notifications import events
from caution.notifications.actions import notify
from caution.policy.profiles import Profile, current
from caution.policy.rules import ChangeRoute
from caution.register import cautions_decision, cautions_terms, deciding
from caution.register.access import may_change_cautions
from caution.register.cautions import caution_close
from caution.register.models import Caution, CautionChange, Meeting

Action = CautionChange.Action

# How close a correction must stay to the words it corrects: a typing error, not new terms.
CORRECTION_SIMILARITY = 0.75


def change_kinds(
    caution: Caution,
    *,
    action: str,
    level: str | None = None,
    precautions: str | None = None,
    key_contact: str | None = None,
    lift: Sequence[int] = (),
    expires_on: dt.date | None = None,
) -> list[str]:
    """The kinds of change (policy vocabulary.CHANGE_KINDS) these values make to the
    caution: each kind has its route in the profile."""
    if action == Action.END:
        return ["removal"]
    if action == Action.EXTEND:
        if expires_on == caution.expires_on:
            return []
        later = caution.expires_on is None or (
            expires_on is not None and expires_on > caution.expires_on
        )
        return ["extension" if later else "period"]
    kinds = []
    if level is not None and level != caution.level:
        kinds.append("level")
    texts = (("precautions", precautions), ("key_contact", key_contact))
    if lift or any(
        value is not None and _text(value) != _text(getattr(caution, field))
        for field, value in texts
    ):
        kinds.append("terms")
    return kinds


def _later(new: dt.date | None, old: dt.date | None) -> bool:
    """Whether the new expiry lets the caution last longer (None: no expiry)."""
    if new is None or old is None:
        return new is None
    return new > old


def route_refusal(route: ChangeRoute, profile: Profile) -> str:
    """Why nobody may propose a change by this route outside a review or an appeal, or ""."""
    if route.way == "review_only":
        ends = " or at the end of the tenancy" if profile.retention.remove_when_tenancy_ends else ""
        return f"Under this policy this is decided only at a review or on appeal{ends}."
    if route.way == "not_allowed":
        return "Under this policy this cannot be changed after the decision."
    return ""


def route_title(route: ChangeRoute, profile: Profile) -> str:
    """Who decides by this route, in the council's words."""
    if route.way == "decision":
        return profile.decision_body
    if route.actor is not None:
        return route.actor.title
    return ""


def may_propose(user) -> bool:
    """Who may propose a change to a caution: those who may change cautions (the register
    officer, decision makers, the profile's decider) and the holders of a post or group
    the profile names for a change."""
    if not getattr(user, "is_authenticated", False):
        return False
    if may_change_cautions(user):
        return True
    changes = current().changes
    named = {route.actor.role for route in vars(changes).values() if route.actor is not None}
    return bool(named) and roles.holds(user, *named)


def offers(caution: Caution, user) -> dict[str, bool]:
    """What the caution's page and the API offer this user: each way to change it that the
    profile allows outside a review or appeal, and a correction for the register officer."""
    profile = current()
    active = caution.status == Caution.Status.ACTIVE
    proposing = active and may_propose(user)

    def allowed(*kinds: str) -> bool:
        return proposing and any(
            not route_refusal(profile.changes.route(kind), profile) for kind in kinds
        )

    return {
        Action.AMEND: allowed("level", "terms"),
        Action.EXTEND: allowed("extension", "period"),
        Action.END: allowed("removal"),
        "correct": active and may_correct(user),
    }


def may_correct(user) -> bool:
    """The register officer keeps the register (000 §8.3, 002 §3.4) and corrects it."""
    return getattr(user, "is_authenticated", False) and roles.holds(
        user, roles.Role.REGISTER_OFFICER
    )


def refuse_if_not_proposer(user) -> None:
    if not may_propose(user):
        raise PermissionDenied("Your role does not include changing cautions.")


def refuse_if_not_corrector(user) -> None:
    if not may_correct(user):
        raise PermissionDenied("Only the register officer corrects the register.")


@transaction.atomic
def caution_change_propose(
    caution: Caution,
    *,
    action: str,
    level: str | None = None,
    precautions: str | None = None,
    key_contact: str | None = None,
    lift: Sequence[int] = (),
    expires_on: dt.date | None = None,
    reason: str,
    version: int,
    by: User,
) -> CautionChange:
    """Propose a change to a caution, with a reason, for the route the profile names for its
    kind. Where the proposer may decide it alone (the single decider, or the named post)
    it is made at once; otherwise it waits for its decider or for a meeting of the body
    that decides it (`caution_change_decide`)."""
    profile = current()
    refuse_if_not_proposer(by)
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended and can no longer be changed.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the change"})
    if action not in Action.values:
        raise ValidationError({"action": f"'{action}' is not a change"})
    if level is not None and profile.level(level) is None:
        raise ValidationError({"level": "Choose a level of this profile"})
    if action == Action.EXTEND:
        problem = cautions_terms.expiry_problem(caution, expires_on)
        if problem:
            raise ValidationError({"expires_on": problem})
    _check_lift(caution, lift)
    if caution.version != version:
        raise ChangedSinceOpened
    kinds = change_kinds(
        caution,
        action=action,
        level=level,
        precautions=precautions,
        key_contact=key_contact,
        lift=lift,
        expires_on=expires_on,
    )
    if not kinds:
        raise ValidationError("This changes nothing on the caution.")
    route = deciding.change_routes(kinds, profile)
    refusal = route_refusal(route, profile)
    if refusal:
        raise PermissionDenied(refusal)
    change = CautionChange.objects.create(
        caution=caution,
        action=action,
        kinds=kinds,
        proposal={
            "level": level,
            "precautions": None if precautions is None else _text(precautions),
            "key_contact": None if key_contact is None else _text(key_contact),
            "lift": list(lift),
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
        reason=reason.strip(),
        caution_version=caution.version,
        proposed_by=by,
    )
    _audit(change, by, f"Proposed a change to a caution, for the {route_title(route, profile)}")
    if deciding.change_body(change, profile) is None and not decider_problem(change, by):
        return _make(change, by=by, reasons=reason, meeting=None)
    _deciders_tell(change, route, profile)
    return change


def _check_lift(caution: Caution, lift: Sequence[int]) -> None:
    if not lift:
        return
    today = clock.today()
    in_force = {
        restriction.id
        for restriction in caution.restriction_set.all()
        if restriction.ends_on is None or restriction.ends_on >= today
    }
    if set(lift) - in_force:
        raise ValidationError({"lift": "Choose restrictions of this caution that are in force"})


def decider_problem(change: CautionChange, user, meeting: Meeting | None = None) -> str:
    """Why this user cannot decide this change (at this meeting), or "" if they can: the
    same rules as the first decision where the route is the decision's, the post's holder,
    or a quorate meeting of the group."""
    profile = current()
    route = deciding.change_routes(change.kinds, profile)
    refusal = route_refusal(route, profile)
    if refusal:
        return refusal
    incident = deciding.change_incident(change)
    body = deciding.change_body(change, profile)
    if body is not None:
        if meeting is None or not meeting.changes.filter(id=change.id).exists():
            return f"The {body.title} decides this change at a meeting."
        problem = deciding.change_quorum_problem(meeting, change)
        if problem:
            return problem
        if not (
            user.has_perm(roles.DECIDE) or meeting.members_present().filter(id=user.id).exists()
        ):
            return "Only a member present or the register officer records this."
    elif route.way == "post":
        if not roles.holds(user, route.actor.role):
            return f"Under this policy this change is decided by: {route.actor.title}."
    elif not roles.holds(user, profile.decision.decider_role):
        title = profile.role_name(profile.decision.decider_role)
        return f"Under this policy this change is decided by: {title}."
    if incident is None:
        return ""
    try:
        deciding.refuse_if_involved(incident, user, "decide")
        if route.way == "decision" and body is None:
            deciding.refuse_if_not_line_manager(incident, user, "decide")
    except PermissionDenied as refused:
        return str(refused.args[0])
    return ""


@transaction.atomic
def caution_change_decide(
    change: CautionChange,
    *,
    made: bool,
    reasons: str,
    meeting: Meeting | None = None,
    version: int,
    by: User,
) -> CautionChange:
    """The decider's decision on a proposed change, with its reasons (minuted, as every
    decision is, 000 §8.2): made, through the one way to change or end a caution, or
    refused. A caution that changed since the proposal is refused as stale."""
    problem = decider_problem(change, by, meeting)
    if problem:
        raise PermissionDenied(problem)
    if change.status != CautionChange.Status.PROPOSED:
        raise ValidationError("This change has been decided already.")
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the decision: they are minuted"})
    bump_version(change, version)
    if made:
        return _make(change, by=by, reasons=reasons, meeting=meeting)
    change.status = CautionChange.Status.REFUSED
    _decided(change, by, reasons, meeting)
    _audit(change, by, "Refused a proposed change to a caution", reasons=reasons)
    return change


def _decided(change: CautionChange, by: User, reasons: str, meeting: Meeting | None) -> None:
    change.decided_by = by
    change.decided_at = clock.now()
    change.decision_reasons = reasons.strip()
    change.meeting = meeting
    change.save()


def _make(
    change: CautionChange, *, by: User, reasons: str, meeting: Meeting | None
) -> CautionChange:
    caution = change.caution
    proposal = change.proposal
    profile = current()
    route = deciding.change_routes(change.kinds, profile)
    decided = {"decided_by": route_title(route, profile), "decision": reasons.strip()}
    if change.action == Action.END:
        caution_close(
            caution,
            status=Caution.Status.REMOVED,
            reason=change.reason,
            by=by,
            version=change.caution_version,
        )
        cautions_decision.letter_on_change("removal", caution, reason=change.reason, by=by)
    else:
        cautions_terms.caution_lock(caution, change.caution_version)
        if change.action == Action.EXTEND:
            expires_on = dt.date.fromisoformat(proposal["expires_on"])
            changes = cautions_terms.terms_change(caution, expires_on=expires_on)
            summary = "Extended a caution" if "extension" in change.kinds else "Shortened a caution"
        else:
            changes = cautions_terms.terms_change(
                caution,
                level=proposal["level"],
                precautions=proposal["precautions"],
                key_contact=proposal["key_contact"],
                lift=proposal["lift"],
            )
            summary = "Changed a caution"
        audit_record(
            by=by,
            verb=AuditEvent.Verb.CHANGE,
            summary=summary,
            target=caution,
            details={"reason": change.reason, "changes": changes, **decided},
            people=[caution.person] if caution.person_id else [],
        )
        cautions_terms.announce_change(caution, changes, by=by)
        if "extension" in change.kinds:
            cautions_decision.letter_on_change("extension", caution, reason=change.reason, by=by)
    change.status = CautionChange.Status.MADE
    _decided(change, by, reasons, meeting)
    return change


def _deciders_tell(change: CautionChange, route: ChangeRoute, profile: Profile) -> None:
    """Tell those who decide the change, or who call the meeting that will."""
    if deciding.change_body(change, profile) is not None:
        role, what = roles.Role.REGISTER_OFFICER, "to put on a meeting's agenda"
    elif route.way == "post":
        role, what = roles.Role(route.actor.role), f"for the {route.actor.title}"
    else:
        role, what = roles.Role(profile.decision.decider_role), "for your decision"
    notify(
        User.objects.filter(groups__name=role.label, is_active=True),
        subject="A change to a caution is proposed",
        body=f"A change to a caution on the {profile.register_name} is proposed, {what}.",
        url=reverse("register:change", args=[change.id]),
        event=events.CHANGE_PROPOSED,
    )


@transaction.atomic
def caution_correct(
    caution: Caution,
    *,
    precautions: str | None = None,
    key_contact: str | None = None,
    reason: str,
    version: int,
    by: User,
) -> Caution:
    """The register officer puts right a typing error in the words of a caution: its
    precautions or key contact, close to what they were. A correction, never a decision:
    it cannot change the level, period or restrictions nor end the caution, which go to
    their decider (`caution_change_propose`)."""
    refuse_if_not_corrector(by)
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended and can no longer be changed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what the typing error was"})
    for field, value in (("precautions", precautions), ("key_contact", key_contact)):
        if value is not None and not _a_typing_error(getattr(caution, field), value):
            raise ValidationError(
                {
                    field: "A correction puts right a typing error; this changes what it says. "
                    "Propose a change for its decider instead."
                }
            )
    cautions_terms.caution_lock(caution, version)
    changes = cautions_terms.terms_change(caution, precautions=precautions, key_contact=key_contact)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CORRECT,
        summary="Corrected a typing error in a caution",
        target=caution,
        details={"reason": reason.strip(), "changes": changes},
        people=[caution.person] if caution.person_id else [],
    )
    cautions_terms.announce_change(caution, changes, by=by)
    return caution


def _a_typing_error(before: str, after: str) -> bool:
    before, after = _text(before), _text(after)
    if before == after:
        return True
    if not before or not after:
        return False
    return difflib.SequenceMatcher(None, before, after).ratio() >= CORRECTION_SIMILARITY


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _audit(change: CautionChange, by, summary: str, *, reasons: str = "") -> None:
    caution = change.caution
    details = {"change": str(change.id), "reason": change.reason, "kinds": change.kinds}
    if reasons:
        details["decision"] = reasons.strip()
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE if not reasons else AuditEvent.Verb.CHANGE,
        summary=summary,
        target=caution,
        details=details,
        people=[caution.person] if caution.person_id else [],
    )
