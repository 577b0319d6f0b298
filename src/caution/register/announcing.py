"""How the register tells people and other systems of its changes: register officers and
marker teams at once (000 §8.2 step 9, 002 §3.1), everyone in the daily bulletin, the staff
a decision concerns, and subscribed systems by signed webhooks with the minimum (002 §3.1).
The register builds these messages; notifications and the outbox deliver them."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caution.accounts import roles
from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.selectors import incidents_visible_to
from caution.lib import clock
from caution.notifications import events
from caution.notifications.actions import notify
from caution.notifications.models import Bulletin, MarkerSubscription, RegisterChange
from caution.notifications.selectors import marker_subscribers, register_changes_on
from caution.outbox.models import (
    EVENTS,
    MARKER_OFF,
    OutboxMessage,
    SubscriberReference,
    WebhookSubscription,
    event_id_for,
)
from caution.policy.profiles import current
from caution.register.access import may_follow_markers
from caution.register.announcing_selectors import (
    change_counts,
    still_on_register,
    visible_caution_ids,
)
from caution.register.markers import marker_expect, markers_drifting
from caution.register.models import Caution, Decision, MarkerState


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
    for subscription in marker_subscribers():
        user = subscription.user
        if not visible_caution_ids([caution.id], user):
            continue
        if not added and still_on_register(caution, user):
            continue
        told.append(user)
        if caution.person_id:
            marker_expect(person_id=caution.person_id, on=added, follower=user)
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
    changes = list(register_changes_on(day))
    if not changes or Bulletin.objects.filter(day=day).exists():
        return 0
    bulletin = Bulletin.objects.create(day=day)
    caution_ids = {change.caution_id for change in changes}
    told = 0
    for user in User.objects.filter(is_active=True).order_by("pk"):
        counts = change_counts(changes, visible_caution_ids(caution_ids, user))
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


def webhooks_publish(caution, event: str) -> None:
    """Tell each active subscriber to `event` that `caution` was added, changed or removed,
    with the minimum (002 §3.1): their own reference for the person, the level, the
    status and a link. No name, address or incident detail ever leaves this way."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(active=True)
        if event in subscription.events and may_hear_of(subscription, caution)
    ]
    if not subscriptions:
        return
    references = dict(
        SubscriberReference.objects.filter(
            person=caution.person_id, subscription__in=subscriptions
        ).values_list("subscription_id", "reference")
    )
    messages = [
        _webhook_message(subscription, caution, event, references.get(subscription.id))
        for subscription in subscriptions
    ]
    OutboxMessage.objects.bulk_create(messages)


def webhook_resend(subscription: WebhookSubscription, caution, event: str) -> OutboxMessage:
    """Send the subscriber the person's marker state again, as a new event about their
    latest caution: the sweep's chase of a marker not confirmed (register/markers.py)."""
    reference = (
        SubscriberReference.objects.filter(subscription=subscription, person=caution.person_id)
        .values_list("reference", flat=True)
        .first()
    )
    message = _webhook_message(subscription, caution, event, reference)
    message.save()
    return message


def _webhook_message(subscription, caution, event: str, reference: str | None) -> OutboxMessage:
    """The event, recording what the person's marker in the system should now show."""
    person = _person_part(subscription, caution, reference)
    if person is not None:
        state = marker_expect(
            person_id=caution.person_id, on=person["on_register"], subscription=subscription
        )
        person["marker_reference"] = str(state.reference)
    return _outbox_webhook(
        subscription, caution.person_id, event, person=person, caution=_caution_part(caution)
    )


def _outbox_webhook(subscription, person_id, event: str, **body) -> OutboxMessage:
    key = f"webhook:{uuid.uuid4()}"
    payload = {
        "event": event,
        "id": str(event_id_for(key)),
        "occurred_at": clock.now().isoformat(),
        **body,
    }
    return OutboxMessage(
        channel=OutboxMessage.Channel.WEBHOOK,
        key=key,
        payload=payload,
        person_id=person_id,
        subscription=subscription,
    )


def marker_off_send(state: MarkerState) -> OutboxMessage:
    """Tell a system to switch off a marker it may no longer hear about (its partner's
    sharing agreement ended): only the marker reference it was given, no caution id, level
    or anything else about the person (ADR 0022)."""
    message = _outbox_webhook(
        state.subscription,
        state.person_id,
        MARKER_OFF,
        marker_reference=str(state.reference),
    )
    message.save()
    return message


def may_hear_of(subscription: WebhookSubscription, caution) -> bool:
    """A partner's system hears only of cautions shared with that partner under a live
    agreement covering their category (ADR 0017)."""
    if subscription.organisation_id is None:
        return True
    shared = Caution.objects.filter(id=caution.id).shared_under_agreement(
        subscription.organisation_id, on=clock.today()
    )
    return shared.exists()


def _person_part(subscription: WebhookSubscription, caution, reference: str | None):
    if caution.person_id is None:
        return None
    active = Caution.objects.active().filter(person=caution.person_id)
    if subscription.organisation_id:
        active = active.shared_under_agreement(subscription.organisation_id, on=clock.today())
    return {"reference": reference, "on_register": active.exists()}


def _caution_part(caution) -> dict:
    level = current().level(caution.level)
    return {
        "id": str(caution.id),
        "level": caution.level,
        "level_name": level.label if level else "",
        "status": caution.status,
        "url": settings.CAUTION_BASE_URL + reverse("register:caution", args=[caution.id]),
    }


def marker_remind(user, caution, *, on: bool) -> None:
    """Remind a member of staff who keeps a marker by hand to switch it and confirm."""
    state = "on" if on else "off"
    notify(
        [user],
        subject=f"Reminder: switch {state} your marker and confirm it",
        body=(
            f"A marker you keep should be {state}, and you have not confirmed it. Open the "
            "link, switch the marker in your team's system, and confirm on the page."
        ),
        url=reverse("notifications:marker", args=[caution.id]),
        event=events.MARKER,
    )


# Marker chasing: the sweep's step for markers not confirmed (register/markers.py).


def _latest_caution(state: MarkerState) -> Caution | None:
    cautions = Caution.objects.filter(person_id=state.person_id).order_by("-created_at")
    if state.should_be_on:
        cautions = cautions.active()
    return cautions.first()


@transaction.atomic
def markers_chase(*, as_of: dt.date) -> int:
    """Each marker still not confirmed from a day before `as_of`, once a day: a system is
    sent the person's state again as a new event; a member of staff is reminded. Returns
    how many were chased."""
    start_of_day = dt.datetime.combine(as_of, dt.time.min, tzinfo=timezone.get_current_timezone())
    due = (
        markers_drifting()
        .filter(since__lt=start_of_day)
        .exclude(chased_on=as_of)
        .select_related("subscription", "follower")
    )
    chased = 0
    for state in due:
        if not _chase(state):
            continue
        state.chased_on = as_of
        state.save(update_fields=["chased_on"])
        chased += 1
    return chased


def _chase(state: MarkerState) -> bool:
    """Chase one marker: a system is sent its state again, a member of staff reminded.
    Returns whether anything was sent."""
    if state.subscription_id:
        return state.subscription.active and _chase_system(state)
    caution = _latest_caution(state)
    if caution is None:
        return False
    marker_remind(state.follower, caution, on=state.should_be_on)
    return True


def _chase_system(state: MarkerState) -> bool:
    """Send a system its marker's state again: as an event about the person's latest
    caution while it may hear of it; once it may not (its partner's agreement ended), only
    the opaque `marker.off`. Returns whether anything was sent."""
    caution = _latest_caution(state)
    if caution is not None and may_hear_of(state.subscription, caution):
        event = "caution.added" if state.should_be_on else "caution.removed"
        webhook_resend(state.subscription, caution, event)
        return True
    if state.should_be_on:
        return False
    marker_off_send(state)
    return True
