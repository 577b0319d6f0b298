"""Telling staff. A message is stored in the service and, by each user's choice, e-mailed
through the outbox, in the caller's transaction: a rolled-back change tells nobody, and a
committed one is never lost. Safety alerts always go by both.

Messages never hold personal data of the person concerned: they say what happened and
link to the page, where the user's rights decide what they see.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import User
from caution.incidents.selectors import incidents_visible_to
from caution.lib import clock
from caution.notifications import events, selectors
from caution.notifications.models import (
    Bulletin,
    MarkerSubscription,
    Notification,
    Preference,
    RegisterChange,
)
from caution.outbox.actions import outbox_email
from caution.policy.profiles import current
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.models import Decision

log = logging.getLogger(__name__)


def notify(
    users: Iterable,
    *,
    subject: str,
    body: str,
    url: str = "",
    safety: bool = False,
    event: str = "",
) -> list[Notification]:
    """Tell each user of `event` in the service and by e-mail, as they have chosen. Never
    put personal data of the person concerned in `subject` or `body`: link to it instead."""
    safety = safety or event == events.SAFETY_ALERT
    if safety:
        event = events.SAFETY_ALERT
    elif event and event not in events.EVENTS:
        log.warning("Notification event %r is not in notifications/events.py", event)
    recipients = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    channels = selectors.channels_for(recipients, event)
    notes = Notification.objects.bulk_create(
        Notification(user=u, event=event, subject=subject, body=body, url=url, safety=safety)
        for u in recipients
        if channels[u.pk].in_app
    )
    addresses = [u.email for u in recipients if u.email and channels[u.pk].email]
    if addresses:
        _email(addresses, subject, email_text(body, url, safety=safety))
    return notes


def email_text(body: str, url: str, *, safety: bool = False) -> str:
    """The e-mail says what the message in the service says, and no more."""
    base = settings.CAUTION_BASE_URL
    parts = [body]
    if url:
        parts.append(f"Open it in the service: {base}{url}")
    if safety:
        parts.append("Safety alerts are always sent by e-mail and in the service.")
    else:
        parts.append(f"Choose which e-mails you get: {base}{reverse('notifications:preferences')}")
    return "\n\n".join(parts) + "\n"


def _email(addresses: list[str], subject: str, text: str) -> None:
    outbox_email(to=addresses, subject=subject, text=text)


def notification_mark_read(notification: Notification, *, by) -> Notification:
    """Mark one of your own messages as read. Not audited: it changes nothing but the
    reader's own list."""
    if notification.user_id != by.pk:
        raise PermissionDenied("This message is not yours.")
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by) -> int:
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def preferences_update(user, *, chosen: dict[str, set[str]], by) -> None:
    """Save how `user` wants to hear of each optional event: `chosen` maps an event key to
    the channels ticked ("email", "in_app"); an event left out has neither."""
    if by.pk != user.pk:
        raise PermissionDenied("You can change only your own notification choices.")
    unknown = set(chosen) - {e.key for e in events.OPTIONAL_EVENTS}
    if unknown:
        raise ValidationError({"__all__": "Choose only from the notifications listed"})
    if any(channels - {"email", "in_app"} for channels in chosen.values()):
        raise ValidationError({"__all__": "Choose e-mail, in the service, or both"})
    Preference.objects.filter(user=user).delete()
    Preference.objects.bulk_create(
        Preference(
            user=user,
            event=e.key,
            email="email" in chosen.get(e.key, set()),
            in_app="in_app" in chosen.get(e.key, set()),
        )
        for e in events.OPTIONAL_EVENTS
    )
    audit_record(by=by, verb=AuditEvent.Verb.CHANGE, summary="Changed notification choices")


def may_follow_markers(user) -> bool:
    """Anyone who may see cautions may follow them for a marker; partners only those
    shared with their organisation."""
    from caution.register.access import check_access

    return check_access(user).allowed


@transaction.atomic
def marker_subscribe(*, system: str, by) -> MarkerSubscription:
    """Be told when a person is added to or removed from the register, to switch your
    team's marker on or off (002 §3.1)."""
    if not may_follow_markers(by):
        raise PermissionDenied("Your role does not include seeing the register.")
    if not system.strip():
        raise ValidationError({"system": "Enter the system that holds your team's marker"})
    subscription, _ = MarkerSubscription.objects.update_or_create(
        user=by, defaults={"system": system.strip()}
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Followed additions and removals for a marker in {system.strip()}",
    )
    return subscription


@transaction.atomic
def marker_unsubscribe(*, by) -> None:
    deleted, _ = MarkerSubscription.objects.filter(user=by).delete()
    if deleted:
        audit_record(
            by=by, verb=AuditEvent.Verb.CHANGE, summary="Stopped following changes for a marker"
        )


CHANGE_MESSAGES = {
    events.CAUTION_ADDED: ("A caution has been added to the register", "added to"),
    events.CAUTION_CHANGED: ("A caution on the register has been changed", "changed on"),
    events.CAUTION_REMOVED: ("A caution has been removed from the register", "removed from"),
}


def caution_change_announce(caution, event: str, *, by=None) -> None:
    """Tell staff of a change to the register, inside the action that made it: the
    register officers at once, the teams that keep a marker when a person goes on or comes
    off, and everyone in the next daily bulletin (000 §8.2 step 9)."""
    if event not in events.REGISTER_CHANGES:
        raise ValueError(f"{event!r} is not a change to the register")
    RegisterChange.objects.create(caution=caution, event=event)
    subject, verb = CHANGE_MESSAGES[event]
    officers = User.objects.filter(groups__name=roles.Role.REGISTER_OFFICER.label, is_active=True)
    notify(
        officers.exclude(pk=getattr(by, "pk", None)),
        subject=subject,
        body=f"A caution has been {verb} the {current().register_name}.",
        url=reverse("register:caution", args=[caution.id]),
        event=event,
    )
    if event != events.CAUTION_CHANGED:
        _tell_marker_teams(caution, added=event == events.CAUTION_ADDED)


def _tell_marker_teams(caution, *, added: bool) -> None:
    """Subscribers who may see the caution are told to switch their marker on; off only
    when nothing they may see keeps the person (or address) on the register."""
    told = []
    for subscription in selectors.marker_subscribers():
        user = subscription.user
        if not selectors.visible_caution_ids([caution.id], user):
            continue
        if not added and selectors.still_on_register(caution, user):
            continue
        told.append(user)
    register = current().register_name
    if added:
        subject = "Switch on your marker: someone has been added to the register"
        body = (
            f"Someone has been added to the {register}. Switch on the marker on their record "
            "in your team's system. Open the link to see who. Copy nothing else from the "
            "register."
        )
    else:
        subject = "Switch off your marker: someone has been removed from the register"
        body = (
            f"Someone is no longer on the {register}. Remove the marker from their record "
            "in your team's system, leaving no note that it was there. Open the link to see who."
        )
    notify(
        told,
        subject=subject,
        body=body,
        url=reverse("notifications:marker", args=[caution.id]),
        event=events.MARKER,
    )


def decision_made_notify(decision) -> None:
    """Tell who reported the incident, and the staff it affected, that it has been decided
    (only once the decision is final). Those who may not open the report get no link."""
    if decision.status != Decision.Status.FINAL:
        return
    incident = decision.incident
    users = [incident.reported_by, *(s.user for s in incident.staff.all() if s.user_id)]
    users = [u for u in users if u is not None and u.pk != decision.decided_by_id]
    may_open = [u for u in users if incidents_visible_to(u).filter(id=incident.id).exists()]
    subject = "A decision has been made on a report"
    body = "A decision has been made on a report you made or are named in."
    notify(
        may_open,
        subject=subject,
        body=f"{body} Open the report to see it.",
        url=reverse("incidents:detail", args=[incident.id]),
        event=events.DECISION_MADE,
    )
    notify(
        [u for u in users if u not in may_open],
        subject=subject,
        body=f"{body} Your manager can tell you what it means for you.",
        event=events.DECISION_MADE,
    )


@transaction.atomic
def bulletin_send(*, as_of: dt.date) -> int:
    """Send the register bulletin for the day before `as_of` (000 §8.2 step 9): each
    member of staff who may see at least one of that day's changes is told how many
    cautions were added, changed and removed, with a link to the changes they may see.
    Once per day, however often the sweep runs. Returns how many readers it was for
    (each reader's choices then decide whether it comes by e-mail, in the service, or both)."""
    day = as_of - dt.timedelta(days=1)
    changes = list(selectors.register_changes_on(day))
    if not changes or Bulletin.objects.filter(day=day).exists():
        return 0
    bulletin = Bulletin.objects.create(day=day)
    caution_ids = {change.caution_id for change in changes}
    told = 0
    for user in User.objects.filter(is_active=True).order_by("pk"):
        counts = selectors.change_counts(changes, selectors.visible_caution_ids(caution_ids, user))
        if not any(counts.values()):
            continue
        notify(
            [user],
            subject=f"Register updates for {day:%-d %B %Y}",
            body=_bulletin_body(day, counts),
            url=reverse("notifications:bulletin", args=[bulletin.id]),
            event=events.REGISTER_BULLETIN,
        )
        told += 1
    audit_record(
        by=None,
        verb=AuditEvent.Verb.CREATE,
        summary=f"Sent the register updates for {day:%-d %B %Y} to {told} members of staff",
        target=bulletin,
    )
    return told


def _bulletin_body(day: dt.date, counts: dict[str, int]) -> str:
    parts = [
        f"{counts[events.CAUTION_ADDED]} added",
        f"{counts[events.CAUTION_CHANGED]} changed",
        f"{counts[events.CAUTION_REMOVED]} removed",
    ]
    return (
        f"Changes to the {current().register_name} on {day:%-d %B %Y} that you may see: "
        f"cautions {', '.join(parts)}. Open the link to see them."
    )
