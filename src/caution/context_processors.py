from django.http import HttpRequest

from caution.accounts.roles import roles_of
from caution.navigation import navigation_for
from caution.policy.profiles import current


def service(request: HttpRequest) -> dict:
    """The service's names from the policy profile, and the signed-in user's navigation."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "profile": current(),
        "service_name": "Caution Register",
        "navigation": navigation_for(request),
        "user_roles": [role.label for role in roles_of(user)] if signed_in else [],
    }
