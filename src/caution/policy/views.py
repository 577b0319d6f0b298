from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from caution.accounts import roles
from caution.policy import describe
from caution.policy.profiles import current


@permission_required(roles.VIEW_PROFILE, raise_exception=True)
def profile(request):
    shown = current()
    context = {
        "shown": shown,
        "sections": describe.sections(shown),
        "role_names": describe.role_names(shown),
        "categories": describe.categories(shown),
    }
    return render(request, "policy/profile.html", context)
