"""The service navigation each role sees."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from caution.accounts import roles
from caution.policy.profiles import current


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
    ("Audit", "privacy:audit", roles.VIEW_AUDIT),
    ("Users", "accounts:users", roles.MANAGE_USERS),
    ("Policy profile", "policy:profile", roles.VIEW_PROFILE),
)


def navigation_for(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, permission in ITEMS:
        if name == "register:meetings" and current().decision.panel is None:
            continue
        if user.has_perm(permission):
            url = reverse(name)
            items.append(NavItem(label, url, request.path.startswith(url)))
    return items
