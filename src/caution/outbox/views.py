"""Administrators' pages: webhook subscribers, their references, and the delivery log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from caution.lib.forms import action_ran
from caution.outbox import actions, selectors
from caution.outbox.forms import ReferenceForm, SubscriptionForm
from caution.people.models import Person
from caution.register.markers import markers_drift
from caution.register.models import Caution


def webhooks(request):
    context = {
        "subscriptions": selectors.subscriptions_list(request.user),
        "summary": selectors.outbox_summary(request.user),
        "drift": markers_drift(),
    }
    return render(request, "outbox/webhooks.html", context)


def subscription_add(request):
    selectors.subscriptions_list(request.user)  # administrators only
    form = SubscriptionForm(request.POST or None)
    created = []
    if (
        request.method == "POST"
        and form.is_valid()
        and action_ran(
            form,
            lambda: created.append(
                actions.subscription_create(**form.cleaned_data, by=request.user)
            ),
        )
    ):
        return _show_secret(request, created[0], created[0].secret, new=True)
    return render(request, "outbox/subscription_form.html", {"form": form})


def _show_secret(request, subscription, secret: str, *, new: bool):
    """The secret is shown once, on the answer to the POST that made it: never in a URL, a
    message cookie or a page that can be opened again."""
    context = {"subscription": subscription, "secret": secret, "new": new}
    return render(request, "outbox/secret.html", context)


def subscription(request, subscription_id):
    subscription = selectors.subscription_get_for_admin(subscription_id, request.user)
    form = _edit_form(subscription, request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and action_ran(
            form,
            lambda: actions.subscription_update(subscription, **form.cleaned_data, by=request.user),
        )
    ):
        messages.success(request, f"{subscription.name} has been changed.")
        return redirect("outbox:webhooks")
    return _subscription_page(request, subscription, form, ReferenceForm())


def _edit_form(subscription, data=None) -> SubscriptionForm:
    initial = {
        "name": subscription.name,
        "url": subscription.url,
        "events": subscription.events,
        "organisation": subscription.organisation,
        "active": subscription.active,
    }
    return SubscriptionForm(data, editing=True, initial=initial)


def _subscription_page(request, subscription, form, reference_form, status: int = 200):
    context = {
        "subscription": subscription,
        "form": form,
        "reference_form": reference_form,
        "references": subscription.references.order_by("-updated_at")[:50],
        "deliveries": selectors.subscription_deliveries(subscription),
    }
    return render(request, "outbox/subscription.html", context, status=status)


@require_POST
def subscription_secret(request, subscription_id):
    subscription = selectors.subscription_get_for_admin(subscription_id, request.user)
    secret = actions.subscription_secret_rotate(subscription, by=request.user)
    return _show_secret(request, subscription, secret, new=False)


@require_POST
def reference(request, subscription_id):
    subscription = selectors.subscription_get_for_admin(subscription_id, request.user)
    form = ReferenceForm(request.POST)
    if form.is_valid():
        person = _person_for(form.cleaned_data["record"])
        if person is None:
            form.add_error("record", "No person or caution has this ID")
        else:
            try:
                actions.reference_set(
                    subscription,
                    person=person,
                    reference=form.cleaned_data["reference"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{subscription.name}'s reference has been saved.")
                return redirect("outbox:subscription", subscription.id)
    return _subscription_page(request, subscription, _edit_form(subscription), form, status=422)


def _person_for(record_id) -> Person | None:
    person = Person.objects.filter(id=record_id).first()
    if person is not None:
        return person
    caution = Caution.objects.filter(id=record_id).select_related("person").first()
    return caution.person if caution else None


def delivery_log(request):
    context = {
        "summary": selectors.outbox_summary(request.user),
        "failed": selectors.failed_messages(request.user),
        "attempts": selectors.recent_attempts(request.user),
    }
    return render(request, "outbox/delivery_log.html", context)


@require_POST
def message_retry(request):
    try:
        message_id = int(request.POST.get("message", ""))
    except ValueError:
        raise Http404 from None
    message = selectors.message_get_for_admin(message_id, request.user)
    try:
        actions.outbox_message_retry(message, by=request.user)
    except ValidationError:
        messages.info(request, "That message is no longer failed.")
    else:
        messages.success(request, "The message will be sent again within a minute.")
    return redirect("outbox:delivery_log")
