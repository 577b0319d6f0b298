"""Pages for a caution: what it holds and its history, proposing a change to it (its
terms, expiry or end) for the decider the profile names, deciding a proposed change,
correcting a typing error, recording a breach of one of its restrictions, and recording
legal action against the person and correspondence received from them. Thin: each
reads through a selector and changes through an action; errors come back on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from caution.accounts import roles
from caution.audit.selectors import history_of
from caution.lib import clock
from caution.lib.forms import action_made, action_ran
from caution.policy.profiles import current
from caution.register import access, cautions, changing, deciding, selectors
from caution.register.cautions_forms import (
    AmendForm,
    BreachForm,
    ChangeDecideForm,
    CorrectForm,
    CorrespondenceForm,
    EndForm,
    ExtendForm,
    LegalActionForm,
)
from caution.register.models import CautionChange, Restriction
from caution.register.restrictions import restrictions_ended, restrictions_words


def caution(request, caution_id):
    caution = selectors.caution_get_for_user(caution_id, request.user)
    restrictions, today = list(caution.restriction_set.all()), clock.today()
    offers = changing.offers(caution, request.user)
    return render(
        request,
        "register/caution.html",
        {
            "caution": caution,
            "restrictions_in_force": restrictions_words(restrictions, on=today),
            "restrictions_ended": restrictions_ended(restrictions, on=today),
            "level": current().level(caution.level),
            "history": history_of(caution),
            "offers": offers,
            "may_change": any(offers.values()),
            "changes_proposed": selectors.changes_proposed(caution),
            "may_review": access.may_review(request.user),
            "shared_with": list(caution.shared_with.all()),
            "may_record_on_caution": access.may_change_cautions(request.user),
        },
    )


def _caution_change(
    request, caution_id, form_class, title: str, change, initial=None, *, may=None, **extra
):
    # The form only for whom its action would take it from (the action asks again), and
    # asked before the caution is read: a refused request leaves no view in the audit.
    if not (may or changing.may_propose)(request.user):
        raise PermissionDenied("Your role does not include changing cautions.")
    caution = selectors.caution_get_for_user(caution_id, request.user)
    form = form_class(
        request.POST or None, initial={"version": caution.version, **(initial or {})}, **extra
    )
    done = None
    if request.method == "POST" and form.is_valid():
        done = action_made(form, lambda: change(caution, form.cleaned_data))
    if done is not None:
        made = getattr(done, "status", CautionChange.Status.MADE) == CautionChange.Status.MADE
        if made:
            messages.success(request, f"{title}: done.")
            return redirect("register:caution", caution.id)
        messages.success(request, f"{title}: proposed. It waits for its decider.")
        return redirect("register:change", done.id)
    return render(
        request, "register/workflow_form.html", {"form": form, "title": title, "caution": caution}
    )


def caution_amend(request, caution_id):
    if not changing.may_propose(request.user):
        raise PermissionDenied("Your role does not include changing cautions.")
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
        lambda c, d: changing.caution_change_propose(
            c,
            action=CautionChange.Action.AMEND,
            level=d["level"],
            precautions=d["precautions"],
            key_contact=d["key_contact"],
            lift=d.get("lift") or (),
            reason=d["reason"],
            version=d["version"],
            by=request.user,
        ),
        initial,
        caution=caution,
    )


def caution_extend(request, caution_id):
    return _caution_change(
        request,
        caution_id,
        ExtendForm,
        "Change the expiry",
        lambda c, d: changing.caution_change_propose(
            c,
            action=CautionChange.Action.EXTEND,
            expires_on=d["expires_on"],
            reason=d["reason"],
            version=d["version"],
            by=request.user,
        ),
    )


def caution_end(request, caution_id):
    return _caution_change(
        request,
        caution_id,
        EndForm,
        "End the caution",
        lambda c, d: changing.caution_change_propose(
            c,
            action=CautionChange.Action.END,
            reason=d["reason"],
            version=d["version"],
            by=request.user,
        ),
    )


def caution_correct(request, caution_id):
    if not changing.may_correct(request.user):
        raise PermissionDenied("Only the register officer corrects the register.")
    caution = selectors.caution_get_for_user(caution_id, request.user)
    initial = {"precautions": caution.precautions, "key_contact": caution.key_contact}
    return _caution_change(
        request,
        caution_id,
        CorrectForm,
        "Correct a typing error",
        lambda c, d: changing.caution_correct(
            c,
            precautions=d["precautions"],
            key_contact=d["key_contact"],
            reason=d["reason"],
            version=d["version"],
            by=request.user,
        ),
        initial,
        may=changing.may_correct,
    )


def change(request, change_id):
    """A proposed change to a caution, and its decider's decision."""
    change = selectors.change_get_for_user(change_id, request.user)
    meetings = selectors.meetings_deciding(change)
    form = ChangeDecideForm(
        request.POST or None, initial={"version": change.version}, meetings=meetings
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: changing.caution_change_decide(
                change,
                made=data["made"],
                reasons=data["reasons"],
                meeting=data.get("meeting"),
                version=data["version"],
                by=request.user,
            ),
        ):
            messages.success(request, "The decision on the change has been recorded.")
            return redirect("register:caution", change.caution_id)
    return render(
        request,
        "register/change.html",
        {
            "change": change,
            "caution": change.caution,
            "form": form,
            "may_decide": change.status == CautionChange.Status.PROPOSED
            and not changing.decider_problem(change, request.user, _only(meetings)),
            "decided_by": changing.route_title(deciding.change_routes(change.kinds), current()),
        },
    )


def _only(meetings):
    """Where one meeting can decide the change, whether this user may record it there."""
    if meetings is None:
        return None
    found = list(meetings[:2])
    return found[0] if len(found) == 1 else None


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


def legal_action(request, caution_id):
    return _record_on_caution(
        request,
        caution_id,
        LegalActionForm,
        cautions.legal_action_record,
        refused="Your role does not include recording legal action.",
        title="Record legal action",
        done="The legal action has been recorded.",
    )


def correspondence(request, caution_id):
    return _record_on_caution(
        request,
        caution_id,
        CorrespondenceForm,
        cautions.correspondence_record,
        refused="Your role does not include logging correspondence.",
        title="Log correspondence received",
        done="The correspondence has been logged.",
    )


def _record_on_caution(request, caution_id, form_class, record, *, refused, title, done):
    """A page that records something on a caution (legal action, correspondence): for those
    who may change cautions, by the action that takes the form's fields by name."""
    if not access.may_change_cautions(request.user):
        raise PermissionDenied(refused)
    caution = selectors.caution_get_for_user(caution_id, request.user)
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and action_ran(form, lambda: record(caution, **form.cleaned_data, by=request.user))
    ):
        messages.success(request, done)
        return redirect("register:caution", caution.id)
    context = {"form": form, "title": title, "caution": caution}
    return render(request, "register/workflow_form.html", context)
