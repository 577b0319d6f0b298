"""A partner's report, sent by its system with a client token (the `report` operation):
a third-party report given under the sharing agreement that covers its category, which
enters the assessment queue like any other (000 §8.6: "any inclusion of this information
onto the Council's Register will undergo the same process"). A caution decided on it is
partner-sourced, carries its agreement, and keeps the profile's cap on its expiry."""

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from caution.accounts.clients import ClientCaller
from caution.accounts.models import Organisation
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.actions import incident_submit
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.actions import AddressInput, NameInput, person_create
from caution.people.models import Person
from caution.policy.profiles import current
from caution.register.sharing import covering_agreement


@dataclasses.dataclass(frozen=True)
class PartnerReport:
    given_names: str
    family_name: str
    date_of_birth: dt.date | None
    occurred_at: dt.datetime
    category: str
    description: str
    address: AddressInput | None = None
    police_reference: str = ""
    # The day the partner told the person of its entry (000 §8.6).
    partner_told_person_on: dt.date | None = None
    # The fields the partner sent beside those every report has, by their API names.
    sent: frozenset[str] = frozenset()


# Each field a partner's report may hold only where its token's fields say so, by the name
# the API gives it.
SCOPED_FIELDS = {
    "date_of_birth": "report_date_of_birth",
    "address_line1": "report_address",
    "town": "report_address",
    "postcode": "report_address",
    "police_reference": "report_police_reference",
}


def scope_problems(sent: frozenset[str], fields: frozenset[str]) -> dict[str, str]:
    """The fields sent that the token's scope does not allow, each named."""
    return {
        name: "Your token may not send this field: ask the council to add it to its scope"
        for name in sorted(sent)
        if SCOPED_FIELDS.get(name) not in fields
    }


def partner_told_problem(told_on: dt.date | None) -> str:
    """What is wrong with the day a partner says it told the person of its entry: missing
    where the profile needs it (000 §8.6: "only ... if they have been notified by the
    business partner"), or in the future."""
    if told_on is None:
        if current().duration.partner_must_tell_person:
            return (
                "Give the date the partner told the person: under this policy a partner's "
                "entry goes on only once they have (000 §8.6)"
            )
        return ""
    if told_on > clock.today():
        return "The date the partner told the person must be today or in the past"
    return ""


def _person_for(report: PartnerReport, by) -> Person:
    """The one person on record with exactly this name and date of birth; otherwise a new
    record, which the assessor merges if it turns out to be someone already known."""
    if report.date_of_birth is not None:
        same = Person.objects.filter(
            date_of_birth=report.date_of_birth,
            names__given_names__iexact=report.given_names.strip(),
            names__family_name__iexact=report.family_name.strip(),
        ).distinct()
        if len(found := list(same[:2])) == 1:
            return found[0]
    return person_create(
        names=[NameInput(report.given_names.strip(), report.family_name.strip())],
        date_of_birth=report.date_of_birth,
        addresses=[report.address] if report.address else [],
        by=by,
    )


@transaction.atomic
def partner_report_submit(report: PartnerReport, *, by: ClientCaller) -> Incident:
    """Record and submit the partner's report: refused unless a live agreement with the
    partner covers its category."""
    by.require("report")
    if not by.organisation_id:
        raise PermissionDenied("Only a partner's system may send a partner's report.")
    problems = scope_problems(report.sent, by.fields)
    if problems:
        raise ValidationError(problems)
    if current().category(report.category) is None:
        raise ValidationError({"category": "Choose a category of the council's policy"})
    agreement = covering_agreement(by.organisation_id, report.category, on=clock.today())
    if agreement is None:
        raise ValidationError(
            {"category": "No sharing agreement in force with your organisation covers it"}
        )
    problem = partner_told_problem(report.partner_told_person_on)
    if problem:
        raise ValidationError({"partner_told_person_on": problem})
    incident = Incident.objects.create(
        kind=Incident.Kind.THIRD_PARTY,
        reported_by=None,
        reporting_client_id=by.client_id,
        source_agreement=agreement,
        agency=Organisation.objects.get(id=by.organisation_id).name,
        occurred_at=report.occurred_at,
        category=report.category,
        description=report.description.strip(),
        police_involved=bool(report.police_reference.strip()),
        police_reference=report.police_reference.strip(),
        partner_told_person_on=report.partner_told_person_on,
        person=_person_for(report, by),
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CREATE,
        summary=f"A partner's system sent a report under {agreement.title}",
        target=incident,
        people=[incident.person_id],
    )
    return incident_submit(incident, version=incident.version, by=by)
