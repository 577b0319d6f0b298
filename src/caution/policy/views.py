from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from caution.accounts import roles
from caution.policy.profiles import current


@permission_required(roles.VIEW_PROFILE, raise_exception=True)
def profile(request):
    return render(request, "policy/profile.html", {"shown": current()})
