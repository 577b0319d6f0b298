"""Changing a caution's terms, the one way to (amendments, extensions, appeals and
reviews): locking it, how long it may last, the change itself and its announcement.
Ending a caution is `cautions.caution_close`; its restrictions in words are
`register/restrictions.py`; who decided it is `register/cautions_decision.py`."""

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db.models import Q

from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.notifications import events
from caution.policy.profiles import Profile, current
from caution.policy.rules import expiry_limit
from caution.register.announcing import caution_change_announce, webhooks_publish
from caution.register.models import Caution


@dataclasses.dataclass(frozen=True)
class RestrictionInput:
    type: str
    details: str = ""
    named_contact: str = ""
    channels: tuple[str, ...] = ()
    service_area: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    permanent: bool = False


def caution_lock(caution: Caution, version: int | None = None) -> None:
    """Read the caution afresh, locked for this transaction, and move its version on, so
    that a change form opened before this one answers "changed since you opened it".
    `version`: the one a form was opened at; None takes the caution as it is now."""
    caution.refresh_from_db(from_queryset=Caution.objects.select_for_update())
    bump_version(caution, caution.version if version is None else version)


def expiry_problem(caution: Caution, expires_on: dt.date | None) -> str:
    """Why this expiry is not allowed for this caution, or "" if it is: in the future, and
    no later than the profile lets a caution added on its date, at its level, last
    (rules.expiry_limit). No expiry only where the profile allows permanent entries (004 §5)."""
    profile = current()
    partner = caution.partner_sourced
    limit = expiry_limit(profile, caution.date_added, caution.level, partner=partner)
    if expires_on is None:
        if profile.duration.permanent_allowed and limit is None:
            return ""
        return "This policy does not allow a caution without an end date: set one"
    if expires_on <= clock.today():
        return "The expiry date must be in the future"
    if limit is not None and expires_on > limit:
        months = profile.duration.longest_months(caution.level, partner=partner)
        return (
            f"This caution may last at most until {limit:%-d %B %Y} under this policy "
            f"(at most {months} months from the date it was added)"
        )
    return ""


def terms_change(
    caution: Caution,
    *,
    level: str | None = None,
    precautions: str | None = None,
    key_contact: str | None = None,
    lift: Sequence[int] = (),
    expires_on: dt.date | None = None,
    no_expiry: bool = False,
) -> dict:
    """Change the caution's level, precautions, key contact, restrictions (lift some) or
    expiry, after checking each against the profile. The calling action has moved the
    version on (`bump_version`, `caution_lock`). Returns the changes, field: [before, after]."""
    profile = current()
    changes: dict = {}
    if level is not None and level != caution.level:
        if profile.level(level) is None:
            raise ValidationError({"level": "Choose a level of this profile"})
        changes["level"] = [caution.level, level]
        caution.level = level
    for field, value in (("precautions", precautions), ("key_contact", key_contact)):
        if value is not None and _text(value) != _text(getattr(caution, field)):
            changes[field] = [getattr(caution, field), _text(value)]
            setattr(caution, field, _text(value))
    if expires_on is not None or no_expiry:
        _expiry_change(caution, None if no_expiry else expires_on, changes)
    if lift:
        changes["restrictions_lifted"] = _lift(caution, lift)
    caution.save()
    return changes


def _expiry_change(caution: Caution, new_expiry: dt.date | None, changes: dict) -> None:
    if new_expiry == caution.expires_on:
        return
    problem = expiry_problem(caution, new_expiry)
    if problem:
        raise ValidationError({"expires_on": problem})
    changes["expires_on"] = [_iso(caution.expires_on), _iso(new_expiry)]
    _restrictions_follow(caution, caution.expires_on, new_expiry)
    caution.expires_on = new_expiry


def asks_for_change(
    caution: Caution, *, level: str | None, precautions: str | None, lift: Sequence[int]
) -> bool:
    """Whether these terms differ from the caution's: an outcome that keeps it as it is
    must not quietly drop them."""
    return bool(
        lift
        or (level is not None and level != caution.level)
        or (precautions is not None and _text(precautions) != _text(caution.precautions))
    )


def _text(value: str) -> str:
    """Text as stored: browsers send a textarea's new lines as CR LF."""
    return value.replace("\r\n", "\n").strip()


def extended(changes: dict) -> bool:
    """Whether the changes let the caution last longer than before."""
    if "expires_on" not in changes:
        return False
    before, after = changes["expires_on"]
    return after is None or (before is not None and after > before)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _lift(caution: Caution, lift: Sequence[int]) -> list[str]:
    """End the chosen restrictions yesterday, so none is in force from today; one that only
    started today is deleted (the audit keeps its label)."""
    current_ids = set(caution.restriction_set.filter(_in_force()).values_list("id", flat=True))
    if set(lift) - current_ids:
        raise ValidationError({"lift": "Choose restrictions of this caution that are in force"})
    lifted = list(caution.restriction_set.filter(id__in=lift))
    yesterday = clock.today() - dt.timedelta(days=1)
    for restriction in lifted:
        if restriction.starts_on > yesterday:
            restriction.delete()
            continue
        restriction.ends_on = yesterday
        restriction.permanent = False
        restriction.save(update_fields=["ends_on", "permanent"])
    return [", ".join(restriction.label for restriction in lifted), "lifted"]


def _restrictions_follow(caution: Caution, before: dt.date | None, after: dt.date | None) -> None:
    """Restrictions that lasted as long as the caution go on lasting as long as it; none
    outlasts it."""
    rows = caution.restriction_set.filter(permanent=False)
    if before is not None:
        rows.filter(ends_on=before).update(ends_on=after)
    if after is not None:
        rows.filter(ends_on__gt=after).update(ends_on=after)


def _in_force() -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gte=clock.today())


def restriction_label(type_: str, profile: Profile) -> str:
    return next(option.label for option in profile.restrictions if option.type == type_)


def announce_change(caution: Caution, changes: dict, *, by) -> None:
    """Tell subscribers (webhook `caution.changed`) and staff (register officers, the
    bulletin) that a caution's terms changed; nothing when they did not. A caution that
    ended was announced by `cautions.caution_close`, which ended it."""
    if not changes or caution.status != Caution.Status.ACTIVE:
        return
    webhooks_publish(caution, "caution.changed")
    caution_change_announce(caution, events.CAUTION_CHANGED, by=by)
