"""What a letter says, computed from the records when it is drafted.

The result is a dictionary of plain strings and lists of strings: the only thing a letter
template ever sees (no model objects, nothing callable). The officer preparing the letter
can correct any of the words while it is a draft.
"""

import datetime as dt
import re

from django.conf import settings

from caution.lib import clock
from caution.policy.profiles import Profile
from caution.policy.vocabulary import LETTER_ELEMENTS
from caution.register.restrictions import in_force, restrictions_words

# Each required element (vocabulary.LETTER_ELEMENTS) and the template variable that
# carries it. A letter whose template does not use the variable, or whose value for it is
# empty, cannot be issued.
ELEMENT_VARIABLES: dict[str, str] = {element: element for element in LETTER_ELEMENTS}

# The letters that tell the person of a decision: they must carry every element the
# profile's `notification.elements` lists (000 §8.7, 002 §4.5, 003 §9.1-9.2, 004 §5).
DECISION_KINDS = ("warning", "caution", "restrictions")

# The other kinds answer to the same checks with a fixed list: a review or appeal outcome
# says what was decided and why; a reply to unacceptable correspondence says why it is
# unacceptable, what happens if it goes on and that only new issues are answered (001 §9.1).
OTHER_KIND_ELEMENTS: dict[str, tuple[str, ...]] = {
    "review_outcome": ("action", "reasons"),
    # 002 §3: told of any extension or removal, whatever made it.
    "extension": ("action", "reasons"),
    "removal": ("action",),
    "appeal_acknowledgement": ("action",),
    "appeal_outcome": ("action", "reasons"),
    "unacceptable_correspondence": (
        "behaviour_unacceptable",
        "breach_consequences",
        "how_to_contact",
    ),
}

# Filled in when the letter is signed, not typed by the officer.
SET_AT_SIGNING = ("date", "appeal_deadline", "signatory_name", "signatory_title")

# Every variable a template may use, with what it holds (shown to administrators).
VARIABLES: dict[str, str] = {
    "council": "The council's name",
    "register_name": "The name of the register",
    "person_name": "The person's name",
    "address_lines": "The person's address, a list of lines",
    "date": "The date of the letter (set when it is signed)",
    "reference": "The letter's reference",
    "level_label": "The caution's level, in words",
    "restrictions": "The restrictions, a list of lines",
    "outcome": "The outcome of a review or appeal",
    "signatory_name": "Who signs the letter (set when it is signed)",
    "signatory_title": "Their post (set when it is signed)",
    **{name: LETTER_ELEMENTS[element] for element, name in ELEMENT_VARIABLES.items()},
}


def required_elements(kind: str, profile: Profile) -> tuple[str, ...]:
    if kind in DECISION_KINDS:
        return profile.notification.elements
    return OTHER_KIND_ELEMENTS.get(kind, ())


def _long_date(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _without_section_marks(text: str) -> str:
    """The profile's own notes cite the policy's sections ("(§9.2)"); a letter does not."""
    return re.sub(r"\s*\(§[^)]*\)", "", text).strip()


def council_address() -> list[str]:
    return [line for line in settings.CAUTION_COUNCIL_ADDRESS if line]


# The variables by which a letter asks the person to write in: such a letter must give
# the council's address, and cannot be sent for sign-off or signed without one.
ASKS_FOR_REPLY = ("how_to_contact", "appeal", "appeal_deadline")


def report_account(decision) -> str:
    """The report's account as the reporter wrote it: shown to the officer writing the
    letter, for their summary; never put into the letter."""
    if decision is None or decision.incident_id is None:
        return ""
    return decision.incident.description.strip()


def _address_lines(person) -> list[str]:
    links = [link for link in person.address_links.all() if link.current]
    if not links:
        return []
    address = links[0].address
    return [part for part in (address.line1, address.line2, address.town, address.postcode) if part]


def _restrictions(caution) -> list:
    """The caution's restrictions in force today: one that has ended is not in a letter."""
    if caution is None:
        return []
    today = clock.today()
    return [r for r in caution.restriction_set.all() if in_force(r, on=today)]


def _restriction_lines(caution) -> list[str]:
    if caution is None:
        return []
    return restrictions_words(caution.restriction_set.all(), on=clock.today())


def _restriction_duration(caution) -> str:
    restrictions = _restrictions(caution)
    if not restrictions:
        return "This decision places no restrictions on how you contact the council."
    lines = []
    for r in restrictions:
        if r.permanent:
            lines.append(f"{r.label}: no time limit, until a review lifts it.")
        elif r.ends_on:
            lines.append(f"{r.label}: until {_long_date(r.ends_on)}.")
        else:
            lines.append(f"{r.label}: for as long as your details stay on the register.")
    return " ".join(lines)


def _register_duration(caution, profile: Profile) -> str:
    if caution is None:
        return ""
    if caution.expires_on:
        return (
            f"Your details will remain on the {profile.register_name} until "
            f"{_long_date(caution.expires_on)} at the latest."
        )
    return (
        f"Your details will remain on the {profile.register_name} until a review decides "
        "they are no longer needed."
    )


def _sharing(caution, profile: Profile) -> str:
    who = ["council employees who may deal with you"]
    if profile.councillor_access == "check":
        who.append("councillors")
    if caution is not None:
        who += [org.name for org in caution.shared_with.all()]
    listed = ", ".join(who[:-1]) + f" and {who[-1]}" if len(who) > 1 else who[0]
    return f"This information is shared with {listed}, so that they can keep themselves safe."


def _appeal(profile: Profile) -> str:
    appeal = profile.appeal
    if not appeal.allowed:
        return f"There is no appeal process at present. {_without_section_marks(appeal.route)}." + (
            f" You may also contact the {appeal.external}." if appeal.external else ""
        )
    route = _without_section_marks(appeal.route)
    text = f"You have the right to appeal against this decision: {route}."
    if appeal.external:
        text += (
            " If you are not satisfied with the answer, you may refer the matter to the "
            f"{appeal.external}."
        )
    return text


def appeal_deadline(profile: Profile, letter_date: dt.date) -> str:
    window = profile.appeal.window
    if not profile.appeal.allowed or window is None:
        return ""
    return (
        f"Your appeal must reach us within {window} of the day you receive this letter: "
        f"if you receive it on {_long_date(letter_date)}, by {_long_date(window.due(letter_date))}."
    )


def _how_to_contact(profile: Profile) -> str:
    where = ", ".join(council_address()) or profile.council
    return (
        "If you need to raise a new issue or ask for a service, please write to us at "
        f"{where}, quoting the reference at the top of this letter. Matters that have already "
        "been dealt with will not be reopened or answered again."
    )


def _review_date(caution, profile: Profile) -> str:
    due = caution.next_review if caution is not None else None
    if due is None:
        due = clock.today() + dt.timedelta(days=30 * profile.review.interval_months)
    return f"This decision will be reviewed by {_long_date(due)}."


def _incident(decision, profile: Profile) -> tuple[str, str]:
    """What happened, in outline, for the officer to summarise in their own words: when,
    where and what kind of behaviour. Never the reporter's account as written: it is
    written for colleagues, may name staff and witnesses, and is not the council's voice."""
    if decision is None or decision.incident_id is None:
        return "", ""
    incident = decision.incident
    when = incident.occurred_at and _long_date(incident.occurred_at.date())
    category = profile.category(incident.category)
    what = category.label.lower() if category else "behaviour"
    outline = f"{what[0].upper()}{what[1:]} towards a member of the council's staff"
    if incident.location:
        outline += f", at {incident.location}"
    return (f"On {when}: {outline[0].lower()}{outline[1:]}." if when else f"{outline}."), (
        when or ""
    )


def _behaviour(decision, profile: Profile) -> str:
    category = profile.category(decision.category) if decision is not None else None
    what = f" ({category.label.lower()})" if category else ""
    return (
        f"The council considers your behaviour{what} unacceptable: it puts the health, safety "
        "and welfare of its staff at risk, and the council has a duty to protect them."
    )


def _entry(profile: Profile) -> str:
    """Where the person's details go, in words that read for every register's name."""
    name = profile.register_name
    if name.lower().endswith("register"):
        return f"Your details have been added to the council's {name}."
    return f"Your details have been recorded by the council ({name})."


def _action(kind: str, caution, profile: Profile) -> str:
    if kind == "warning":
        return (
            "This letter is a formal warning. No restrictions are placed on your contact "
            "with the council at this stage, but they may be if the behaviour continues."
        )
    text = _entry(profile)
    if _restrictions(caution):
        text += " Your contact with the council is restricted as set out in this letter."
    return text


def _future_contact(caution) -> str:
    if _restrictions(caution):
        return (
            "You may still contact the council and receive its services, within the "
            "restrictions set out in this letter. Staff who deal with you will know of "
            "this decision and may take precautions for their safety."
        )
    return (
        "You may still contact the council and receive its services. Staff who deal with "
        "you will know of this decision and may take precautions for their safety."
    )


BREACH_CONSEQUENCES = (
    "If the behaviour continues or you do not keep to what this letter asks, the council "
    "may take further action: stricter restrictions on how you contact us, ending contact "
    "except in writing, reporting the matter to the police, or legal action."
)


def letter_fields(
    *, kind: str, person, profile: Profile, caution=None, decision=None, appeal=None, review=None
) -> dict:
    """Everything a letter of this kind can say about this person, as plain text."""
    incident, incident_date = _incident(decision, profile)
    level = profile.level(caution.level) if caution is not None else None
    fields = {
        "council": profile.council,
        "register_name": profile.register_name,
        "person_name": person.display_name if person is not None else "",
        "address_lines": _address_lines(person) if person is not None else [],
        "date": _long_date(clock.today()),
        "level_label": level.label if level else "",
        "restrictions": _restriction_lines(caution),
        "incident": incident,
        "incident_date": incident_date,
        "behaviour_unacceptable": _behaviour(decision, profile),
        "action": _action(kind, caution, profile),
        "reasons": decision.reasons if decision is not None else "",
        "future_contact": _future_contact(caution),
        "how_to_contact": _how_to_contact(profile),
        "breach_consequences": BREACH_CONSEQUENCES,
        "restriction_duration": _restriction_duration(caution),
        "register_duration": _register_duration(caution, profile),
        "review_date": _review_date(caution, profile),
        "sharing": _sharing(caution, profile),
        "appeal": _appeal(profile),
        "appeal_deadline": appeal_deadline(profile, clock.today()),
        "policy_enclosed": (
            f"A copy of the council's policy on the {profile.register_name} is enclosed "
            "for your information."
        ),
        "outcome": "",
        "signatory_name": "",
        "signatory_title": profile.notification.signatory.title,
    }
    if kind == "review_outcome":
        fields.update(_review_outcome(review, caution, profile))
    elif kind in ("appeal_acknowledgement", "appeal_outcome"):
        fields.update(_appeal_letter(kind, appeal, profile))
    elif kind == "unacceptable_correspondence":
        fields.update(_unacceptable_correspondence())
    elif kind in ("extension", "removal"):
        fields.update(_change_letter(kind, caution, profile))
    return fields


def _change_letter(kind: str, caution, profile: Profile) -> dict:
    """An extension or a removal told to the person (002 §3), whatever made it: a decision
    on a change, expiry, the end of a tenancy. The reasons are the change's own, given by
    whoever drafts the letter."""
    if caution is None:
        return {"action": "", "reasons": ""}
    if kind == "extension":
        return {"action": _register_duration(caution, profile), "reasons": ""}
    ended = _long_date(caution.ended_on) or _long_date(clock.today())
    return {
        "action": f"Your details were removed from the {profile.register_name} on {ended}. "
        "Staff are no longer told to take precautions before contact with you.",
        "reasons": caution.ended_reason,
    }


def _review_outcome(review, caution, profile: Profile) -> dict:
    if review is None:
        return {"action": "", "reasons": "", "outcome": ""}
    words = {
        "keep": f"Your details will stay on the {profile.register_name}.",
        "change": f"Your entry on the {profile.register_name} has been changed.",
        "remove": f"Your details have been removed from the {profile.register_name}.",
    }
    outcome = words.get(review.outcome, review.get_outcome_display())
    next_review = (
        f" The next review is due by {_long_date(review.next_review)}."
        if review.next_review
        else ""
    )
    return {
        "outcome": outcome,
        "action": f"The council has reviewed its decision about you. {outcome}{next_review}",
        "reasons": review.reasons,
    }


def _appeal_letter(kind: str, appeal, profile: Profile) -> dict:
    if appeal is None:
        return {"action": "", "reasons": "", "outcome": ""}
    if kind == "appeal_acknowledgement":
        due = f" by {_long_date(appeal.answer_due)}" if appeal.answer_due else ""
        return {
            "action": (
                f"We received your appeal on {_long_date(appeal.received_on)}. It will be "
                f"considered by the {appeal.handler_title}, who will write to you with the "
                f"outcome{due}."
            ),
            "reasons": "",
        }
    outcome = appeal.get_outcome_display() if appeal.outcome else ""
    external = appeal.external_route or profile.appeal.external
    return {
        "outcome": outcome,
        "action": f"The {appeal.handler_title} has decided your appeal. {outcome}.",
        "reasons": appeal.reasons,
        "appeal": (
            "If you are not satisfied with this answer, you may refer the matter to the "
            f"{external}."
            if external
            else ""
        ),
    }


def _unacceptable_correspondence() -> dict:
    return {
        "behaviour_unacceptable": (
            "The language in your recent correspondence is offensive, unnecessary and "
            "unhelpful, and the council considers it unacceptable. Please do not write to "
            "us in this way again."
        ),
        "breach_consequences": (
            "If you continue to write in this way, there will be no further exchange of "
            "correspondence on the matter, and the council may take other action under its "
            "policy on unacceptable behaviour."
        ),
        "how_to_contact": (
            "In future we may read your letters and e-mails and reply only where they raise "
            "a new issue that we have not answered before."
        ),
        "action": "",
        "reasons": "",
    }


SAMPLE_FIELDS: dict = {
    "person_name": "Sam Sample",
    "address_lines": ["1 Example Street", "Sampleton", "AB1 2CD"],
    "date": "2 March 2026",
    "reference": "L-SAMPLE",
    "level_label": "Abusive",
    "restrictions": ["Contact in writing only", "Office visits by appointment only"],
    "restriction_duration": "These restrictions last until 2 March 2027.",
    "incident": "On 27 February 2026: shouted and swore at an officer at the front desk.",
    "incident_date": "27 February 2026",
    "reasons": "The behaviour caused distress and is likely to happen again.",
    "outcome": "Your details will stay on the register.",
    "signatory_name": "Alex Example",
}


def sample_fields(kind: str, profile: Profile) -> dict:
    """Made-up data for the template preview: no real person's details."""
    fields = letter_fields(kind=kind, person=None, profile=profile)
    fields.update(SAMPLE_FIELDS)
    fields["action"] = fields["action"] or "The council has decided as set out in this letter."
    if kind == "appeal_outcome":
        # An appeal's outcome names the route beyond the council, not a further appeal.
        external = profile.appeal.external
        fields["action"] = "Your appeal has been considered. It is refused."
        fields["appeal"] = (
            "If you are not satisfied with this answer, you may refer the matter to the "
            f"{external}."
            if external
            else ""
        )
    fields["appeal_deadline"] = appeal_deadline(profile, dt.date(2026, 3, 2))
    return fields
