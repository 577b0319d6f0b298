"""Where a restriction may work against a reasonable adjustment agreed with the person
(Equality Act 2010 s.20; ADR 0024). The table is small and explicit: a restriction type
(policy/vocabulary.py RESTRICTION_TYPES) against the kinds of adjustment it can defeat. A
decision whose restrictions meet one must say why the restriction is still proportionate.
Adjustments to the format of letters conflict with no restriction: letters still go, in
the format agreed."""

from collections.abc import Iterable

from caution.people.adjusting import adjustments_in_force
from caution.people.models import Adjustment

_ROUTE = Adjustment.Kind.CONTACT_ROUTE
_MEETINGS = Adjustment.Kind.MEETINGS

CONFLICTS: dict[str, frozenset[str]] = {
    "writing_only": frozenset({_ROUTE, _MEETINGS}),
    "no_contact": frozenset({_ROUTE, _MEETINGS}),
    "third_party_only": frozenset({_ROUTE, _MEETINGS}),
    "named_contact": frozenset({_ROUTE}),
    "set_times": frozenset({_ROUTE}),
    "block_excessive_contact": frozenset({_ROUTE}),
    "appointment_only": frozenset({_MEETINGS}),
    "office_ban": frozenset({_MEETINGS}),
    "witness_present": frozenset({_MEETINGS}),
}


def adjustment_conflicts(person_id, restriction_types: Iterable[str]) -> list[str]:
    """What each restriction type given works against among the person's adjustments in
    force, in words (what is agreed only, never the need): empty when nothing does."""
    types = set(restriction_types)
    found = []
    for adjustment in adjustments_in_force([person_id]).get(person_id, []):
        if any(adjustment.kind in CONFLICTS.get(kind, ()) for kind in types):
            found.append(f"{adjustment.get_kind_display()}: {adjustment.agreed}")
    return found
