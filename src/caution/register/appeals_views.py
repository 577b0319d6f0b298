"""Pages for appeals: record one as received, follow it, decide it. Thin: each reads
through a scoped lookup and changes through an action; refusals come back on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render

from caution.accounts import roles
from caution.lib.forms import action_made, action_ran
from caution.policy.profiles import current
from caution.register import access, appeals, selectors
from caution.register.appeals_forms import AppealDecisionForm, AppealForm
from caution.register.models import Appeal


@permission_required(roles.DECIDE, raise_exception=True)
def appeal_new(request, caution_id):
    caution = selectors.caution_get_for_user(caution_id, request.user)
    if not current().appeal.allowed:
        raise Http404
    form = AppealForm(request.POST or None, caution=caution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = action_made(
            form,
            lambda: appeals.appeal_record(
                caution,
                channel=data["channel"],
                received_on=data["received_on"],
                grounds=data["grounds"],
                handler=data["handler"],
                notified_on=data["notified_on"],
                late_reason=data["late_reason"],
                complaint_reference=data.get("complaint_reference", ""),
                fallback=data.get("fallback", False),
                by=request.user,
            ),
        )
        if created is not None:
            messages.success(request, "The appeal has been recorded and the handler told.")
            return redirect("register:appeal", created.id)
    context = {
        "form": form,
        "caution": caution,
        "notified_on": appeals.notified_on_default(caution),
        "rules": current().appeal,
    }
    return render(request, "register/appeal_form.html", context)


def caution_appeal(request, caution_id):
    """The appeal in progress against a caution (the dashboard links here)."""
    caution = selectors.caution_get_for_user(caution_id, request.user)
    appeal = caution.appeals.filter(status=Appeal.Status.OPEN).first()
    if appeal is None:
        raise Http404
    return redirect("register:appeal", appeal.id)


def appeal(request, appeal_id):
    appeal = selectors.appeal_get_for_user(appeal_id, request.user)
    may_decide = access.may_decide_appeal(appeal, request.user)
    form = None
    if may_decide:
        form = AppealDecisionForm(
            request.POST or None, caution=appeal.caution, initial={"version": appeal.version}
        )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: appeals.appeal_decide(
                appeal,
                outcome=data["outcome"],
                reasons=data["reasons"],
                version=data["version"],
                by=request.user,
                **form.terms(),
            ),
        ):
            messages.success(request, "The outcome has been recorded and the letter prepared.")
            return redirect("register:appeal", appeal.id)
    context = {"appeal": appeal, "caution": appeal.caution, "form": form, "rules": current().appeal}
    return render(request, "register/appeal_detail.html", context)
