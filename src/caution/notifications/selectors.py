"""Reads about notifications: each user's choices, their messages, marker subscriptions and
the day's register changes. The bulletin and marker pages, which show cautions, are read
by the register (register/announcing_selectors.py)."""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from caution.notifications import events
from caution.notifications.models import (
    MarkerSubscription,
    Notification,
    Preference,
    RegisterChange,
)

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
    """The user's messages, newest first, with the people they are about (to be named only
    where the reader may see them: `about_names`)."""
    return (
        Notification.objects.filter(user=user)
        .select_related("about")
        .prefetch_related("about__names")
        .order_by("-created_at", "id")
    )


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
