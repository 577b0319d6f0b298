import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from caution.accounts import roles
from caution.audit.models import AuditEvent
from caution.lib.forms import REFUSALS, refusal_to_form
from caution.policy.profiles import current
from caution.privacy import selectors, subject_access
from caution.privacy.forms import (
    AccessRequestForm,
    ExportForm,
    ReasonForm,
    RectificationForm,
    RectificationOutcomeForm,
    ReviewForm,
)
from caution.privacy.rectification import rectification_decide, rectification_record
from caution.privacy.retention import legal_hold_lift, legal_hold_place
from caution.register.selectors import person_get_for_user


@permission_required(roles.VIEW_AUDIT, raise_exception=True)
def audit(request):
    """The audit, newest first, for the data protection officer. Read-only: nothing on this
    page or anywhere else changes an event. Filtering is by GET, and carries no personal data:
    a kind of event, who acted and the day, or a person by their record's random id (the
    links of the data protection officer's digest of unusual checks)."""
    wanted = selectors.AuditFilter.from_query(request.GET)
    page = selectors.audit_page(request.user, wanted=wanted, number=request.GET.get("page"))
    return render(
        request,
        "privacy/audit.html",
        {
            "page": page,
            "wanted": wanted,
            "verb": wanted.verb,
            "verbs": AuditEvent.Verb.choices,
            "narrowed": dataclasses.replace(wanted, verb="").query(),
        },
    )


def _run(form, change):
    """Run an action for a valid form; put any refusal on the form. The result, or None."""
    try:
        return change()
    except REFUSALS as error:
        refusal_to_form(form, error)
        return None


def _form_page(request, form, *, title: str, person=None, intro: str = ""):
    return render(
        request,
        "privacy/form.html",
        {"form": form, "title": title, "person": person, "intro": intro},
    )


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def data_protection(request):
    """Subject access and rectification requests, open and overdue first."""
    access, corrections = selectors.requests_page(request.user)
    return render(
        request,
        "privacy/data_protection.html",
        {"access_requests": access, "rectifications": corrections},
    )


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def deletion(request):
    profile = current()
    return render(
        request,
        "privacy/deletion.html",
        {
            "schedule": selectors.deletion_due(request.user),
            "months": profile.retention.after_removal_months,
        },
    )


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def access_new(request, person_id):
    person = person_get_for_user(person_id, request.user)
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _run(
            form,
            lambda: subject_access.access_request_record(
                person, channel=data["channel"], received_on=data["received_on"], by=request.user
            ),
        )
        if created:
            messages.success(request, f"Request recorded: answer by {created.due_on:%-d %B %Y}.")
            return redirect("privacy:access_request", created.id)
    return _form_page(request, form, title="Record a subject access request", person=person)


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def access_request(request, request_id):
    """The request; the export's free text to review, other people named in it
    highlighted; once reviewed, the export to download."""
    access = selectors.access_request_open(request_id, request.user)
    # As asked; else as last reviewed; else with staff and witness names redacted.
    names = request.GET.get("names")
    redact = names != "shown" if names else not (access.reviewed_at and not access.redacted)
    review = ReviewForm(
        request.POST if "review" in request.POST else None, initial={"redact": redact}
    )
    export = ExportForm(request.POST if "export" in request.POST else None)
    if review.is_bound and review.is_valid():
        redact = review.cleaned_data["redact"]
        done = _run(
            review,
            lambda: subject_access.access_review_confirm(access, redact=redact, by=request.user),
        )
        if done is not None:
            messages.success(request, "Review confirmed: the export can be downloaded.")
            return redirect("privacy:access_request", access.id)
    if export.is_bound and export.is_valid():
        content = _run(export, lambda: subject_access.access_export(access, by=request.user))
        if content is not None:
            response = HttpResponse(content, content_type="application/zip")
            name = f"subject-access-{str(access.id)[:8]}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(
        request,
        "privacy/access_request.html",
        {
            "access": access,
            "redact": redact,
            "passages": subject_access.access_review(access, redact=redact),
            "review": review,
            "export": export,
        },
    )


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def rectification_new(request, person_id):
    person = person_get_for_user(person_id, request.user)
    form = RectificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _run(
            form,
            lambda: rectification_record(
                person, received_on=data["received_on"], request=data["request"], by=request.user
            ),
        )
        if created:
            messages.success(request, "Request to correct the data recorded.")
            return redirect("privacy:rectification", created.id)
    return _form_page(request, form, title="Record a request to correct data", person=person)


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def rectification(request, request_id):
    found = selectors.rectification_get(request_id, request.user)
    form = RectificationOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = _run(
            form,
            lambda: rectification_decide(
                found, outcome=data["outcome"], reason=data["reason"], by=request.user
            ),
        )
        if decided:
            messages.success(request, "Outcome recorded.")
            return redirect("privacy:data_protection")
    return render(request, "privacy/rectification.html", {"found": found, "form": form})


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def hold_new(request, person_id):
    person = person_get_for_user(person_id, request.user)
    form = ReasonForm(request.POST or None, button="Place the legal hold")
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _run(form, lambda: legal_hold_place(person, reason=reason, by=request.user)):
            messages.success(request, "Legal hold placed: the records will not be deleted.")
            return redirect("people:detail", person.id)
    intro = "While the hold is in place, this person's records are not deleted."
    return _form_page(request, form, title="Place a legal hold", person=person, intro=intro)


@permission_required(roles.PROTECT_DATA, raise_exception=True)
def hold_lift(request, hold_id):
    hold = selectors.hold_get(hold_id, request.user)
    form = ReasonForm(request.POST or None, button="Lift the legal hold")
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _run(form, lambda: legal_hold_lift(hold, reason=reason, by=request.user)):
            messages.success(request, "Legal hold lifted: deletion follows the retention period.")
            return redirect("privacy:deletion")
    intro = f"Placed {hold.placed_at:%-d %B %Y}: {hold.reason}"
    return _form_page(request, form, title="Lift the legal hold", intro=intro)
