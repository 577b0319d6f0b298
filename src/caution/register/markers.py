"""Markers that agree (docs/operators/webhooks.md "Confirming markers"): what each system
and each team that keeps a marker should show for a person, what it last confirmed, and
the drift between them. Expectations are written where the register tells them
(`announcing`); confirmations come from a subscriber's signed receipt or a follower's
click; the sweep chases what stays unconfirmed (`announcing.markers_chase`)."""

import dataclasses

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.outbox.models import SubscriberReference, WebhookSubscription
from caution.policy.profiles import current
from caution.register.models import Caution, MarkerState


def marker_expect(*, person_id, on: bool, subscription=None, follower=None) -> MarkerState:
    """Record that the marker should now be `on` (or off), inside the action that told
    the system or team. Unchanged, it keeps its time, so a confirmation still counts."""
    owner = {"subscription": subscription} if subscription is not None else {"follower": follower}
    state, made = MarkerState.objects.get_or_create(
        **owner, person_id=person_id, defaults={"should_be_on": on}
    )
    if not made and state.should_be_on != on:
        state.should_be_on = on
        state.since = clock.now()
        state.chased_on = None
        state.save(update_fields=["should_be_on", "since", "chased_on"])
    return state


def marker_should_be_on(person_id, *, subscription=None, follower=None) -> bool:
    """Whether the person has an active caution this system or member of staff may hear of."""
    active = Caution.objects.active().filter(person_id=person_id)
    if subscription is not None and subscription.organisation_id:
        active = active.shared_under_agreement(subscription.organisation_id, on=clock.today())
    if follower is not None:
        active = active.visible_to(follower)
    return active.exists()


@transaction.atomic
def marker_confirm(caution: Caution, *, on: bool, by) -> MarkerState:
    """The system (a webhook subscriber, by its signed receipt) or the member of staff who
    keeps the marker by hand says it is now on or off for the caution's person. Audited."""
    is_system = isinstance(by, WebhookSubscription)
    owner = {"subscription": by} if is_system else {"follower": by}
    state = MarkerState.objects.select_for_update().filter(**owner, person=caution.person_id)
    state = state.first()
    if state is None:
        if not is_system and not Caution.objects.filter(id=caution.id).visible_to(by).exists():
            raise PermissionDenied("You may not see this caution.")
        should = marker_should_be_on(caution.person_id, **owner)
        state = MarkerState(**owner, person_id=caution.person_id, should_be_on=should)
    state.confirmed_on = on
    state.confirmed_at = clock.now()
    state.save()
    audit_record(
        by=None if is_system else by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Confirmed a marker switched {'on' if on else 'off'}",
        target=caution,
        details={"system": by.name} if is_system else {},
        people=[caution.person_id],
    )
    return state


@transaction.atomic
def marker_confirm_reference(
    subscription: WebhookSubscription, reference, *, on: bool
) -> MarkerState | None:
    """The system confirms its marker by the marker reference alone (the only thing a
    `marker.off` event gives it); None if it holds no marker by that reference. Audited."""
    state = (
        MarkerState.objects.select_for_update()
        .filter(subscription=subscription, reference=reference)
        .first()
    )
    if state is None:
        return None
    state.confirmed_on = on
    state.confirmed_at = clock.now()
    state.save(update_fields=["confirmed_on", "confirmed_at"])
    audit_record(
        by=None,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Confirmed a marker switched {'on' if on else 'off'}",
        target=subscription,
        details={"system": subscription.name},
        people=[state.person_id],
    )
    return state


def marker_state_of(caution: Caution, user) -> MarkerState | None:
    """What a member of staff last confirmed for the caution's person's marker."""
    return MarkerState.objects.filter(follower=user, person=caution.person_id).first()


def _drifting() -> Q:
    return (
        Q(confirmed_on__isnull=True)
        | ~Q(confirmed_on=F("should_be_on"))
        | Q(confirmed_at__lt=F("since"))
    )


def markers_drifting() -> QuerySet[MarkerState]:
    """The markers whose system or team has not confirmed what they should show now."""
    return MarkerState.objects.filter(_drifting())


@dataclasses.dataclass(frozen=True)
class Drift:
    """What the dashboard says: how many systems and teams have not confirmed how many
    markers, removals and additions apart."""

    removal_systems: int
    removals: int
    addition_systems: int
    additions: int

    @property
    def any(self) -> bool:
        return bool(self.removals or self.additions)


def _owners(states: QuerySet) -> int:
    systems = states.exclude(subscription=None).values("subscription").distinct().count()
    teams = states.exclude(follower=None).values("follower").distinct().count()
    return systems + teams


def markers_drift() -> Drift:
    drifting = markers_drifting()
    off, on = drifting.filter(should_be_on=False), drifting.filter(should_be_on=True)
    return Drift(_owners(off), off.count(), _owners(on), on.count())


# People a page of the full-state feed lists.
FEED_PAGE = 500


def markers_feed(subscription: WebhookSubscription, *, page: int) -> dict | None:
    """A page of the people whose marker should be on for this subscriber (each with its
    reference for them and their active cautions it may hear of); None past the end."""
    cautions = Caution.objects.active().filter(person__isnull=False)
    if subscription.organisation_id:
        cautions = cautions.shared_under_agreement(subscription.organisation_id, on=clock.today())
    people = list(cautions.order_by("person_id").values_list("person_id", flat=True).distinct())
    pages = max(1, -(-len(people) // FEED_PAGE))
    if not 1 <= page <= pages:
        return None
    shown = people[(page - 1) * FEED_PAGE : page * FEED_PAGE]
    references = dict(
        SubscriberReference.objects.filter(subscription=subscription, person__in=shown).values_list(
            "person_id", "reference"
        )
    )
    markers = dict(
        MarkerState.objects.filter(subscription=subscription, person__in=shown).values_list(
            "person_id", "reference"
        )
    )
    by_person: dict = {person: [] for person in shown}
    for caution in cautions.filter(person__in=shown).order_by("date_added"):
        level = current().level(caution.level)
        by_person[caution.person_id].append(
            {
                "id": str(caution.id),
                "level": caution.level,
                "level_name": level.label if level else "",
                "url": settings.CAUTION_BASE_URL + reverse("register:caution", args=[caution.id]),
            }
        )
    audit_record(
        by=None,
        verb=AuditEvent.Verb.VIEW,
        summary=f"{subscription.name} read page {page} of its markers",
        target=subscription,
        details={"system": subscription.name},
        people=shown,
    )
    return {
        "as_of": clock.now().isoformat(),
        "page": page,
        "pages": pages,
        "markers": [
            {
                "reference": references.get(person),
                "marker_reference": str(markers[person]) if person in markers else None,
                "cautions": by_person[person],
            }
            for person in shown
        ],
    }
