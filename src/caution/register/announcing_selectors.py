"""Reads behind the register's announcements: the daily bulletin's page and the marker
page. Each shows a caution only through `Caution.objects.visible_to(user)`, the register's
one answer to "may this user see it?"."""

import dataclasses
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.notifications import events
from caution.notifications.models import Bulletin, MarkerSubscription, RegisterChange
from caution.notifications.selectors import marker_subscription_of, register_changes_on
from caution.people.models import PersonAddress
from caution.policy.profiles import current
from caution.register.models import Caution


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
            "restriction_set",
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
