"""Pages for disputes about a person's identity, reached from the person's record. Thin:
each reads through a selector and changes through an action (register/identity.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from caution.lib.forms import action_ran
from caution.register import identity, selectors
from caution.register.identity_forms import DisputeRaiseForm, DisputeResolveForm


def dispute_raise(request, person_id):
    person = selectors.person_get_for_user(person_id, request.user)
    form = DisputeRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        if action_ran(
            form, lambda: identity.identity_dispute_raise(person, account=account, by=request.user)
        ):
            messages.success(request, "The dispute is raised: the check shows it until resolved.")
            return redirect("people:detail", person.id)
    context = {"form": form, "person": person, "title": "Dispute who this person is"}
    return render(request, "register/identity_form.html", context)


def dispute_resolve(request, dispute_id):
    # Refused before the lookup, which audits the view of the dispute.
    if not identity.may_resolve_dispute(request.user):
        raise Http404
    dispute = selectors.identity_dispute_get_for_user(dispute_id, request.user)
    form = DisputeResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: identity.identity_dispute_resolve(
                dispute, outcome=data["outcome"], note=data["note"], by=request.user
            ),
        ):
            messages.success(request, "The dispute is resolved.")
            return redirect("people:detail", dispute.person_id)
    context = {
        "form": form,
        "person": dispute.person,
        "dispute": dispute,
        "title": "Resolve the dispute about who this person is",
    }
    return render(request, "register/identity_form.html", context)
