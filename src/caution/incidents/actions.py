"""Reporting: state changes to incidents. Each runs in a transaction, checks the version the
user's form was opened at, writes its audit record and defers side effects to commit."""

import dataclasses
import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.models import Evidence, Incident, IncidentContact, StaffAffected, Witness
from caution.lib import clock
from caution.lib.concurrency import bump_version
from caution.lib.uploads import AUDIO, DOCUMENTS, IMAGES, VIDEO, check_upload, clean_name
from caution.notifications import events
from caution.notifications.actions import notify
from caution.people.actions import AddressInput, NameInput, person_create
from caution.people.models import Person
from caution.policy.profiles import current
from caution.policy.roles import Role
from caution.policy.vocabulary import LINE_MANAGER

EVIDENCE_TYPES = {
    Evidence.Kind.CORRESPONDENCE: DOCUMENTS | IMAGES,
    Evidence.Kind.PHOTO: IMAGES,
    Evidence.Kind.CCTV: IMAGES | VIDEO,
    Evidence.Kind.BODY_CAMERA: VIDEO,
    Evidence.Kind.AUDIO: AUDIO,
}


@dataclasses.dataclass(frozen=True)
class IncidentDetails:
    occurred_at: dt.datetime | None
    location: str
    channel: str
    service_area: str
    category: str
    description: str
    on_behalf_of: str = ""
    agency: str = ""
    police_involved: bool = False
    police_reference: str = ""
    injury: bool = False
    first_aid: bool = False
    riddor: bool = False
    identified_by: str = ""
    identity_confidence: str = ""


def require_draft(incident: Incident) -> None:
    if incident.status != Incident.Status.DRAFT:
        raise ValidationError("This report has been submitted and can no longer be changed.")


def _audit(incident: Incident, summary: str, by, **details) -> None:
    people = [incident.person] if incident.person_id else []
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=summary,
        target=incident,
        details=details,
        people=people,
    )


@transaction.atomic
def incident_start(*, kind: str, by) -> Incident:
    incident = Incident.objects.create(kind=kind, reported_by=by)
    audit_record(by=by, verb=AuditEvent.Verb.CREATE, summary="Started a report", target=incident)
    return incident


@transaction.atomic
def incident_update(incident: Incident, details: IncidentDetails, *, version: int, by) -> Incident:
    require_draft(incident)
    if details.occurred_at and details.occurred_at > clock.now():
        raise ValidationError({"occurred_at": "The date must be today or in the past"})
    if details.category and current().category(details.category) is None:
        raise ValidationError({"category": "Choose a kind of behaviour from the list"})
    refusal = low_level_refusal(incident.kind, details.category)
    if refusal:
        raise ValidationError({"category": refusal})
    bump_version(incident, version)
    for field, value in dataclasses.asdict(details).items():
        setattr(incident, field, value)
    incident.full_clean()
    incident.save()
    _audit(incident, "Changed the details of a report", by)
    return incident


@transaction.atomic
def incident_person_choose(incident: Incident, person: Person, *, version: int, by) -> Incident:
    require_draft(incident)
    bump_version(incident, version)
    incident.person = person
    incident.save(update_fields=["person"])
    _audit(incident, "Linked a report to a person", by)
    return incident


@transaction.atomic
def incident_new_person_link(
    incident: Incident,
    *,
    given_names: str,
    family_name: str,
    date_of_birth: dt.date | None,
    address: AddressInput | None,
    version: int,
    by,
) -> Person:
    """Add the person the report is about as someone new, and link the report to them.
    Reached through `register.reporting.incident_person_create`, which first makes sure
    the check shows nobody who could be them."""
    require_draft(incident)
    bump_version(incident, version)
    person = person_create(
        names=[NameInput(given_names, family_name)],
        date_of_birth=date_of_birth,
        addresses=[address] if address else [],
        by=by,
    )
    incident.person = person
    incident.save(update_fields=["person"])
    _audit(incident, "Linked a report to a new person", by)
    return person


@transaction.atomic
def witness_add(incident: Incident, *, name: str, statement: str, version: int, by) -> Witness:
    require_draft(incident)
    bump_version(incident, version)
    witness = Witness(incident=incident, name=name, statement=statement)
    witness.full_clean()
    witness.save()
    _audit(incident, "Added a witness statement", by)
    return witness


@transaction.atomic
def staff_add(
    incident: Incident, *, user=None, name: str = "", threatened: bool, version: int, by
) -> StaffAffected:
    require_draft(incident)
    if user is None and not name.strip():
        raise ValidationError({"name": "Enter the name of the member of staff"})
    bump_version(incident, version)
    staff = StaffAffected.objects.create(
        incident=incident, user=user, name=name.strip(), threatened=threatened
    )
    _audit(incident, "Added a member of staff affected", by)
    return staff


@transaction.atomic
def contact_add(
    incident: Incident, *, occurred_at: dt.datetime, channel: str, summary: str, version: int, by
) -> IncidentContact:
    """One of the contacts a persistent-contact report covers (002 §4.2)."""
    require_draft(incident)
    bump_version(incident, version)
    contact = IncidentContact(
        incident=incident, occurred_at=occurred_at, channel=channel, summary=summary
    )
    contact.full_clean()
    contact.save()
    _audit(incident, "Added a contact to a report", by)
    return contact


@transaction.atomic
def evidence_add(
    incident: Incident, *, kind: str, name: str, data: bytes, version: int, by
) -> Evidence:
    """Store a file after checking its content (not its name) and removing metadata."""
    require_draft(incident)
    checked = check_upload(
        data,
        allowed=EVIDENCE_TYPES[kind],
        max_bytes=_evidence_max_mb(kind) * 1_000_000,
        clamd_socket=settings.CLAMD_SOCKET,
    )
    bump_version(incident, version)
    evidence = Evidence(
        incident=incident,
        kind=kind,
        original_name=clean_name(name),
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        uploaded_by=by,
    )
    # The stored name is random: the original name may hold personal data.
    evidence.file.save(
        f"{evidence.id}.{checked.extension}", ContentFile(checked.content), save=False
    )
    evidence.save()
    _audit(incident, "Added evidence to a report", by, kind=kind)
    return evidence


def _evidence_max_mb(kind: str) -> int:
    """Footage is larger than a photograph or a letter: kinds that take video have their
    own cap (CAUTION_VIDEO_MAX_MB)."""
    if VIDEO.keys() & EVIDENCE_TYPES[kind].keys():
        return max(settings.CAUTION_VIDEO_MAX_MB, settings.CAUTION_EVIDENCE_MAX_MB)
    return settings.CAUTION_EVIDENCE_MAX_MB


def low_level_refusal(kind: str, category: str) -> str:
    """Why this category cannot be logged on the low-level form, or "": a threat or
    violence, self-harm threats included, needs the full report, which is assessed
    (001 §13.4 "staff should always complete a Health and Safety Incident form")."""
    found = current().category(category) if category else None
    if kind != Incident.Kind.LOW_LEVEL or found is None or not found.full_report:
        return ""
    return (
        f"{found.label} cannot be logged as a low-level incident: start a new report and "
        "choose Incident, so that it is assessed"
    )


def submit_problems(incident: Incident) -> dict[str, str]:
    """What must be filled in before a report can be submitted, by field."""
    problems = {}
    if incident.occurred_at is None and incident.kind != Incident.Kind.PERSISTENT:
        problems["occurred_at"] = "Enter when it happened"
    born = incident.person.date_of_birth if incident.person_id else None
    if incident.occurred_at and incident.occurred_at > clock.now():
        problems["occurred_at"] = "The date it happened must be today or in the past"
    elif incident.occurred_at and born and timezone.localdate(incident.occurred_at) < born:
        problems["occurred_at"] = (
            "The date it happened is before the person's date of birth: change the date, "
            "or choose the right person"
        )
    if not incident.description.strip():
        problems["description"] = "Describe what happened"
    if incident.person_id is None:
        problems["person"] = "Find the person the report is about"
    if incident.needs_decision and not incident.category:
        problems["category"] = "Choose the kind of behaviour"
    if incident.kind != Incident.Kind.THIRD_PARTY and not incident.channel:
        problems["channel"] = "Choose how the contact happened"
    if incident.kind == Incident.Kind.THIRD_PARTY and not incident.agency.strip():
        problems["agency"] = "Enter the agency that gave the information"
    if incident.kind == Incident.Kind.PERSISTENT and incident.contacts.count() < 2:
        problems["contacts"] = "Add each contact: a persistent-contact report covers at least two"
    # Staff report what was done to them or a colleague; an agency's report may be about
    # someone else, so the profile's rule is for the council's own incident reports.
    category = current().category(incident.category) if incident.category else None
    own_report = incident.kind in (Incident.Kind.INCIDENT, Incident.Kind.LOW_LEVEL)
    if own_report and category and category.staff_affected_required and not incident.staff.exists():
        problems["staff"] = (
            f"Add the member of staff affected: a report of {category.label.lower()} "
            "names at least one"
        )
    refusal = low_level_refusal(incident.kind, incident.category)
    if refusal:
        problems["category"] = refusal
    if incident.police_involved and not incident.police_reference.strip():
        problems["police_reference"] = (
            "Enter the police reference, or say the police were not involved"
        )
    return problems


@transaction.atomic
def incident_submit(incident: Incident, *, version: int, by) -> Incident:
    """Submit a report: it goes to the assessors' queue, or is recorded on the person for
    a low-level incident or positive contact. Threatened staff and their managers are
    alerted at once (003 §6.3-6.4)."""
    require_draft(incident)
    problems = submit_problems(incident)
    if problems:
        raise ValidationError(problems)
    bump_version(incident, version)
    incident.status = (
        Incident.Status.SUBMITTED if incident.needs_decision else Incident.Status.RECORDED
    )
    incident.submitted_at = clock.now()
    incident.save(update_fields=["status", "submitted_at"])
    _audit(incident, f"Submitted a report ({incident.get_kind_display().lower()})", by)
    _alert_threatened_staff(incident)
    _tell_named_posts(incident)
    if incident.needs_decision:
        _tell_assessors(incident)
    return incident


def notice_triggers(incident: Incident) -> set[str]:
    """What about this report the profile's `[[notices]]` may be sent for."""
    category = current().category(incident.category) if incident.category else None
    found = {
        "police": incident.police_involved,
        "injury": incident.injury,
        "riddor": incident.riddor,
        "serious": category is not None and category.serious,
        "low_level": incident.kind == Incident.Kind.LOW_LEVEL,
        "incident_form": incident.kind in (Incident.Kind.INCIDENT, Incident.Kind.PERSISTENT),
    }
    return {trigger for trigger, present in found.items() if present}


def _tell_named_posts(incident: Incident) -> None:
    """Tell the posts the profile names of a report with police involvement, an injury,
    RIDDOR, a serious category, on the low-level form or on the incident form (000 §2.2,
    §2.4, §5, §7, §8.2; 001 §6.1, §13.1; 003 §5.1-5.3), whatever their notification
    choices: one message each, naming every reason they are told."""
    triggers = notice_triggers(incident)
    reasons: dict = {}
    for notice in current().notices_on(triggers):
        for user in _holders(notice.to, incident):
            why = reasons.setdefault(user, [])
            why += [t for t in notice.when if t in triggers and t not in why]
    url = reverse("incidents:detail", args=[incident.id])
    for user, why in reasons.items():
        notify(
            [user],
            subject=f"A report you are told of: {_reasons_words(why)}",
            body=f"A {incident.get_kind_display().lower()} report ({incident.reference}) was "
            f"submitted: {_reasons_words(why)}. Under the council's policy your post is "
            "always told of these.",
            url=url,
            event=events.REPORT_NOTICE,
            about=incident.person,
        )


def _holders(to: str, incident: Incident) -> list:
    """The reporter's line manager, or the active holders of the role."""
    if to == LINE_MANAGER:
        manager = incident.reporter_manager
        return [manager] if manager is not None and manager.is_active else []
    return list(User.objects.filter(groups__name=Role(to).label, is_active=True))


def _reasons_words(triggers: list[str]) -> str:
    words = {
        "police": "police involved",
        "injury": "an injury",
        "riddor": "RIDDOR-reportable",
        "serious": "a serious incident",
        "low_level": "a low-level incident",
        "incident_form": "an incident form",
    }
    return ", ".join(words[t] for t in triggers)


def _alert_threatened_staff(incident: Incident) -> None:
    url = reverse("incidents:detail", args=[incident.id])
    for staff in incident.staff.filter(threatened=True).select_related("user__manager"):
        if staff.user is None:
            continue
        notify(
            [staff.user, staff.user.manager],
            subject="Safety alert: a threat has been reported against you",
            body=(
                f"A report submitted on {clock.now():%d %B %Y at %H:%M} says that you were "
                "threatened by name. Take care, and speak to your manager about support."
            ),
            url=url,
            safety=True,
        )


def _tell_assessors(incident: Incident) -> None:
    """Tell those who may assess it and, where a panel decides, its members too (001 §13.1:
    alerts go to the Determination Team when a form is logged)."""
    from caution.incidents.selectors import assessors_for, panel_members_for

    notify(
        [*assessors_for(incident), *panel_members_for(incident)],
        subject=f"A report awaits assessment ({current().register_name})",
        body="A new report has been submitted and is waiting in the assessment queue.",
        url=reverse("incidents:detail", args=[incident.id]),
        event=events.INCIDENT_SUBMITTED,
    )
