"""Appeals against a caution (000 §8.8, 002 §4.6, 003 §9, 004 §6): recorded by a register
officer, handled by whom the policy profile names, decided with reasons. The caution stays
on the register, noted "appeal in progress", until the outcome (002 §4.6)."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caution.accounts import roles
from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.letters.actions import NOTIFYING_KINDS
from caution.letters.models import Letter
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened, bump_version
from caution.notifications import events
from caution.notifications.actions import notify
from caution.policy.profiles import Profile, current
from caution.policy.rules import Actor
from caution.register import cautions_decision, cautions_terms
from caution.register.cautions import caution_close
from caution.register.models import Appeal, Caution


def notified_on_default(caution: Caution) -> dt.date:
    """Where the appeal window starts when the officer does not say: the date the person
    was told, if recorded on the caution; else the day the letter telling them of it was
    delivered (003 §9.1 records hand delivery); else the date of the decision (or the date
    added, for an entry imported without its decision)."""
    if caution.notified_on:
        return caution.notified_on
    told = (
        Letter.objects.filter(caution=caution, kind__in=NOTIFYING_KINDS, delivered_at__isnull=False)
        .order_by("delivered_at")
        .first()
    )
    if told is not None:
        return timezone.localdate(told.delivered_at)
    decision = cautions_decision.decision_of(caution)
    if decision is not None:
        return timezone.localdate(decision.decided_at)
    return caution.date_added


def handler_post(profile: Profile, *, fallback: bool) -> Actor:
    """The post that handles the appeal: the profile's handler, or its fallback where the
    handler is the target of the behaviour or took part in the decision (002 §3.4 *)."""
    handler = profile.appeal.handler
    if fallback and handler.fallback is not None:
        return handler.fallback
    return handler


def handler_problem(caution: Caution, user: User, *, fallback: bool = False) -> str:
    """Why this user may not handle the appeal against this caution, or "" if they may."""
    profile = current()
    post = handler_post(profile, fallback=fallback)
    if not roles.holds(user, post.role):
        label = roles.Role(post.role).label.lower()
        return f"The appeal is handled by the {post.title}: choose someone with the {label} role"
    problem = _independence_problem(caution, user, profile)
    if problem:
        return problem
    if profile.appeal.more_senior and not _senior_to_decider(caution, user):
        return (
            "The appeal must be handled by a manager more senior than the one who decided "
            "(their manager, or a manager above them): choose someone else"
        )
    return ""


def _independence_problem(caution: Caution, user: User, profile: Profile) -> str:
    rules = profile.independence
    decision = cautions_decision.decision_of(caution)
    fallback = profile.appeal.handler.fallback
    instead = f"; under this policy the {fallback.title} handles it" if fallback else ""
    if decision is not None and decision.decided_by_id == user.id:
        return f"{user.display_name} took the decision, so cannot handle the appeal against it"
    if rules.exclude_deciders_from_appeal and user.id in cautions_decision.decider_ids(caution):
        return f"{user.display_name} took part in the decision, so cannot handle the appeal"
    if rules.exclude_targets and user.id in cautions_decision.target_ids(caution):
        name = user.display_name
        return f"The behaviour was aimed at {name}, so they cannot handle the appeal{instead}"
    if rules.exclude_involved and user.id in cautions_decision.involved_ids(caution):
        return f"{user.display_name} was involved in the incident, so cannot handle the appeal"
    return ""


def _senior_to_decider(caution: Caution, user: User) -> bool:
    """More senior means above the decision maker in the management line (User.manager),
    not merely holding a role: roles say what people may do, not who reports to whom."""
    decision = cautions_decision.decision_of(caution)
    if decision is None:
        return True  # an entry imported without its decision: nobody to compare with
    seen = set()
    boss = decision.decided_by.manager
    while boss is not None and boss.id not in seen:
        if boss.id == user.id:
            return True
        seen.add(boss.id)
        boss = boss.manager
    return False


def handler_choices(caution: Caution, *, fallback: bool = False) -> list[User]:
    """Everyone who may handle this appeal, for the form's list."""
    post = handler_post(current(), fallback=fallback)
    holders = User.objects.filter(groups__name=roles.Role(post.role).label, is_active=True)
    return [
        user
        for user in holders.order_by("last_name")
        if not handler_problem(caution, user, fallback=fallback)
    ]


@transaction.atomic
def appeal_record(
    caution: Caution,
    *,
    channel: str,
    received_on: dt.date,
    grounds: str,
    handler: User,
    notified_on: dt.date | None = None,
    late_reason: str = "",
    complaint_reference: str = "",
    fallback: bool = False,
    by,
) -> Appeal:
    """Record an appeal as received (letter, e-mail, phone, complaint form), check it
    against the profile's window (003 §9.2, 004 §6) and give it to its handler. The caution
    stays, shown as "appeal in progress" (002 §4.6)."""
    profile = current()
    refuse_if_not_recorder(by)
    if not profile.appeal.allowed:
        raise ValidationError(f"This policy has no appeal: {profile.appeal.route}.")
    _check_can_appeal(caution)
    _check_channel(channel, profile)
    if profile.appeal.complaint_reference and not complaint_reference.strip():
        raise ValidationError(
            {"complaint_reference": "Give the reference of the formal complaint it is logged as"}
        )
    if not grounds.strip():
        raise ValidationError({"grounds": "Give the grounds of the appeal, in the person's words"})
    if received_on > clock.today():
        raise ValidationError({"received_on": "The date received cannot be in the future"})
    notified_on = notified_on or notified_on_default(caution)
    window_ends_on = profile.appeal.window.due(notified_on) if profile.appeal.window else None
    _check_window(received_on, window_ends_on, late_reason, profile)
    problem = handler_problem(caution, handler, fallback=fallback)
    if problem:
        raise ValidationError({"handler": problem})
    deadline = profile.appeal.answer_deadline
    appeal = Appeal.objects.create(
        caution=caution,
        channel=channel,
        received_on=received_on,
        grounds=grounds.strip(),
        notified_on=notified_on,
        window_ends_on=window_ends_on,
        late_reason=late_reason.strip() if received_on > (window_ends_on or dt.date.max) else "",
        complaint_reference=complaint_reference.strip(),
        handler=handler,
        handler_title=handler_post(profile, fallback=fallback).title,
        answer_due=deadline.due(received_on) if deadline else None,
        recorded_by=by if isinstance(by, User) else None,
    )
    cautions_terms.caution_lock(caution)
    caution.appeal_in_progress = True
    caution.save(update_fields=["appeal_in_progress"])
    _audit(caution, by, "Recorded an appeal", appeal, late=appeal.late)
    cautions_decision.letter_for("appeal_acknowledgement", caution, by=by, appeal=appeal)
    due = f" Answer by {appeal.answer_due:%-d %B %Y}." if appeal.answer_due else ""
    notify(
        [handler],
        subject="An appeal against a caution for you to decide",
        body=f"You handle this appeal as the {appeal.handler_title}.{due}",
        url=reverse("register:appeal", args=[appeal.id]),
        event=events.DEADLINE_NEAR,
    )
    return appeal


def _check_channel(channel: str, profile: Profile) -> None:
    if channel not in Appeal.Channel.values:
        raise ValidationError({"channel": "Choose how the appeal was made"})
    if channel not in profile.appeal.channels:
        accepted = ", ".join(Appeal.Channel(c).label.lower() for c in profile.appeal.channels)
        route = profile.appeal.route
        raise ValidationError({"channel": f"Appeals are made by {accepted} only: {route}"})


def _check_can_appeal(caution: Caution) -> None:
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended: there is nothing to appeal against.")
    if caution.appeals.filter(status=Appeal.Status.OPEN).exists():
        raise ValidationError("An appeal against this caution is already in progress.")


def _check_window(
    received_on: dt.date, window_ends_on: dt.date | None, late_reason: str, profile: Profile
) -> None:
    if window_ends_on is None or received_on <= window_ends_on or late_reason.strip():
        return
    raise ValidationError(
        {
            "late_reason": f"The appeal came after the window closed on "
            f"{window_ends_on:%-d %B %Y} ({profile.appeal.window} from notification): "
            "give the reason it is accepted late"
        }
    )


def refuse_if_not_recorder(user) -> None:
    """The register officer and decision makers record appeals as received."""
    if not user.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include recording appeals.")


def refuse_if_not_handler(appeal: Appeal, user) -> None:
    """Only the appeal's handler decides it."""
    if getattr(user, "id", None) != appeal.handler_id:
        raise PermissionDenied(
            f"This appeal is handled by {appeal.handler.display_name} ({appeal.handler_title})."
        )


@transaction.atomic
def appeal_decide(
    appeal: Appeal,
    *,
    outcome: str,
    reasons: str,
    level: str | None = None,
    precautions: str | None = None,
    lift: Sequence[int] = (),
    expires_on: dt.date | None = None,
    version: int,
    by,
) -> Appeal:
    """The handler decides: upheld (the caution is removed), partly upheld (its level,
    precautions, restrictions or expiry change) or refused, always with reasons. The outcome
    letter names where the person may go next (000 §8.8, 002 §4.6)."""
    refuse_if_not_handler(appeal, by)
    if appeal.status != Appeal.Status.OPEN:
        raise ValidationError("This appeal has already been decided.")
    if outcome not in Appeal.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the appeal"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the outcome: the letter says them"})
    if version != appeal.version:
        raise ChangedSinceOpened
    caution = appeal.caution
    cautions_terms.caution_lock(caution)
    changes = _apply(caution, outcome, reasons, level, precautions, lift, expires_on, by)
    # Last, so that a refusal above leaves the appeal as it was, in memory too.
    bump_version(appeal, version)
    caution.appeal_in_progress = False
    caution.save(update_fields=["appeal_in_progress"])
    appeal.status = Appeal.Status.DECIDED
    appeal.outcome = outcome
    appeal.reasons = reasons.strip()
    appeal.changes = changes
    appeal.decided_on = clock.today()
    appeal.external_route = current().appeal.external
    appeal.save()
    _audit(caution, by, f"Decided an appeal: {appeal.get_outcome_display()}", appeal, changes)
    cautions_terms.announce_change(caution, changes, by=by)
    cautions_decision.letter_for("appeal_outcome", caution, by=by, appeal=appeal)
    return appeal


def _apply(caution, outcome, reasons, level, precautions, lift, expires_on, by) -> dict:
    if caution.status != Caution.Status.ACTIVE:
        # It expired or was removed meanwhile: the outcome is recorded, nothing to change.
        if outcome == Appeal.Outcome.PARTLY_UPHELD:
            raise ValidationError({"outcome": "The caution has ended: there is nothing to change"})
        return {}
    if outcome == Appeal.Outcome.UPHELD:
        caution_close(
            caution,
            status=Caution.Status.REMOVED,
            reason=f"Appeal upheld: {reasons.strip()}",
            by=by,
            summary="Ended a caution: the appeal was upheld",
        )
        return {"status": [Caution.Status.ACTIVE.value, Caution.Status.REMOVED.value]}
    if outcome == Appeal.Outcome.REFUSED:
        if expires_on or cautions_terms.asks_for_change(
            caution, level=level, precautions=precautions, lift=lift
        ):
            raise ValidationError(
                {"outcome": "A refused appeal leaves the caution as it is: choose Partly upheld"}
            )
        return {}
    if expires_on and caution.expires_on and expires_on > caution.expires_on:
        raise ValidationError({"expires_on": "An appeal can bring the expiry forward, not later"})
    changes = cautions_terms.terms_change(
        caution, level=level, precautions=precautions, lift=lift, expires_on=expires_on
    )
    if not changes:
        raise ValidationError(
            {
                "outcome": "A partly upheld appeal changes the caution: change its level, "
                "precautions, restrictions or expiry"
            }
        )
    return changes


def _audit(caution: Caution, by, summary: str, appeal: Appeal, changes=None, late=False) -> None:
    details = {"appeal": str(appeal.id)}
    if changes:
        details["changes"] = changes
    if late:
        details["late_reason"] = appeal.late_reason
    if appeal.reasons:
        details["reason"] = appeal.reasons
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE if appeal.outcome else AuditEvent.Verb.CREATE,
        summary=summary,
        target=caution,
        details=details,
        people=[caution.person] if caution.person_id else [],
    )


def appeals_open() -> list[Appeal]:
    """Appeals awaiting their answer, for the dashboard: overdue first."""
    appeals = Appeal.objects.filter(status=Appeal.Status.OPEN).select_related(
        "caution__person", "handler"
    )
    return sorted(appeals, key=lambda a: a.answer_due or dt.date.max)
