"""Subject access: a person's right to a copy of everything held about them (000 §8.5),
answered within one calendar month of receipt (UK GDPR Article 12(3)).

The export is one zip: a readable summary (HTML and PDF), the same as JSON, and the
letters sent to the person as PDFs. Before release, the names of staff and witnesses can
be replaced by roles ("Officer A", "Witness B"), in the fields that hold them and wherever
they appear in the text.

Other people named in the free text (a neighbour in a report, a witness's son in a
statement) cannot be found by field: the officer reviews every passage, with the names,
dates and phone numbers found in it highlighted (privacy/review.py), and confirms the
review (`access_review_confirm`, audited) before the export can be downloaded. The
export's review notes list what was flagged and who reviewed it.
"""

import datetime as dt
import io
import json
import re
import string
import zipfile

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.models import Person
from caution.policy.profiles import current
from caution.privacy.access import require_data_protection
from caution.privacy.models import RectificationRequest, SubjectAccessRequest
from caution.privacy.review import Passage, Subject, digest, passages
from caution.register.models import Caution, Decision, IdentityDispute
from caution.register.restrictions import in_force, restriction_words, restrictions_words


def access_due_on(received_on: dt.date) -> dt.date:
    """One calendar month from receipt (the last day of the month where it is shorter)."""
    return received_on + relativedelta(months=1)


@transaction.atomic
def access_request_record(
    person: Person, *, channel: str, received_on: dt.date, by
) -> SubjectAccessRequest:
    """Log a subject access request and its statutory deadline."""
    require_data_protection(by, does="handles subject access")
    if channel not in SubjectAccessRequest.Channel.values:
        raise ValidationError({"channel": "Choose how the request came in"})
    if received_on > clock.today():
        raise ValidationError({"received_on": "The date received must be today or in the past"})
    request = SubjectAccessRequest.objects.create(
        person=person,
        channel=channel,
        received_on=received_on,
        due_on=access_due_on(received_on),
        recorded_by=by,
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary="Recorded a subject access request",
        target=request,
        details={"due_on": request.due_on.isoformat()},
        people=[person],
    )
    return request


class Names:
    """Staff and witness names, as they appear, or replaced by roles when redacting."""

    def __init__(self, *, redact: bool) -> None:
        self.redact = redact
        self.labels: dict[str, str] = {}
        self._counts = {"Officer": 0, "Witness": 0}

    def _label(self, name: str, kind: str, parts: tuple[str, ...] = ()) -> str:
        if not self.redact or not name:
            return name
        if name not in self.labels:
            letter = string.ascii_uppercase[self._counts[kind] % 26]
            self._counts[kind] += 1
            self.labels[name] = f"{kind} {letter}"
            # A first name or surname alone in a statement is redacted too.
            for part in (*parts, *name.split()):
                if len(part) > 2:
                    self.labels.setdefault(part, self.labels[name])
        return self.labels[name]

    def staff(self, user) -> str:
        if user is None:
            return "The service"
        return self._label(user.display_name, "Officer", (user.first_name, user.last_name))

    def witness(self, name: str) -> str:
        return self._label(name, "Witness")

    def scrub(self, value):
        """Replace every redacted name, as a whole word, wherever it appears in the text."""
        if not self.labels:
            return value
        names = sorted(self.labels, key=len, reverse=True)
        pattern = re.compile(r"\b(" + "|".join(re.escape(name) for name in names) + r")\b")
        return self._scrub(value, pattern)

    def _scrub(self, value, pattern: re.Pattern):
        if isinstance(value, dict):
            return {key: self._scrub(item, pattern) for key, item in value.items()}
        if isinstance(value, list):
            return [self._scrub(item, pattern) for item in value]
        if isinstance(value, str):
            return pattern.sub(lambda match: self.labels[match.group(0)], value)
        return value


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _person(person: Person) -> dict:
    return {
        "reference": person.reference or "",
        "names": [
            {
                "kind": name.get_kind_display(),
                "given_names": name.given_names,
                "family_name": name.family_name,
            }
            for name in person.names.all()
        ],
        "date_of_birth": _date(person.date_of_birth),
        "addresses": [
            {
                "address": link.address.one_line,
                "relation": link.get_relation_display(),
                "current": link.current,
            }
            for link in person.address_links.select_related("address")
        ],
        "contact_points": [
            {"kind": contact.get_kind_display(), "value": contact.value}
            for contact in person.contact_points.all()
        ],
    }


def _assessment(incident: Incident, names: Names) -> dict | None:
    assessment = getattr(incident, "assessment", None)
    if assessment is None:
        return None
    return {
        "assessed_at": _date(assessment.assessed_at),
        "assessor": names.staff(assessment.assessor),
        "severity": assessment.get_severity_display(),
        "future_risk": assessment.get_future_risk_display(),
        "recommended_level": assessment.recommended_level,
        "reasons": assessment.reasons,
        "context": assessment.context,
    }


def _incidents(person: Person, names: Names) -> list[dict]:
    incidents = (
        Incident.objects.filter(person=person).select_related("reported_by").order_by("created_at")
    )
    return [
        {
            "kind": incident.get_kind_display(),
            "status": incident.get_status_display(),
            "occurred_at": _date(incident.occurred_at),
            "location": incident.location,
            "channel": incident.get_channel_display(),
            "service_area": incident.service_area,
            "category": incident.category,
            "what_happened": incident.description,
            "reported_by": names.staff(incident.reported_by),
            "reporting_agency": incident.agency,
            "police_involved": incident.police_involved,
            "police_reference": incident.police_reference,
            "staff_affected": [
                names.staff(staff.user) if staff.user else names.witness(staff.name)
                for staff in incident.staff.select_related("user")
            ],
            "witnesses": [
                {"name": names.witness(w.name), "statement": w.statement}
                for w in incident.witnesses.all()
            ],
            "contacts": [
                {
                    "at": _date(c.occurred_at),
                    "channel": c.get_channel_display(),
                    "summary": c.summary,
                }
                for c in incident.contacts.all()
            ],
            "evidence": [
                {"kind": e.get_kind_display(), "added": _date(e.uploaded_at)}
                for e in incident.evidence.all()
            ],
            "assessment": _assessment(incident, names),
        }
        for incident in incidents
    ]


def _decisions(person: Person, names: Names) -> list[dict]:
    decisions = Decision.objects.filter(person=person).select_related("decided_by")
    return [
        {
            "decided_at": _date(decision.decided_at),
            "decided_by": names.staff(decision.decided_by),
            "outcome": decision.get_outcome_display(),
            "status": decision.get_status_display(),
            "reasons": decision.reasons,
            "level": decision.level,
            "warning_expires_on": _date(decision.warning_expires_on),
            "identified_by": decision.get_identified_by_display(),
            "identity_reason": decision.identity_reason,
        }
        for decision in decisions.order_by("decided_at")
    ]


def _cautions(person: Person, names: Names) -> list[dict]:
    profile, today = current(), clock.today()
    cautions = (
        Caution.objects.filter(person=person)
        .prefetch_related("restriction_set")
        .order_by("date_added")
    )
    return [
        {
            "register": profile.register_name,
            "level": caution.level,
            "level_label": getattr(profile.level(caution.level), "label", ""),
            "status": caution.get_status_display(),
            "date_added": _date(caution.date_added),
            "expires_on": _date(caution.expires_on),
            "ended_on": _date(caution.ended_on),
            "ended_reason": caution.ended_reason,
            "last_reviewed": _date(caution.last_reviewed),
            "next_review": _date(caution.next_review),
            "notified": caution.get_notified_display(),
            "appeal_in_progress": caution.appeal_in_progress,
            "precautions": caution.precautions,
            "what_happened": caution.incident_summary,
            # Every restriction row, those that have ended too: all that is held.
            "restrictions": [
                {
                    "what": r.label,
                    "details": r.details,
                    "named_contact": r.named_contact,
                    "starts_on": _date(r.starts_on),
                    "ends_on": _date(r.ends_on),
                    "permanent": r.permanent,
                    "in_words": restriction_words(r),
                    "in_force": in_force(r, on=today),
                }
                for r in caution.restriction_set.all()
            ],
            # Those in force, as the check shows them to staff.
            "restrictions_in_words": "\n".join(
                restrictions_words(caution.restriction_set.all(), on=today)
            ),
            "breaches": [
                {
                    "at": _date(b.occurred_at),
                    "what": b.description,
                    "recorded_by": names.staff(b.recorded_by),
                }
                for b in caution.breaches.select_related("recorded_by")
            ],
            "appeals": [
                {
                    "received_on": _date(a.received_on),
                    "channel": a.get_channel_display(),
                    "grounds": a.grounds,
                    "handled_by": names.staff(a.handler),
                    "status": a.get_status_display(),
                    "outcome": a.get_outcome_display(),
                    "reasons": a.reasons,
                    "decided_on": _date(a.decided_on),
                }
                for a in caution.appeals.select_related("handler")
            ],
            "reviews": [
                {
                    "reviewed_on": _date(r.reviewed_on),
                    "outcome": r.get_outcome_display(),
                    "reasons": r.reasons,
                    "reviewed_by": names.staff(r.reviewed_by),
                    "next_review": _date(r.next_review),
                }
                for r in caution.reviews.select_related("reviewed_by")
            ],
        }
        for caution in cautions
    ]


def _letters(person: Person) -> list[Letter]:
    return list(Letter.objects.filter(person=person).order_by("created_at"))


def _letter(letter: Letter) -> dict:
    return {
        "reference": letter.reference,
        "kind": letter.get_kind_display(),
        "status": letter.get_status_display(),
        "issued_at": _date(letter.issued_at),
        "delivered_at": _date(letter.delivered_at),
        "delivery": letter.get_delivery_method_display(),
        "text": letter.text,
        "file": f"letters/{letter.reference}.pdf" if letter.pdf else "",
    }


def _audit(person: Person, names: Names) -> list[dict]:
    events = AuditEvent.objects.filter(people=person).select_related("actor").order_by("at")
    return [
        {
            "at": _date(event.at),
            "who": names.staff(event.actor) if event.actor else "The service",
            "what": event.get_verb_display(),
            "summary": event.summary,
        }
        for event in events
    ]


def _rectifications(person: Person) -> list[dict]:
    return [
        {
            "received_on": _date(r.received_on),
            "request": r.request,
            "outcome": r.get_outcome_display(),
            "reason": r.outcome_reason,
        }
        for r in RectificationRequest.objects.filter(person=person)
    ]


def _identity_disputes(person: Person) -> list[dict]:
    return [
        {
            "raised_on": _date(dispute.raised_at),
            "account": dispute.account,
            "outcome": dispute.get_outcome_display() if dispute.outcome else "Not yet resolved",
            "note": dispute.note,
        }
        for dispute in IdentityDispute.objects.filter(person=person).order_by("raised_at")
    ]


def access_gather(person: Person, *, redact: bool) -> dict:
    """Everything held about the person, as plain data."""
    names = Names(redact=redact)
    data = {
        "council": current().council,
        "prepared_on": clock.today().isoformat(),
        "staff_and_witness_names_redacted": redact,
        "person": _person(person),
        "incidents": _incidents(person, names),
        "decisions": _decisions(person, names),
        "cautions": _cautions(person, names),
        "letters": [_letter(letter) for letter in _letters(person)],
        "rectification_requests": _rectifications(person),
        "identity_disputes": _identity_disputes(person),
        "who_has_seen_or_changed_the_record": _audit(person, names),
    }
    return names.scrub(data)


def _subject(person: Person) -> Subject:
    words = [
        word
        for name in person.names.all()
        for word in f"{name.given_names} {name.family_name}".replace("-", " ").split()
    ]
    phones = [c.value for c in person.contact_points.all() if c.kind == "phone"]
    return Subject(words, phones)


def access_review(request: SubjectAccessRequest, *, redact: bool) -> list[Passage]:
    """Every piece of free text the export would hold, with other people's names, dates
    and phone numbers flagged, for the officer to review before release."""
    if request.person is None:
        return []
    person = request.person
    return passages(access_gather(person, redact=redact), _subject(person))


def _refusal_unless_exportable(request: SubjectAccessRequest) -> None:
    if request.person is None:
        raise ValidationError(
            "This person's records have been deleted: there is nothing to export."
        )


@transaction.atomic
def access_review_confirm(request: SubjectAccessRequest, *, redact: bool, by) -> list[Passage]:
    """The officer has read every passage of the export, with or without staff and
    witness names redacted, and confirms it may be released. Audited."""
    require_data_protection(by, does="handles subject access")
    _refusal_unless_exportable(request)
    found = access_review(request, redact=redact)
    request.reviewed_at = clock.now()
    request.reviewed_by = by
    request.redacted = redact
    request.review_digest = digest(found)
    request.save(update_fields=["reviewed_at", "reviewed_by", "redacted", "review_digest"])
    flagged = [p for p in found if p.flags]
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary="Reviewed a subject access export for other people's data",
        target=request,
        details={
            "redacted": redact,
            "passages": len(found),
            "passages_flagged": len(flagged),
            "flags": sum(len(p.flags) for p in flagged),
        },
        people=[request.person],
    )
    return found


def _review_notes(request: SubjectAccessRequest, found: list[Passage]) -> dict:
    return {
        "reviewed_on": _date(request.reviewed_at),
        "reviewed_by": "The data protection officer",
        "how": "Names, dates and phone numbers in the free text were flagged for the "
        "data protection officer, who read every passage before release.",
        "passages_flagged": [p.notes() for p in found if p.flags],
    }


def _zip(data: dict, letters: list[Letter]) -> bytes:
    # Imported here, where a PDF is made: WeasyPrint takes seconds to import, and every page
    # (so every command that runs the system checks) imports this module.
    from weasyprint import HTML

    html = render_to_string("privacy/subject_access_summary.html", {"data": data})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", html)
        archive.writestr("summary.pdf", HTML(string=html).write_pdf())
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for letter in letters:
            if letter.pdf:
                with letter.pdf.open("rb") as pdf:
                    archive.writestr(f"letters/{letter.reference}.pdf", pdf.read())
    return buffer.getvalue()


@transaction.atomic
def access_export(request: SubjectAccessRequest, *, by) -> bytes:
    """The zip for the person, as reviewed, and the request marked answered today.
    Refused until the officer has reviewed it, and again if the records changed since.
    Audited."""
    require_data_protection(by, does="handles subject access")
    _refusal_unless_exportable(request)
    if request.reviewed_at is None:
        raise ValidationError(
            "Review the export for other people's data and confirm it before it is released."
        )
    person = request.person
    data = access_gather(person, redact=request.redacted)
    found = passages(data, _subject(person))
    if digest(found) != request.review_digest:
        raise ValidationError(
            "The records have changed since the export was reviewed: review it again."
        )
    data["review_notes"] = _review_notes(request, found)
    content = _zip(data, _letters(person))
    request.exported_at = clock.now()
    request.completed_on = request.completed_on or clock.today()
    request.save(update_fields=["exported_at", "completed_on"])
    audit_record(
        by=by,
        verb=AuditEvent.Verb.EXPORT,
        summary="Exported a person's records for subject access",
        target=request,
        details={"redacted": request.redacted},
        people=[person],
    )
    return content
