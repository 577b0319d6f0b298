"""The service navigation each role sees."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from caution.accounts import roles
from caution.letters.access import may_see_letters
from caution.notifications.selectors import unread_count
from caution.policy.profiles import current
from caution.register.access import may_review
from caution.reporting.access import may_see_committee_report


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


ITEMS = (
    ("Check", "register:check", roles.CHECK),
    ("Reports", "incidents:index", roles.REPORT),
    ("Dashboard", "register:dashboard", roles.VIEW_INCIDENTS),
    ("Meetings", "register:meetings", roles.VIEW_INCIDENTS),
    ("Reviews", "register:reviews", roles.VIEW_INCIDENTS),
    ("Letters", "letters:index", roles.VIEW_INCIDENTS),
    ("Committee report", "reporting:committee", None),
    ("Audit", "privacy:audit", roles.VIEW_AUDIT),
    ("Data protection", "privacy:data_protection", roles.PROTECT_DATA),
    ("Users", "accounts:users", roles.MANAGE_USERS),
    ("Policy profile", "policy:profile", roles.VIEW_PROFILE),
    ("Letter templates", "letters:templates", roles.EDIT_LETTER_TEMPLATES),
    ("Webhooks", "outbox:webhooks", roles.MANAGE_WEBHOOKS),
    ("Client systems", "clients:clients", roles.MANAGE_CLIENTS),
    ("Sharing agreements", "agreements:agreements", roles.MANAGE_AGREEMENTS),
)


def navigation_for(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, permission in ITEMS:
        if name == "register:meetings" and current().decision.panel is None:
            continue
        if name == "register:reviews" and not may_review(user):
            continue
        if name == "letters:index" and not may_see_letters(user):
            continue
        if name == "reporting:committee" and not may_see_committee_report(user):
            continue
        if permission is None or user.has_perm(permission):
            url = reverse(name)
            items.append(NavItem(label, url, _active(request, url)))
    if roles.holds(user, roles.Role.PARTNER) and user.organisation_id:
        url = reverse("agreements:partner_looks")
        items.append(NavItem("Our looks", url, request.path.startswith(url)))
    items.append(_notifications(request, user))
    return items


def _active(request: HttpRequest, url: str) -> bool:
    """Whether the page is under this item, and not under another item's deeper address
    (the committee report at /reports/committee/ is not among the reports)."""
    if not request.path.startswith(url):
        return False
    committee = reverse("reporting:committee")
    return url == committee or not request.path.startswith(committee)


# A menu count above this is shown as "99+": the number is on the notifications page.
MOST_SHOWN = 99


def _notifications(request: HttpRequest, user) -> NavItem:
    """Everyone's own messages, with how many are unread."""
    url = reverse("notifications:index")
    unread = unread_count(user)
    shown = f"{MOST_SHOWN}+" if unread > MOST_SHOWN else str(unread)
    label = f"Notifications ({shown} unread)" if unread else "Notifications"
    return NavItem(label, url, request.path.startswith(url))
