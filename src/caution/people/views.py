from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from caution.accounts import roles
from caution.audit.selectors import history_of
from caution.lib.forms import action_made, action_ran
from caution.people.adjusting import adjustment_end, adjustment_record
from caution.people.correcting import person_correct, person_details
from caution.people.forms import AdjustmentForm, CorrectForm, MergeForm
from caution.people.merging import duplicate_candidates, person_merge
from caution.people.models import Adjustment, Person
from caution.policy.profiles import current
from caution.privacy.forms import LeftServiceForm
from caution.register.access import may_end_on_leaving, may_review
from caution.register.cautions_expiry import cautions_end_on_leaving
from caution.register.changing import offers
from caution.register.identity import may_raise_dispute, may_resolve_dispute
from caution.register.selectors import (
    adjustments_get_for_user,
    identity_disputes_of,
    person_get_for_user,
    person_record_get,
)


def detail(request, person_id):
    """The person as the hub: their details, each caution with the ways to act on it, and
    the reports about them."""
    record = person_record_get(person_id, request.user)
    person, profile = record.person, current()
    reviewer = may_review(request.user, profile)
    cautions = [
        (c, profile.level(c.level), offers(c, request.user), reviewer) for c in record.cautions
    ]
    # Who corrected the details, when, what they said before and why: for those who
    # correct them and the data protection officer.
    sees_history = request.user.has_perm(roles.CORRECT_PEOPLE) or request.user.has_perm(
        roles.VIEW_AUDIT
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "cautions": cautions,
            "reports": record.reports,
            "letters_shown": record.letters_shown,
            "history": history_of(person) if sees_history else None,
            "disputes": identity_disputes_of(person),
            "may_raise_dispute": may_raise_dispute(request.user),
            "may_resolve_dispute": may_resolve_dispute(request.user),
        },
    )


@permission_required(roles.CORRECT_PEOPLE, raise_exception=True)
def correct(request, person_id):
    """Correct the person's names, date of birth, addresses and contacts (002 §4.3)."""
    person = person_get_for_user(person_id, request.user)
    form = CorrectForm(request.POST or None, details=person_details(person), version=person.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        corrected = action_ran(
            form,
            lambda: person_correct(
                person,
                changes=form.details(),
                reason=data["reason"],
                version=data["version"],
                by=request.user,
            ),
        )
        if corrected:
            messages.success(request, "The person's details are corrected.")
            return redirect("people:detail", person.id)
    return render(request, "people/correct.html", {"person": person, "form": form})


@permission_required(roles.MERGE_PEOPLE, raise_exception=True)
def merge(request, person_id):
    person = person_get_for_user(person_id, request.user)
    candidates = duplicate_candidates(person)
    form = MergeForm(request.POST or None, candidates=[(str(p.id), _label(p)) for p in candidates])
    if request.method == "POST" and form.is_valid():
        duplicate = Person.objects.get(id=form.cleaned_data["duplicate"])
        try:
            person_merge(
                duplicate, into=person, reason=form.cleaned_data["reason"], by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, "The records are merged.")
            return redirect("people:detail", person.id)
    return render(
        request, "people/merge.html", {"person": person, "form": form, "candidates": candidates}
    )


def _label(person: Person) -> str:
    born = f", born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ""
    places = "; ".join(link.address.one_line for link in person.address_links.all())
    return f"{person.display_name}{born}" + (f" ({places})" if places else "")


@permission_required(roles.DECIDE, raise_exception=True)
def left_service(request, person_id):
    """The person's tenancy or licence has ended: their cautions come off (003 §10.3)."""
    if not may_end_on_leaving(request.user):
        raise PermissionDenied
    person = person_get_for_user(person_id, request.user)
    form = LeftServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ended = cautions_end_on_leaving(
                person, left_on=form.cleaned_data["left_on"], by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, f"{ended} caution(s) ended: the person has left.")
            return redirect("people:detail", person.id)
    intro = "Their cautions come off the register today and no longer show in the check."
    return render(
        request,
        "privacy/form.html",
        {
            "form": form,
            "title": "The person has left the service",
            "person": person,
            "intro": intro,
        },
    )


@permission_required(roles.RECORD_ADJUSTMENTS, raise_exception=True)
def adjustments(request, person_id):
    """The reasonable adjustments agreed with the person, with the needs they meet, and
    recording one more (ADR 0024)."""
    person, agreed = adjustments_get_for_user(person_id, request.user)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = action_made(
            form, lambda: adjustment_record(person, **form.cleaned_data, by=request.user)
        )
        if made:
            messages.success(request, "The adjustment is recorded: the check shows it from now on.")
            return redirect("people:adjustments", person.id)
    return render(
        request, "people/adjustments.html", {"person": person, "adjustments": agreed, "form": form}
    )


@require_POST
@permission_required(roles.RECORD_ADJUSTMENTS, raise_exception=True)
def adjustment_end_view(request, person_id, adjustment_id):
    adjustment = get_object_or_404(Adjustment, id=adjustment_id, person_id=person_id)
    try:
        adjustment_end(adjustment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The adjustment has ended: the check no longer shows it.")
    return redirect("people:adjustments", person_id)
