"""Pages: your notifications, your choices, marker subscriptions, the register bulletin.
Thin: reads through selectors, changes through actions; every page is the signed-in user's
own, and a record outside their scope answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from caution.lib.paging import page_links, page_of
from caution.notifications import actions, events, selectors
from caution.notifications.forms import MarkerForm, PreferencesForm
from caution.register import access, announcing, announcing_selectors
from caution.register.markers import marker_confirm, marker_state_of


def index(request):
    page = page_of(request, selectors.notifications_for(request.user))
    named = access.people_named_for(request.user, {note.about_id for note in page})
    for note in page:
        note.about_name = note.about.display_name if note.about_id in named else ""
    return render(
        request,
        "notifications/index.html",
        {
            "page": page,
            "links": page_links(page),
            "unread": selectors.unread_count(request.user),
        },
    )


@require_POST
def mark_read(request, notification_id):
    note = selectors.notification_get_for_user(notification_id, request.user)
    actions.notification_mark_read(note, by=request.user)
    return redirect("notifications:index")


@require_POST
def mark_all_read(request):
    actions.notifications_mark_all_read(by=request.user)
    messages.success(request, "All your notifications are marked as read")
    return redirect("notifications:index")


def preferences(request):
    current = selectors.preferences_of(request.user)
    initial = {
        key: [name for name, on in (("email", ch.email), ("in_app", ch.in_app)) if on]
        for key, ch in current.items()
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.preferences_update(request.user, chosen=form.chosen(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Your notification choices are saved")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "safety": events.EVENTS[events.SAFETY_ALERT],
            "report_notice": events.EVENTS[events.REPORT_NOTICE],
        },
    )


def markers(request):
    if not access.may_follow_markers(request.user):
        raise PermissionDenied("Your role does not include seeing the register.")
    subscription = selectors.marker_subscription_of(request.user)
    form = MarkerForm(request.POST or None, initial={"system": getattr(subscription, "system", "")})
    if request.method == "POST" and "stop" in request.POST:
        announcing.marker_unsubscribe(by=request.user)
        messages.success(request, "You no longer follow additions and removals")
        return redirect("notifications:markers")
    if request.method == "POST" and form.is_valid():
        try:
            announcing.marker_subscribe(system=form.cleaned_data["system"], by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "You follow additions to and removals from the register")
            return redirect("notifications:markers")
    return render(
        request, "notifications/markers.html", {"form": form, "subscription": subscription}
    )


def marker(request, caution_id):
    page = announcing_selectors.marker_get_for_user(caution_id, request.user)
    if request.method == "POST" and request.POST.get("marker") in ("on", "off"):
        switched = request.POST["marker"]
        marker_confirm(page.caution, on=switched == "on", by=request.user)
        messages.success(request, f"You have confirmed the marker is {switched}")
        return redirect("notifications:marker", caution_id)
    state = marker_state_of(page.caution, request.user)
    return render(request, "notifications/marker.html", {"page": page, "state": state})


def bulletin(request, bulletin_id):
    page = announcing_selectors.bulletin_get_for_user(bulletin_id, request.user)
    return render(request, "notifications/bulletin.html", {"page": page})
