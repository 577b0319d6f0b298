"""Pages for a caution: what it holds and its history, changing it, extending it, ending it,
and recording a breach of one of its restrictions. Thin: each reads through a selector and
changes through an action; errors come back on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render

from caution.accounts import roles
from caution.audit.selectors import history_of
from caution.lib import clock
from caution.lib.forms import action_ran
from caution.policy.profiles import current
from caution.register import access, cautions, selectors
from caution.register.cautions_forms import AmendForm, BreachForm, EndForm, ExtendForm
from caution.register.models import Restriction
from caution.register.restrictions import restrictions_ended, restrictions_words


def caution(request, caution_id):
    caution = selectors.caution_get_for_user(caution_id, request.user)
    restrictions, today = list(caution.restriction_set.all()), clock.today()
    return render(
        request,
        "register/caution.html",
        {
            "caution": caution,
            "restrictions_in_force": restrictions_words(restrictions, on=today),
            "restrictions_ended": restrictions_ended(restrictions, on=today),
            "level": current().level(caution.level),
            "history": history_of(caution),
            "may_change": access.may_change_cautions(request.user) and caution.status == "active",
        },
    )


def _caution_change(request, caution_id, form_class, title: str, change, initial=None):
    caution = selectors.caution_get_for_user(caution_id, request.user)
    form = form_class(request.POST or None, initial={"version": caution.version, **(initial or {})})
    ran = request.method == "POST" and form.is_valid()
    if ran and action_ran(form, lambda: change(caution, form.cleaned_data)):
        messages.success(request, f"{title}: done.")
        return redirect("register:caution", caution.id)
    return render(
        request, "register/workflow_form.html", {"form": form, "title": title, "caution": caution}
    )


def caution_amend(request, caution_id):
    caution = selectors.caution_get_for_user(caution_id, request.user)
    initial = {
        "level": caution.level,
        "precautions": caution.precautions,
        "key_contact": caution.key_contact,
    }
    return _caution_change(
        request,
        caution_id,
        AmendForm,
        "Change the caution",
        lambda c, d: cautions.caution_amend(
            c,
            level=d["level"],
            precautions=d["precautions"],
            key_contact=d["key_contact"],
            reason=d["reason"],
            version=d["version"],
            by=request.user,
        ),
        initial,
    )


def caution_extend(request, caution_id):
    return _caution_change(
        request,
        caution_id,
        ExtendForm,
        "Extend the caution",
        lambda c, d: cautions.caution_extend(
            c, expires_on=d["expires_on"], reason=d["reason"], version=d["version"], by=request.user
        ),
    )


def caution_end(request, caution_id):
    return _caution_change(
        request,
        caution_id,
        EndForm,
        "End the caution",
        lambda c, d: cautions.caution_end(
            c, reason=d["reason"], version=d["version"], by=request.user
        ),
    )


@permission_required(roles.CHECK, raise_exception=True)
def breach(request, caution_id):
    caution = selectors.caution_for_breach(caution_id, request.user)
    form = BreachForm(request.POST or None, caution=caution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        restriction: Restriction | None = data["restriction"]
        if action_ran(
            form,
            lambda: cautions.breach_record(
                caution,
                restriction=restriction,
                occurred_at=form.occurred_at(),
                description=data["description"],
                by=request.user,
            ),
        ):
            messages.success(request, "The breach has been recorded and the register officer told.")
            return redirect("register:check")
    return render(
        request,
        "register/workflow_form.html",
        {"form": form, "title": "Record a breach of a restriction"},
    )
