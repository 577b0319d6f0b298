"""Who may handle and see letters, asked of the user's roles (`accounts.roles.holds`):
the register officer and decision makers, and whoever the profile has decide, sign,
review or hear appeals."""

from django.core.exceptions import PermissionDenied

from caution.accounts import roles
from caution.policy.profiles import current


def may_handle_letters(user) -> bool:
    """Who prepares and sends letters: the register officer and decision makers, and
    whoever the profile has decide, sign, review or hear appeals. None is the system."""
    if user is None or user.has_perm(roles.DECIDE):
        return True
    profile = current()
    allowed = {
        profile.decision.decider_role,
        profile.notification.signatory.role,
        profile.review.by.role,
    }
    if profile.appeal.handler is not None:
        allowed.add(profile.appeal.handler.role)
    return roles.holds(user, *allowed)


def require_letter_handler(user) -> None:
    """Refuses anyone who may not prepare or send letters."""
    if not may_handle_letters(user):
        raise PermissionDenied("Your role does not include preparing or sending letters.")


def refuse_if_not_exemption_approver(user) -> None:
    """Only the register officer or a decision maker approves not telling the person."""
    require_letter_handler(user)
    if user is None or not user.has_perm(roles.DECIDE):
        raise PermissionDenied("Only the register officer or a decision maker approves this.")


def may_see_letters(user) -> bool:
    """Letters and their pages are for those who handle them, signed in."""
    return user is not None and user.is_authenticated and may_handle_letters(user)
