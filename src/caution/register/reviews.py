"""Periodic reviews of cautions (000 §8.4, 002 §4.7, 003 §10): what is due, what happened
since the last review, the outcome with its reasons, review meetings, and the daily sweep
step that reminds reviewers and escalates overdue reviews."""

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.letters.models import Letter
from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.notifications import events
from caution.notifications.actions import notify
from caution.policy.citing import citations
from caution.policy.profiles import Profile, current
from caution.policy.vocabulary import REVIEW_OUTCOMES
from caution.register import cautions_decision, cautions_terms, deciding
from caution.register.access import may_review
from caution.register.cautions import caution_close
from caution.register.models import (
    Appeal,
    Breach,
    Caution,
    DeadlineNotice,
    LegalAction,
    Review,
    ReviewMeeting,
)
from caution.register.restrictions import restrictions_ended

# Reviewers are reminded this many days before a review falls due.
REMINDER_DAYS = 14


@dataclasses.dataclass(frozen=True)
class SinceLastReview:
    """What the reviewer weighs (002 §4.7): everything about the person since the last
    review, or since the caution was added."""

    since: dt.date
    incidents: list[Incident]
    contacts: list[Incident]  # positive and neutral contacts, which support removal
    breaches: list[Breach]
    # Every legal action considered or taken, whenever: it bears on keeping the caution.
    legal_actions: list[LegalAction]
    # Restrictions that came to their end date since: they no longer apply, and the
    # review records that they lapsed.
    lapsed: list[str]
    appeals: list[Appeal]
    letters: list
    # Added from the council's earlier records, not decided here: its letters (if any)
    # were sent before the register was kept here.
    added_from_records: bool
    # Every decision not to tell the person, whenever it was made: each review weighs it
    # again (000 §8.7, 003 §9.4).
    not_notified: list
    default_outcome: str  # a key of REVIEW_OUTCOMES, applied only when nothing is new
    default_explained: str
    justification_needed: bool

    @property
    def nothing_new(self) -> bool:
        """No new incident and no breach: the profile's default applies (002 §4.2)."""
        return not self.incidents and not self.breaches

    @property
    def preselected(self) -> str:
        """The outcome the form starts on: the profile's default when nothing is new."""
        if self.nothing_new and self.default_outcome in Review.Outcome.values:
            return self.default_outcome
        return ""


def since_last_review(caution: Caution) -> SinceLastReview:
    profile = current()
    since = caution.last_reviewed or caution.date_added
    about = Incident.objects.none()
    # On a caution decided onto a home (003 §15.2), the person it was decided about.
    decision = cautions_decision.decision_of(caution)
    person_id = caution.person_id or (decision.person_id if decision else None)
    if person_id:
        about = Incident.objects.filter(person=person_id, submitted_at__date__gt=since).order_by(
            "submitted_at"
        )
    category = profile.category(caution.category)
    default = profile.review.default_outcome
    return SinceLastReview(
        since=since,
        incidents=[i for i in about if i.kind != Incident.Kind.POSITIVE],
        contacts=[i for i in about if i.kind == Incident.Kind.POSITIVE],
        breaches=list(caution.breaches.filter(occurred_at__date__gt=since)),
        legal_actions=list(caution.legal_actions.all()),
        lapsed=restrictions_ended(
            caution.restriction_set.filter(ends_on__gte=since), on=clock.today()
        ),
        appeals=list(caution.appeals.filter(received_on__gt=since)),
        letters=_letters_since(caution, since),
        added_from_records=decision is None,
        not_notified=list(
            Letter.objects.filter(caution=caution, status=Letter.Status.NOT_SENT)
            .select_related("exemption_approved_by")
            .order_by("exempted_at")
        ),
        default_outcome=default,
        default_explained=REVIEW_OUTCOMES.get(default, ""),
        justification_needed=bool(category and category.justify_at_review),
    )


def _letters_since(caution: Caution, since: dt.date) -> list[Letter]:
    # From the day itself: the decision's letter is written the day the caution is added.
    return list(Letter.objects.filter(caution=caution, created_at__date__gte=since))


def next_review_default(profile: Profile | None = None) -> dt.date:
    """The latest the next review may fall: the profile's interval from today."""
    return (profile or current()).review.due_after(clock.today())


@transaction.atomic
def review_record(
    caution: Caution,
    *,
    outcome: str,
    reasons: str,
    by,
    justification: str = "",
    next_review: dt.date | None = None,
    level: str | None = None,
    precautions: str | None = None,
    lift: Sequence[int] = (),
    expires_on: dt.date | None = None,
    meeting: ReviewMeeting | None = None,
    version: int | None = None,
) -> Review:
    """Record a review: keep (with the next review date), change the level, precautions,
    restrictions or expiry, or remove. Where a group approves reviews (`review_body`), only
    at one of its review meetings, with its quorum present (000 §8.4, 002 §3.4, §4.7).
    Keeping an entry held for circumstances needs the service's written justification
    (002 §4.7); the person is told where the profile says so (002 §3)."""
    profile = current()
    if not may_review(by, profile):
        raise PermissionDenied(f"Reviews are decided by the {profile.review.by.title}.")
    if caution.status != Caution.Status.ACTIVE:
        raise ValidationError("This caution has ended: there is nothing to review.")
    if outcome not in Review.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the review"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the outcome: they are minuted"})
    if meeting is not None:
        _require_meeting_approves(meeting, caution, by)
    elif review_body(profile) is not None:
        raise ValidationError({"meeting_id": at_a_meeting_only(profile)})
    context = since_last_review(caution)
    stays = outcome != Review.Outcome.REMOVE
    if stays and context.justification_needed and not justification.strip():
        raise ValidationError(
            {
                "justification": citations(
                    "This caution is held for the person's circumstances: the service that "
                    "raised it must justify keeping it, in writing (002 §4.7)"
                )
            }
        )
    cautions_terms.caution_lock(caution, version)
    due_on = caution.next_review
    changes = _apply(
        caution, outcome, reasons, level, precautions, lift, expires_on, next_review, by
    )
    review = Review.objects.create(
        caution=caution,
        meeting=meeting,
        due_on=due_on,
        reviewed_on=clock.today(),
        outcome=outcome,
        reasons=reasons.strip(),
        justification=justification.strip() if stays else "",
        nothing_new=context.nothing_new,
        next_review=caution.next_review,
        changes=changes,
        reviewed_by=by if isinstance(by, User) else None,
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Reviewed the caution: {review.get_outcome_display().lower()}",
        target=caution,
        details={
            "reason": review.reasons,
            "changes": changes,
            "review": str(review.id),
            "restrictions_lapsed": context.lapsed,
            **_approved_by(meeting),
        },
        people=[caution.person] if caution.person_id else [],
    )
    cautions_terms.announce_change(caution, changes, by=by)
    if _person_told(outcome, changes, profile):
        cautions_decision.letter_for("review_outcome", caution, by=by, review=review)
    return review


def review_body(profile: Profile | None = None) -> deciding.Body | None:
    """The group that approves reviews at a standing review meeting (000 §8.4 the Review
    Panel, 002 §3.4 and §4.7 the Governance Group), with its quorum: the decision panel's
    own quorum and seats where the reviewer is the decision body, else the profile's
    `[review] quorum` of the reviewer's role. None where reviews are not held at a meeting."""
    profile = profile or current()
    if profile.review.meeting_interval_months is None:
        return None
    panel = deciding.panel_body(profile)
    if panel is not None and panel.title == profile.review.by.title:
        return panel
    by = profile.review.by
    return deciding.Body(by.title, frozenset({by.role}), profile.review.quorum or 1)


def at_a_meeting_only(profile: Profile) -> str:
    """Why a review cannot be recorded outside a review meeting where a group approves
    every review (000 §8.4, 002 §3.4, §4.7)."""
    return (
        f"Reviews are approved by the {profile.review.by.title} at a review meeting: "
        "record it from the meeting's page"
    )


def review_quorum_problem(meeting: ReviewMeeting, caution: Caution | None = None) -> str:
    """Why this review meeting cannot approve a review of this caution (of any, when none
    is given), or "" if it can: attendance recorded, and enough of the group present who
    were not involved in the incident behind it."""
    body = review_body()
    if body is None:
        return "Under this policy reviews are not held at a standing meeting."
    if not meeting.attendance_recorded:
        return "Record who is present at the review meeting first."
    decision = cautions_decision.decision_of(caution) if caution else None
    return deciding.body_quorum_problem(meeting, body, decision.incident if decision else None)


def _require_meeting_approves(meeting: ReviewMeeting, caution: Caution, by) -> None:
    problem = review_quorum_problem(meeting, caution)
    if problem:
        raise ValidationError(problem)
    if not (by.has_perm(roles.DECIDE) or meeting.members_present().filter(id=by.id).exists()):
        raise PermissionDenied("Only a member present or the register officer records this.")


def _approved_by(meeting: ReviewMeeting | None) -> dict:
    """Who approved a review at a meeting: the members present (002 §3.4)."""
    if meeting is None:
        return {}
    present = meeting.members_present().order_by("id").values_list("id", flat=True)
    return {"meeting": str(meeting.id), "approved_by": [str(user_id) for user_id in present]}


def _apply(caution, outcome, reasons, level, precautions, lift, expires_on, next_review, by):
    today = clock.today()
    caution.last_reviewed = today
    if outcome == Review.Outcome.REMOVE:
        caution.save(update_fields=["last_reviewed"])
        caution_close(
            caution,
            status=Caution.Status.REMOVED,
            reason=f"Removed at review: {reasons.strip()}",
            by=by,
            summary="Ended a caution: removed at review",
        )
        return {"status": [Caution.Status.ACTIVE.value, Caution.Status.REMOVED.value]}
    profile = current()
    latest = next_review_default(profile)
    if next_review is not None and not today < next_review <= latest:
        raise ValidationError(
            {
                "next_review": f"The next review must be after today and no later than "
                f"{latest:%-d %B %Y}: every {profile.review.interval_months} months at least"
            }
        )
    caution.next_review = next_review or latest
    if outcome == Review.Outcome.KEEP:
        if cautions_terms.asks_for_change(caution, level=level, precautions=precautions, lift=lift):
            raise ValidationError(
                {"outcome": "You changed the level, precautions or restrictions: choose Change"}
            )
        changes = cautions_terms.terms_change(caution, expires_on=expires_on)
    else:
        changes = cautions_terms.terms_change(
            caution, level=level, precautions=precautions, lift=lift, expires_on=expires_on
        )
        if not changes:
            raise ValidationError(
                {
                    "outcome": "Nothing was changed: change the level, precautions, restrictions "
                    "or expiry, or keep the caution as it is"
                }
            )
    caution.save()
    return changes


def _person_told(outcome: str, changes: dict, profile: Profile) -> bool:
    """Whether the person is written to about this review (002 §3: any extension or
    removal; a profile may ask for every outcome)."""
    told = set(profile.notification.also_on)
    if "review_outcome" in told:
        return True
    if outcome == Review.Outcome.REMOVE:
        return "removal" in told
    return "extension" in told and cautions_terms.extended(changes)


def reviews_due(*, as_of: dt.date | None = None, within_days: int = REMINDER_DAYS) -> QuerySet:
    """Active cautions whose review is overdue or falls due within `within_days`, the most
    overdue first."""
    as_of = as_of or clock.today()
    horizon = as_of + dt.timedelta(days=within_days)
    return (
        Caution.objects.active()
        .filter(next_review__lte=horizon)
        .select_related("person", "address")
        .order_by("next_review")
    )


@transaction.atomic
def review_meeting_schedule(
    *,
    held_on: dt.date,
    place: str = "",
    invited: Sequence[User] | None = None,
    non_voting: Sequence[User] = (),
    by,
) -> ReviewMeeting:
    """Set the date of a standing review meeting (002 §4.7 quarterly, 000 §8.4 six-monthly);
    its agenda gathers every caution whose review is due by then. The group is invited
    (`invited`, or everyone who may sit on it) and told; anyone in `non_voting` (a manager
    asked to attend, 000 §2.1) is invited and told as an attendee who does not approve."""
    profile = current()
    if not by.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include calling review meetings.")
    if profile.review.meeting_interval_months is None:
        raise ValidationError("Under this policy reviews are not held at a standing meeting.")
    if held_on < clock.today():
        raise ValidationError({"held_on": "The meeting date cannot be in the past"})
    body = review_body(profile)
    eligible = User.objects.filter(groups__name__in=[roles.Role(r).label for r in body.roles])
    members = [
        user
        for user in body.members(
            eligible.filter(is_active=True).distinct() if invited is None else invited
        )
        if user not in non_voting
    ]
    attendees = list(dict.fromkeys(non_voting))
    meeting = ReviewMeeting.objects.create(held_on=held_on, place=place.strip(), scheduled_by=by)
    meeting.invited.set(members)
    meeting.non_voting.set(attendees)
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Scheduled a review meeting of the {profile.review.by.title}",
        target=meeting,
    )
    notify(
        members,
        subject=f"{profile.review.by.title}: review meeting on {held_on:%-d %B %Y}",
        body="The agenda lists every caution whose review is due by the meeting.",
        url=reverse("register:review_meeting", args=[meeting.id]),
        event=events.MEETING_SCHEDULED,
    )
    notify(
        attendees,
        subject=f"{profile.review.by.title}: review meeting on {held_on:%-d %B %Y}",
        body=f"You are asked to attend the review meeting of the {profile.review.by.title} "
        "to inform it, as an attendee who does not vote.",
        url=reverse("register:review_meeting", args=[meeting.id]),
        event=events.MEETING_SCHEDULED,
    )
    return meeting


@transaction.atomic
def review_meeting_attendance_record(
    meeting: ReviewMeeting, *, attended: Sequence[User], version: int, by
) -> ReviewMeeting:
    """Record who of the group invited is present: those present approve the reviews
    recorded at the meeting, when enough of them are (`review_quorum_problem`)."""
    if not by.has_perm(roles.DECIDE):
        raise PermissionDenied("Your role does not include recording attendance.")
    bump_version(meeting, version)
    invited = set(meeting.invited.values_list("id", flat=True))
    invited |= set(meeting.non_voting.values_list("id", flat=True))
    if any(user.id not in invited for user in attended):
        raise ValidationError({"attended": "Only invited members can be marked as present"})
    meeting.attended.set(attended)
    meeting.attendance_recorded = True
    meeting.save(update_fields=["attendance_recorded"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary="Recorded attendance at a review meeting",
        target=meeting,
        details={"attended": sorted(str(user.id) for user in attended)},
    )
    return meeting


def agenda(meeting: ReviewMeeting) -> list[Caution]:
    """The cautions to review at this meeting: every active one due by its date."""
    return list(reviews_due(as_of=meeting.held_on, within_days=0))


def review_meetings_to_come() -> QuerySet[ReviewMeeting]:
    """Review meetings held today or later, the soonest first."""
    return ReviewMeeting.objects.filter(held_on__gte=clock.today()).order_by("held_on")


def next_review_meeting() -> ReviewMeeting | None:
    return review_meetings_to_come().first()


def _reviewers(profile: Profile) -> QuerySet[User]:
    group = roles.Role(profile.review.by.role).label
    return User.objects.filter(groups__name=group, is_active=True)


def _register_officers() -> QuerySet[User]:
    return User.objects.filter(groups__name=roles.Role.REGISTER_OFFICER.label, is_active=True)


def reviews_sweep(*, as_of: dt.date) -> int:
    """The daily step: remind reviewers of reviews falling due within REMINDER_DAYS and
    escalate overdue reviews, and appeals past their answer date, to the register officers.
    Each reminder and escalation goes once (recorded as a DeadlineNotice), so running it
    again, or for every missed day after downtime, sends nothing twice. Several reviews
    on one day fold into one message (a daily digest) linking to the Reviews list; one
    alone names its person. Returns how many reviews and appeals were told of."""
    near, missed = [], []
    for caution in reviews_due(as_of=as_of):
        (near if caution.next_review >= as_of else missed).append(caution)
    sent = _reviews_digest(
        near,
        DeadlineNotice.Kind.REVIEW_NEAR,
        as_of,
        _reviewers(current()),
        event=events.DEADLINE_NEAR,
    )
    sent += _reviews_digest(
        missed,
        DeadlineNotice.Kind.REVIEW_MISSED,
        as_of,
        _register_officers(),
        event=events.DEADLINE_MISSED,
    )
    overdue = Appeal.objects.filter(status=Appeal.Status.OPEN, answer_due__lt=as_of)
    for appeal in overdue.select_related("caution", "handler"):
        sent += _send_once(
            appeal.caution,
            DeadlineNotice.Kind.APPEAL_MISSED,
            appeal.answer_due,
            as_of,
            [*_register_officers(), appeal.handler],
            subject="An appeal has not been answered in time",
            body=f"An appeal was due to be answered by {appeal.answer_due:%-d %B %Y}.",
            event=events.DEADLINE_MISSED,
            url=reverse("register:appeal", args=[appeal.id]),
        )
    return sent


# What a review reminder says: for one review, and for several folded into a digest.
_REVIEW_MESSAGES = {
    DeadlineNotice.Kind.REVIEW_NEAR: (
        "A review of a caution falls due",
        "A caution is due for review by {due:%-d %B %Y}.",
        "{count} reviews of cautions fall due",
        "{count} cautions are due for review in the next {days} days, the first by "
        "{due:%-d %B %Y}. The Reviews list shows them, the most urgent first.",
    ),
    DeadlineNotice.Kind.REVIEW_MISSED: (
        "A review of a caution is overdue",
        "A caution was due for review by {due:%-d %B %Y} and has not been reviewed.",
        "{count} reviews of cautions are overdue",
        "{count} cautions have passed their review date without a review, the longest "
        "since {due:%-d %B %Y}. The Reviews list shows them, the most overdue first.",
    ),
}


def _reviews_digest(cautions: list[Caution], kind: str, as_of, users, *, event: str) -> int:
    """Tell `users` once of the reviews not told of before: by name for one, in one digest
    for several (a register of thousands would otherwise send thousands of messages)."""
    if not cautions:
        return 0
    # By the dates' range, not a list of ids: a register's worth would overflow a query.
    dates = [c.next_review for c in cautions]
    told = set(
        DeadlineNotice.objects.filter(
            kind=kind, due_on__gte=min(dates), due_on__lte=max(dates)
        ).values_list("caution_id", "due_on")
    )
    new = [c for c in cautions if (c.id, c.next_review) not in told]
    if not new:
        return 0
    one_subject, one_body, many_subject, many_body = _REVIEW_MESSAGES[kind]
    first = min(c.next_review for c in new)
    with transaction.atomic():
        DeadlineNotice.objects.bulk_create(
            (
                DeadlineNotice(caution=c, kind=kind, due_on=c.next_review, sent_on=as_of)
                for c in new
            ),
            batch_size=1000,
        )
        if len(new) == 1:
            [caution] = new
            notify(
                users,
                subject=one_subject,
                body=one_body.format(due=first),
                url=reverse("register:review", args=[caution.id]),
                event=event,
                about=caution.person,
            )
        else:
            notify(
                users,
                subject=many_subject.format(count=len(new)),
                body=many_body.format(count=len(new), due=first, days=REMINDER_DAYS),
                url=reverse("register:reviews"),
                event=event,
            )
    return len(new)


def _send_once(caution, kind, due_on, as_of, users, *, subject, body, event, url="") -> int:
    if DeadlineNotice.objects.filter(caution=caution, kind=kind, due_on=due_on).exists():
        return 0  # sent already
    with transaction.atomic():
        DeadlineNotice.objects.create(caution=caution, kind=kind, due_on=due_on, sent_on=as_of)
        notify(
            users,
            subject=subject,
            body=body,
            url=url or reverse("register:review", args=[caution.id]),
            event=event,
            about=caution.person,
        )
    return 1


def reviews_history(caution: Caution) -> QuerySet[Review]:
    return caution.reviews.select_related("reviewed_by", "meeting")


def meeting_reviews(meeting: ReviewMeeting) -> QuerySet[Review]:
    return meeting.reviews.select_related("caution__person", "reviewed_by")
