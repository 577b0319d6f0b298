from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from caution.accounts import roles
from caution.register.access import check_access
from caution.register.check import check_run
from caution.register.check_forms import CheckForm


@require_http_methods(["GET", "POST"])
@permission_required(roles.CHECK, raise_exception=True)
def check(request):
    """The check page. Searches are POSTed so that names never appear in URLs or logs."""
    access = check_access(request.user)
    if not access.allowed:
        return render(request, "register/check_refused.html", {"reason": access.reason}, status=403)
    form = CheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = check_run(form.query(), by=request.user)
    return render(
        request,
        "register/check.html",
        {"form": form, "result": result},
    )
