"""Your notifications, your choices and your marker subscription through the JSON API: the
same actions and reads as the pages (notifications/views.py). Everything here is the
signed-in user's own."""

import datetime as dt
from uuid import UUID

from ninja import Field, Router, Schema

from caution.lib.api_schemas import In, refusals
from caution.notifications import actions, events, selectors
from caution.notifications.models import Notification
from caution.register import announcing

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: UUID
    event: str = Field(description="A key of the events below; empty for other messages")
    subject: str
    body: str
    url: str = Field(description="The page it is about, a path in the service")
    safety: bool
    created_at: dt.datetime
    read: bool


class MarkedOut(Schema):
    marked: int


class ChoiceOut(Schema):
    event: str
    label: str
    email: bool
    in_app: bool


class ChoiceIn(In):
    event: str
    email: bool
    in_app: bool


class ChoicesIn(In):
    choices: list[ChoiceIn] = Field(
        description="Every optional event, each with its channels; an event left out is "
        "neither e-mailed nor shown. Safety alerts are always on and cannot be listed."
    )


class MarkerOut(Schema):
    following: bool
    system: str = ""


class MarkerIn(In):
    system: str = Field(description="The system that holds your team's marker")


def _note_json(note: Notification) -> dict:
    return {
        "id": note.id,
        "event": note.event,
        "subject": note.subject,
        "body": note.body,
        "url": note.url,
        "safety": note.safety,
        "created_at": note.created_at,
        "read": note.read_at is not None,
    }


def _choices_json(user) -> list[dict]:
    chosen = selectors.preferences_of(user)
    return [
        {
            "event": e.key,
            "label": e.label,
            "email": chosen[e.key].email,
            "in_app": chosen[e.key].in_app,
        }
        for e in events.OPTIONAL_EVENTS
    ]


def _marker_json(user) -> dict:
    subscription = selectors.marker_subscription_of(user)
    return {"following": subscription is not None, "system": getattr(subscription, "system", "")}


@router.get("/notifications", response={200: list[NotificationOut]} | refusals())
def notification_list(request):
    """Your latest 100 messages, newest first."""
    latest = selectors.notifications_for(request.user)[: selectors.LATEST]
    return [_note_json(note) for note in latest]


@router.post("/notifications/read", response={200: MarkedOut} | refusals())
def notification_read_all(request):
    """Mark all your messages as read."""
    return {"marked": actions.notifications_mark_all_read(by=request.user)}


@router.post(
    "/notifications/{notification_id}/read", response={200: NotificationOut} | refusals(404)
)
def notification_read(request, notification_id: UUID):
    """Mark one of your messages as read; anyone else's answers 404."""
    note = selectors.notification_get_for_user(notification_id, request.user)
    return _note_json(actions.notification_mark_read(note, by=request.user))


@router.get("/notifications/choices", response={200: list[ChoiceOut]} | refusals())
def choices_get(request):
    """How you are told of each optional event: the defaults until you choose."""
    return _choices_json(request.user)


@router.put("/notifications/choices", response={200: list[ChoiceOut]} | refusals(422))
def choices_put(request, payload: ChoicesIn):
    """Choose, for each optional event, e-mail, in the service, both or neither."""
    chosen = {
        c.event: {name for name, on in (("email", c.email), ("in_app", c.in_app)) if on}
        for c in payload.choices
    }
    actions.preferences_update(request.user, chosen=chosen, by=request.user)
    return _choices_json(request.user)


@router.get("/notifications/marker", response={200: MarkerOut} | refusals())
def marker_get(request):
    """Whether you follow additions to and removals from the register for a marker."""
    return _marker_json(request.user)


@router.put("/notifications/marker", response={200: MarkerOut} | refusals(403, 422))
def marker_put(request, payload: MarkerIn):
    """Follow additions and removals, to switch your team's marker on and off (002 §3.1)."""
    announcing.marker_subscribe(system=payload.system, by=request.user)
    return _marker_json(request.user)


@router.delete("/notifications/marker", response={200: MarkerOut} | refusals())
def marker_delete(request):
    """Stop following additions and removals."""
    announcing.marker_unsubscribe(by=request.user)
    return _marker_json(request.user)
