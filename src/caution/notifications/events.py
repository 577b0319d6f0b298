"""What staff are told about, in one place: each event's name, what the preferences page
calls it, and how it is sent unless the user chooses otherwise.

Callers pass one of these keys as `notify(..., event=...)`. Safety alerts, and the notices
the policy sends to the posts it names (000 §7 "should always be notified"), cannot be
turned off: they always go by e-mail and in the service.
"""

import dataclasses

INCIDENT_SUBMITTED = "incident_submitted"
APPROVAL_AWAITED = "approval_awaited"
CHANGE_PROPOSED = "change_proposed"
MEETING_SCHEDULED = "meeting_scheduled"
DECISION_MADE = "decision_made"
CAUTION_ADDED = "caution_added"
CAUTION_CHANGED = "caution_changed"
CAUTION_REMOVED = "caution_removed"
BREACH_RECORDED = "breach_recorded"
LETTER_AWAITING_SIGN_OFF = "letter_awaiting_sign_off"
DEADLINE_NEAR = "deadline_near"
DEADLINE_MISSED = "deadline_missed"
REGISTER_BULLETIN = "register_bulletin"
MARKER = "marker"
SAFETY_ALERT = "safety_alert"
REPORT_NOTICE = "report_notice"
SHARING_ENDED = "sharing_ended"
MARKERS_UNCONFIRMED = "markers_unconfirmed"
CHECKS_DIGEST = "checks_digest"

# The register changes that the bulletin and the team markers follow.
REGISTER_CHANGES = (CAUTION_ADDED, CAUTION_CHANGED, CAUTION_REMOVED)


@dataclasses.dataclass(frozen=True)
class Event:
    key: str
    label: str
    hint: str
    email: bool
    in_app: bool = True
    optional: bool = True


EVENTS: dict[str, Event] = {
    event.key: event
    for event in (
        Event(
            INCIDENT_SUBMITTED,
            "A report awaits assessment",
            "Sent to those who may assess it, and to the decision panel where it decides.",
            email=True,
        ),
        Event(
            APPROVAL_AWAITED,
            "A decision awaits your approval",
            "Sent to the approver of complex cases.",
            email=True,
        ),
        Event(
            CHANGE_PROPOSED,
            "A change to a caution awaits its decider",
            "Sent to whoever decides it, or calls the meeting that will.",
            email=True,
        ),
        Event(
            MEETING_SCHEDULED,
            "You are invited to a decision meeting",
            "Sent to the members invited.",
            email=True,
        ),
        Event(
            DECISION_MADE,
            "A decision on your report",
            "Sent to whoever reported the incident and the staff it affected.",
            email=True,
        ),
        Event(
            CAUTION_ADDED,
            "A caution is added",
            "Sent at once to register officers.",
            email=False,
        ),
        Event(
            CAUTION_CHANGED,
            "A caution is changed",
            "Sent at once to register officers.",
            email=False,
        ),
        Event(
            CAUTION_REMOVED,
            "A caution is removed",
            "Sent at once to register officers.",
            email=False,
        ),
        Event(
            BREACH_RECORDED,
            "A restriction is breached",
            "Sent to register officers.",
            email=True,
        ),
        Event(
            LETTER_AWAITING_SIGN_OFF,
            "A letter awaits your sign-off",
            "Sent to the person who signs the letter.",
            email=True,
        ),
        Event(
            DEADLINE_NEAR,
            "A deadline is near",
            "Sent to whoever must act before it passes.",
            email=True,
        ),
        Event(
            DEADLINE_MISSED,
            "A deadline has been missed",
            "Sent to whoever must act, and to those it is escalated to.",
            email=True,
        ),
        Event(
            REGISTER_BULLETIN,
            "Register updates",
            "Once a day, when the register has changed: what changed that you may see.",
            email=True,
        ),
        Event(
            MARKER,
            "Add or remove your team's marker",
            "Only if you follow additions and removals for your team's marker.",
            email=True,
        ),
        Event(
            MARKERS_UNCONFIRMED,
            "Markers not yet confirmed",
            "A system or a team has not confirmed switching a marker on or off.",
            email=True,
        ),
        Event(
            CHECKS_DIGEST,
            "Unusual checks this week",
            "For the data protection officer, on Mondays: checks of a colleague's name, bulk "
            "checks, checks out of hours, one person checked by many, with links to the audit.",
            email=True,
        ),
        Event(
            SHARING_ENDED,
            "A sharing agreement has ended",
            "For a partner's staff: the council no longer shares cautions with you under it. "
            "Always sent by e-mail and in the service.",
            email=True,
            optional=False,
        ),
        Event(
            REPORT_NOTICE,
            "Reports your post is told of",
            "Police involvement, injury, RIDDOR, serious incidents and low-level reports, as "
            "the council's policy names your post. Always sent by e-mail and in the service.",
            email=True,
            optional=False,
        ),
        Event(
            SAFETY_ALERT,
            "Safety alerts",
            "A threat against you. Always sent by e-mail and in the service.",
            email=True,
            optional=False,
        ),
    )
}

OPTIONAL_EVENTS = tuple(event for event in EVENTS.values() if event.optional)
