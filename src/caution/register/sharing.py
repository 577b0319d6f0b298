"""Sharing under agreements (ADR 0017): the sweep's step that ends sharing when an
agreement ends, telling the partner. Which cautions a partner sees is
`Caution.objects.shared_under_agreement`, asked by `access.caution_scope_for` and by the
webhooks (`announcing.may_hear_of`), so sharing stops at midnight at the end of the
agreement's end date whether or not the sweep has run; the sweep tells the partner."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from caution.accounts.models import SharingAgreement, User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.notifications import events
from caution.notifications.actions import notify
from caution.policy.profiles import current
from caution.register.announcing import marker_off_send
from caution.register.markers import marker_expect, marker_should_be_on
from caution.register.models import MarkerState


def covering_agreement(organisation_id, category: str, *, on: dt.date) -> SharingAgreement | None:
    """The partner's agreement live on `on` that covers the category, if any (the one that
    runs longest)."""
    live = SharingAgreement.objects.filter(organisation_id=organisation_id).live_on(on)
    return next((a for a in live.order_by("-ends_on") if category in a.categories), None)


def sharing_problems(category: str, partners, justification: str, *, on: dt.date) -> dict[str, str]:
    """What stops a caution of this category being shared with these partners on `on`:
    a partner with no live agreement covering the category (named), or no justification
    (000 §8.2 step 6: "the justification for doing so must be documented")."""
    problems = {}
    uncovered = [p.name for p in partners if covering_agreement(p.id, category, on=on) is None]
    if uncovered:
        problems["share_with"] = (
            f"No sharing agreement in force with {' or '.join(sorted(uncovered))} covers "
            "this category: record one first, or do not share with them"
        )
    if partners and not justification.strip():
        problems["sharing_justification"] = "Give the justification for sharing with partners"
    return problems


@transaction.atomic
def agreements_lapse(*, as_of: dt.date) -> int:
    """Each agreement whose end date has passed by `as_of`, once: recorded as ended, the
    partner's active users told, the end audited. Returns how many ended."""
    ended = list(
        SharingAgreement.objects.select_for_update()
        .select_related("organisation")
        .filter(ends_on__lt=as_of, lapsed_on__isnull=True)
    )
    for agreement in ended:
        agreement.lapsed_on = as_of
        agreement.save(update_fields=["lapsed_on"])
        _tell_partner(agreement)
        _markers_now_off(agreement)
        audit_record(
            by=None,
            verb=AuditEvent.Verb.CHANGE,
            summary=(
                f"The sharing agreement {agreement.title} with {agreement.organisation} "
                "ended: its partner was told"
            ),
            target=agreement,
            details={"ends_on": agreement.ends_on.isoformat()},
        )
    return len(ended)


def _tell_partner(agreement: SharingAgreement) -> None:
    register = current().register_name
    notify(
        User.objects.filter(organisation=agreement.organisation, is_active=True),
        subject="A sharing agreement with the council has ended",
        body=(
            f"The agreement '{agreement.title}' ended on {agreement.ends_on:%-d %B %Y}. "
            f"The council no longer shares entries of the {register} with you under it: "
            "the check, the API and webhooks no longer show them. Remove any markers you "
            "keep for them, and do not keep or pass on what you were told."
        ),
        event=events.SHARING_ENDED,
    )


def _markers_now_off(agreement: SharingAgreement) -> None:
    """The partner's markers for people it may no longer hear of should now be off: its
    systems are told at once, by the marker reference alone, and they and its staff confirm
    removing them, or the dashboard shows the drift (and the sweep chases it)."""
    partner = agreement.organisation_id
    states = MarkerState.objects.filter(should_be_on=True).filter(
        Q(subscription__organisation=partner) | Q(follower__organisation=partner)
    )
    for state in states.select_related("subscription", "follower"):
        owner = {"subscription": state.subscription, "follower": state.follower}
        if marker_should_be_on(state.person_id, **owner):
            continue
        state = marker_expect(person_id=state.person_id, on=False, **owner)
        if state.subscription_id and state.subscription.active:
            marker_off_send(state)
