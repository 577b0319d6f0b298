"""Pages for information-sharing agreements (ADR 0017): the data protection officer and
administrators record and change them; a partner's users see the looks their
organisation took. Thin: reads through selectors, changes through actions."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from caution.accounts import selectors
from caution.accounts.agreements import agreement_change, agreement_create, category_choices
from caution.accounts.forms import AgreementForm
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib.forms import action_ran
from caution.lib.paging import page_links, page_of
from caution.register.selectors import cautions_shared_under

# The partner's latest looks shown on an agreement's page; the partner's page has them all.
LOOKS_SHOWN = 50


def agreements(request):
    found = selectors.agreements_list(request.user)
    return render(request, "accounts/agreements.html", {"agreements": found})


def agreement_add(request):
    selectors.agreements_list(request.user)  # those who manage agreements only
    form = AgreementForm(request.POST or None, request.FILES or None)
    made = []
    if (
        request.method == "POST"
        and form.is_valid()
        and action_ran(
            form,
            lambda: made.append(
                agreement_create(form.terms(), document=form.document_bytes(), by=request.user)
            ),
        )
    ):
        messages.success(request, f"The agreement {made[0].title} has been recorded")
        return redirect("agreements:agreement", made[0].id)
    return render(request, "accounts/agreement_form.html", {"form": form, "agreement": None})


def agreement(request, agreement_id):
    found = selectors.agreement_get_for_manager(agreement_id, request.user)
    looks = selectors.partner_looks(found.organisation_id)[:LOOKS_SHOWN]
    labels = dict(category_choices())
    context = {
        "agreement": found,
        "looks": looks,
        "category_labels": [labels.get(code, code) for code in found.categories],
        "shared": cautions_shared_under(found, request.user),
    }
    return render(request, "accounts/agreement.html", context)


def agreement_edit(request, agreement_id):
    found = selectors.agreement_get_for_manager(agreement_id, request.user)
    initial = {field: getattr(found, field) for field in AgreementForm.base_fields}
    form = AgreementForm(request.POST or None, request.FILES or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and action_ran(
            form,
            lambda: agreement_change(
                found, form.terms(), document=form.document_bytes(), by=request.user
            ),
        )
    ):
        messages.success(request, "The agreement has been changed")
        return redirect("agreements:agreement", found.id)
    context = {"form": form, "agreement": found}
    return render(request, "accounts/agreement_form.html", context)


def agreement_document(request, agreement_id):
    found = selectors.agreement_get_for_manager(agreement_id, request.user)
    if not found.document:
        raise Http404
    audit_record(
        by=request.user,
        verb=AuditEvent.Verb.VIEW,
        summary=f"Opened the signed sharing agreement {found.title}",
        target=found,
    )
    name = f"agreement{found.document.name[found.document.name.rfind('.') :]}"
    return FileResponse(found.document.open("rb"), as_attachment=True, filename=name)


def partner_looks(request):
    """A partner's users: every check and record their organisation's people and systems
    looked at, as the council sees it (000 §8.6)."""
    page = page_of(request, selectors.partner_looks_for(request.user))
    return render(request, "accounts/partner_looks.html", {"page": page, "links": page_links(page)})
