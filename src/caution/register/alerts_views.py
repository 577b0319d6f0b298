from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from caution.accounts import roles
from caution.register.access import check_access
from caution.register.alerts import visit_check
from caution.register.alerts_forms import VisitListForm


@require_http_methods(["GET", "POST"])
@permission_required(roles.CHECK, raise_exception=True)
def visits(request):
    """A day's visit list, for staff without a system that asks for them: each visit is
    checked, and audited, as the check page checks one; the flagged ones are listed."""
    access = check_access(request.user)
    if not access.allowed:
        return render(request, "register/check_refused.html", {"reason": access.reason}, status=403)
    form = VisitListForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        checked = [(row, visit_check(row.visit, by=request.user)) for row in form.rows]
    context = {
        "form": form,
        "checked": checked,
        "flagged": [(row, result) for row, result in checked or () if result.found],
        "clear": [row for row, result in checked or () if not result.found],
    }
    return render(request, "register/visits.html", context)
