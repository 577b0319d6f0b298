"""The end of a caution's life on the register: expiry at the end of its period (run by the
daily sweep), and ending a person's cautions when they leave the service (003 §10.3).

Each ends through `cautions.caution_close`, as every caution does: it leaves the check at
once (the check shows only active cautions), subscribers are told by webhook, and the
register officers and the teams that keep a marker in their own systems (002 §3.1,
003 §2.3) are told to remove it. Where the profile says so, a letter telling the person
is drafted for sign-off (002 §3).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from caution.audit.operator import SYSTEM
from caution.lib import clock
from caution.people.models import Person
from caution.policy.profiles import current
from caution.register import cautions_decision
from caution.register.access import may_change_cautions
from caution.register.cautions import caution_close
from caution.register.models import Caution


@transaction.atomic
def cautions_expire(*, as_of: dt.date) -> int:
    """End every active caution whose expiry date has come (002 §4.5.1, 000 Appendix
    10.2). Run by the daily sweep; running it again for the same day changes nothing."""
    due = Caution.objects.active().filter(expires_on__lte=as_of).select_related("person")
    expired = 0
    for caution in due.select_for_update(of=("self",)):
        caution_close(
            caution,
            status=Caution.Status.EXPIRED,
            reason=f"Expired at the end of its period on {caution.expires_on:%-d %B %Y}",
            by=SYSTEM,
            on=as_of,
        )
        cautions_decision.letter_on_change("removal", caution, reason="", by=SYSTEM)
        expired += 1
    return expired


@transaction.atomic
def cautions_end_on_leaving(person: Person, *, left_on: dt.date, by) -> int:
    """The person no longer has a tenancy or licence with the council: their cautions come
    off the register (003 §10.3), where the policy profile says so."""
    if not current().retention.remove_when_tenancy_ends:
        raise ValidationError("Under this policy a caution does not end when the person leaves.")
    if not may_change_cautions(by):
        raise PermissionDenied("Your role does not include ending cautions.")
    if left_on > clock.today():
        raise ValidationError({"left_on": "The date the person left must be today or in the past"})
    active = Caution.objects.active().filter(person=person).select_for_update(of=("self",))
    ended = 0
    for caution in active:
        caution_close(
            caution,
            status=Caution.Status.REMOVED,
            reason=f"The person's tenancy or licence ended on {left_on:%-d %B %Y}",
            by=by,
            summary="Ended a caution: the person left the service",
        )
        cautions_decision.letter_on_change("removal", caution, reason="", by=by)
        ended += 1
    return ended
