"""Reads about notifications: each user's choices, their messages, the register bulletin
and the marker page. The bulletin and marker pages show a caution only through
`Caution.objects.visible_to(user)`, the register's one answer to "may this user see it?"."""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from caution.notifications import events
from caution.notifications.models import (
    Bulletin,
    MarkerSubscription,
    Notification,
    Preference,
    RegisterChange,
)
from caution.people.models import PersonAddress
from caution.policy.profiles import current
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.models import Caution

LATEST = 100


@dataclasses.dataclass(frozen=True)
class Channels:
    email: bool
    in_app: bool


ALWAYS = Channels(email=True, in_app=True)


def default_channels(event: str) -> Channels:
    known = events.EVENTS.get(event)
    if known is None:
        return ALWAYS
    return Channels(email=known.email, in_app=known.in_app)


def channels_for(users: Iterable, event: str) -> dict:
    """How each user is to be told of `event`, by user id: their choice, else the default.
    Safety alerts and messages outside the preferences go by both."""
    known = events.EVENTS.get(event)
    if known is None or not known.optional:
        return {user.pk: ALWAYS for user in users}
    default = default_channels(event)
    chosen = {
        p.user_id: Channels(email=p.email, in_app=p.in_app)
        for p in Preference.objects.filter(user__in=[u.pk for u in users], event=event)
    }
    return {user.pk: chosen.get(user.pk, default) for user in users}


def preferences_of(user) -> dict[str, Channels]:
    """The user's channels for every optional event, defaults filled in."""
    chosen = {
        p.event: Channels(email=p.email, in_app=p.in_app)
        for p in Preference.objects.filter(user=user)
    }
    return {e.key: chosen.get(e.key, default_channels(e.key)) for e in events.OPTIONAL_EVENTS}


def notifications_for(user) -> QuerySet[Notification]:
    """The user's latest messages, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at")[:LATEST]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get_for_user(notification_id, user) -> Notification:
    """A user's own message; anyone else's answers 404."""
    try:
        return Notification.objects.get(id=notification_id, user=user)
    except Notification.DoesNotExist:
        raise Http404 from None


def marker_subscription_of(user) -> MarkerSubscription | None:
    return MarkerSubscription.objects.filter(user=user).first()


def marker_subscribers() -> QuerySet[MarkerSubscription]:
    return MarkerSubscription.objects.filter(user__is_active=True).select_related("user")


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def register_changes_on(day: dt.date) -> QuerySet[RegisterChange]:
    """The register's changes on one day (local time), oldest first."""
    start, end = _day_bounds(day)
    return RegisterChange.objects.filter(at__gte=start, at__lt=end).order_by("at")


def visible_caution_ids(caution_ids: Iterable, user) -> set:
    return set(
        Caution.objects.filter(id__in=list(caution_ids))
        .visible_to(user)
        .values_list("id", flat=True)
    )


def change_counts(changes: list[RegisterChange], visible: set) -> dict[str, int]:
    """How many of the cautions this reader may see were added, changed or removed: a
    caution counts once for each kind of change it had."""
    seen = {(c.caution_id, c.event) for c in changes if c.caution_id in visible}
    return {event: sum(1 for _, e in seen if e == event) for event in events.REGISTER_CHANGES}


@dataclasses.dataclass(frozen=True)
class BulletinEntry:
    caution: Caution
    what: str
    level_label: str

    @property
    def on_register(self) -> bool:
        return self.caution.status == Caution.Status.ACTIVE


@dataclasses.dataclass(frozen=True)
class BulletinPage:
    bulletin: Bulletin
    entries: list[BulletinEntry]


WHAT = {
    events.CAUTION_ADDED: "Added",
    events.CAUTION_CHANGED: "Changed",
    events.CAUTION_REMOVED: "Removed",
}


def _cautions_shown(ids: Iterable, user) -> QuerySet[Caution]:
    """The cautions, with what the check shows of the person or address, for this user."""
    return (
        Caution.objects.filter(id__in=list(ids))
        .visible_to(user)
        .select_related("person", "address")
        .prefetch_related(
            "person__names",
            Prefetch(
                "person__address_links",
                queryset=PersonAddress.objects.filter(current=True).select_related("address"),
            ),
        )
    )


def bulletin_get_for_user(bulletin_id, user) -> BulletinPage:
    """One day's register changes, only those this user may see; 404 if none. Audited, as
    it names people."""
    try:
        bulletin = Bulletin.objects.get(id=bulletin_id)
    except Bulletin.DoesNotExist:
        raise Http404 from None
    changes = list(register_changes_on(bulletin.day))
    cautions = {c.id: c for c in _cautions_shown({c.caution_id for c in changes}, user)}
    if not cautions:
        raise Http404
    what: dict = {}
    for change in changes:
        if change.caution_id in cautions and WHAT[change.event] not in what.get(
            change.caution_id, []
        ):
            what.setdefault(change.caution_id, []).append(WHAT[change.event])
    profile = current()
    entries = [
        BulletinEntry(
            caution=cautions[caution_id],
            what=", then ".join(kinds).capitalize(),
            level_label=_level_label(profile, cautions[caution_id].level),
        )
        for caution_id, kinds in what.items()
    ]
    _audit_view(
        user,
        f"Viewed the register updates for {bulletin.day:%-d %B %Y}",
        bulletin,
        [e.caution.person for e in entries if e.caution.person_id],
    )
    return BulletinPage(bulletin=bulletin, entries=entries)


def _level_label(profile, code: str) -> str:
    level = profile.level(code)
    return f"Level {code}: {level.label}" if level else f"Level {code}"


@dataclasses.dataclass(frozen=True)
class MarkerPage:
    caution: Caution
    subscription: MarkerSubscription
    # Whether the person or address still has an active caution this user may see.
    on_register: bool


def marker_get_for_user(caution_id, user) -> MarkerPage:
    """Who a marker change is about, for a subscriber who may see the caution; 404 for
    anyone else. Shows whether the marker should now be on or off. Audited."""
    subscription = marker_subscription_of(user)
    caution = _cautions_shown([caution_id], user).first() if subscription else None
    if caution is None:
        raise Http404
    page = MarkerPage(caution, subscription, on_register=still_on_register(caution, user))
    people = [caution.person] if caution.person_id else []
    _audit_view(user, "Viewed who a marker change is about", caution, people)
    return page


def still_on_register(caution: Caution, user=None) -> bool:
    """Whether the caution's person (or address) has any active caution, counting only
    those `user` may see when a user is given."""
    others = Caution.objects.active()
    if caution.person_id:
        others = others.filter(person=caution.person_id)
    else:
        others = others.filter(address=caution.address_id)
    if user is not None:
        others = others.visible_to(user)
    return others.exists()


def _audit_view(user, summary: str, target, people: list) -> None:
    audit_record(by=user, verb=AuditEvent.Verb.VIEW, summary=summary, target=target, people=people)
