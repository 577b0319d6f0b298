"""Who may do what on the register, every answer asked of the user's roles once
(`accounts.roles.holds`, Django's `has_perm`: one cache of a user's grants). Who may run
the check and which cautions they see (the one answer to "may this user see this
caution?", used by the check page, the API, the command line and every selector); who may
change and end cautions, review them, decide an appeal, follow markers. Rules about a
particular person rather than a role (an appeal's handler must not have decided the case)
are beside their action: `appeals.handler_problem`."""

import dataclasses

from django.db.models import QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.accounts.roles import Role
from caution.lib import clock
from caution.policy.profiles import Profile, current
from caution.register.models import Appeal, Caution


@dataclasses.dataclass(frozen=True)
class CheckAccess:
    allowed: bool
    reason: str = ""


def check_access(user) -> CheckAccess:
    if not user.is_authenticated or not _may_check(user):
        return CheckAccess(False, "Your role does not include checking the register.")
    if _councillor_only(user) and current().councillor_access == "none":
        return CheckAccess(False, current().councillor_note)
    return CheckAccess(True)


def caution_scope_for(user, cautions: QuerySet) -> QuerySet:
    if not check_access(user).allowed:
        return cautions.none()
    if roles.holds(user, Role.PARTNER):
        if user.organisation_id is None:
            return cautions.none()
        # Only what a live agreement covers: sharing lapses the day after it ends.
        return cautions.shared_under_agreement(user.organisation_id, on=clock.today())
    return cautions


def _may_check(user) -> bool:
    # Answered from the user's roles, read once per request (accounts/roles.py).
    return user.has_perm(roles.CHECK)


def _councillor_only(user) -> bool:
    others = (role for role in Role if role != Role.COUNCILLOR)
    return roles.holds(user, Role.COUNCILLOR) and not roles.holds(user, *others)


def may_review(user, profile: Profile | None = None) -> bool:
    """The profile's reviewer (002 §4.7 Governance Group, 003 §10.2 reviewing manager), or
    the register officer recording what the group decided."""
    profile = profile or current()
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm(roles.DECIDE):
        return True
    return roles.holds(user, profile.review.by.role)


def may_decide_appeal(appeal: Appeal, user) -> bool:
    """Whether `user` may decide this appeal now: it is open and they are its handler."""
    return appeal.status == Appeal.Status.OPEN and getattr(user, "id", None) == appeal.handler_id


def may_change_cautions(user) -> bool:
    """The register officer and decision makers (DECIDE), and the profile's single decider."""
    if user.has_perm(roles.DECIDE):
        return True
    return roles.holds(user, current().decision.decider_role)


def require_reviewer(user) -> None:
    """Reviews are for the profile's reviewer and the register officer; 404 for others."""
    if not may_review(user):
        raise Http404


def may_follow_markers(user) -> bool:
    """Anyone who may see cautions may follow them for a marker; partners only those
    shared with their organisation."""
    return check_access(user).allowed


def may_end_on_leaving(user) -> bool:
    """Where the profile ends cautions when the person leaves the tenancy (003 §10.3),
    those who may change cautions."""
    return current().retention.remove_when_tenancy_ends and may_change_cautions(user)


def may_export_register(user) -> bool:
    """Who may import the register may take it back out (the register officer)."""
    return user.has_perm(roles.IMPORT)


def people_named_for(user, person_ids) -> set:
    """Of these people, those the user may see by name (a caution of theirs is in the
    user's scope): what a notification about them may show beside its subject."""
    cautions = Caution.objects.filter(person_id__in=[pk for pk in person_ids if pk])
    return set(caution_scope_for(user, cautions).values_list("person_id", flat=True))
