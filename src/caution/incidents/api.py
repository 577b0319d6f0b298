"""Reporting through the JSON API: the same actions and permissions as the pages
(incidents/views.py). Reads go through `incident_get_for_user`; changes through the
actions, whose refusals caution/api.py turns into 403, 404, 409 or 422."""

import datetime as dt
from uuid import UUID

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AwareDatetime

from caution.accounts import roles
from caution.accounts.models import User
from caution.incidents import actions
from caution.incidents.models import Evidence, Incident
from caution.incidents.selectors import incident_get_for_user, report_get_for_user, reports_page
from caution.lib.api_schemas import Choice, ErrorOut, In, VersionIn, refusals
from caution.people.actions import AddressInput
from caution.people.models import IdentifiedBy, IdentityConfidence
from caution.register import reporting
from caution.register.check_api import CheckOut
from caution.register.check_json import check_result_json
from caution.register.reporting import person_choosable

router = Router(tags=["reports"])


class StartIn(In):
    kind: Choice[Incident.Kind]


class DetailsIn(VersionIn):
    """Every detail: the report's details become exactly these (omitted ones are empty)."""

    occurred_at: AwareDatetime | None = None
    location: str = ""
    channel: Choice[Incident.Channel] | None = None
    service_area: str = ""
    category: str = Field("", description="A category code of the policy profile")
    description: str = Field("", description="What happened: facts, not opinions (000 §8.5)")
    on_behalf_of: str = ""
    agency: str = Field("", description="For a third-party report")
    police_involved: bool = False
    police_reference: str = ""
    injury: bool = False
    first_aid: bool = False
    riddor: bool = False
    identified_by: Choice[IdentifiedBy] | None = Field(None, description="How you knew who it was")
    identity_confidence: Choice[IdentityConfidence] | None = Field(
        None, description="How sure you are it was them"
    )


class NewPersonIn(In):
    given_names: str = Field("", max_length=200)
    family_name: str = Field(max_length=200)
    date_of_birth: dt.date | None = None
    line1: str = Field("", max_length=200, description="First line of address")
    postcode: str = Field("", max_length=10)
    not_any_of: list[UUID] = Field(
        [], description="Everyone the check shows for this person, each confirmed not to be them"
    )


class PersonIn(VersionIn):
    person_id: UUID | None = Field(None, description="A person the check found")
    new: NewPersonIn | None = Field(None, description="Or someone new, once the check shows no one")


class WitnessIn(VersionIn):
    name: str
    statement: str


class StaffIn(VersionIn):
    name: str = Field("", max_length=200)
    username: str = Field(
        "",
        max_length=150,
        description="If they use this service: they are alerted and kept out of deciding",
    )
    threatened: bool = Field(
        False, description="Threatened by name: they and their manager are told"
    )


class ContactIn(VersionIn):
    occurred_at: AwareDatetime
    channel: Choice[Incident.Channel]
    summary: str


class PersonOut(Schema):
    id: UUID
    name: str = Field(alias="display_name")


class ContactOut(Schema):
    occurred_at: dt.datetime
    channel: str
    summary: str


class UserOut(Schema):
    id: UUID
    username: str
    name: str = Field(alias="display_name")


class StaffOut(Schema):
    name: str = Field(description="As the reporter typed it")
    user: UserOut | None = Field(description="Their account, if they use this service")
    threatened: bool


class WitnessOut(Schema):
    name: str
    statement: str


class EvidenceOut(Schema):
    id: UUID
    kind: str
    name: str = Field(alias="original_name")
    content_type: str
    size: int
    uploaded_at: dt.datetime


class AssessmentOut(Schema):
    assessor: str = Field(alias="assessor.display_name")
    assessed_at: dt.datetime
    severity: str
    future_risk: str
    suggested_level: str
    recommended_level: str
    reasons: str
    context: str
    staff_support: str
    police_referral: bool


class DecisionOut(Schema):
    id: UUID
    report_id: UUID = Field(alias="incident_id")
    outcome: str
    status: str
    level: str
    reasons: str
    warning_expires_on: dt.date | None
    decided_at: dt.datetime
    decided_by: str = Field(alias="decided_by.display_name")
    meeting_id: UUID | None
    caution_id: UUID | None
    prompt_answers: list[dict] = Field(
        description="The profile's questions the decider answered: code, question, answer "
        "(yes or no), note"
    )
    identified_by: str
    identity_confidence: str
    identity_reason: str


class ReportOut(Schema):
    id: UUID
    kind: str
    status: str
    version: int
    reported_by: str = Field(alias="reported_by.display_name")
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    occurred_at: dt.datetime | None
    location: str
    channel: str
    service_area: str
    category: str
    description: str
    on_behalf_of: str
    agency: str
    police_involved: bool
    police_reference: str
    injury: bool
    first_aid: bool
    riddor: bool
    identified_by: str
    identity_confidence: str
    person: PersonOut | None
    contacts: list[ContactOut]
    staff: list[StaffOut]
    witnesses: list[WitnessOut]
    evidence: list[EvidenceOut]
    assessment: AssessmentOut | None = None
    decisions: list[DecisionOut]


class ReportSummaryOut(Schema):
    id: UUID
    kind: str
    status: str
    person: PersonOut | None
    occurred_at: dt.datetime | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None


class ReportListsOut(Schema):
    mine: list[ReportSummaryOut]
    queue: list[ReportSummaryOut] = Field(description="Reports awaiting your assessment")


class PossibleMatchesOut(ErrorOut):
    matches: CheckOut | None = Field(None, description="Who the check found, when that is why")


def _draft_for(request, incident_id: UUID) -> Incident:
    """A report its reporter may still change; anyone else's answers 404, as in the pages.
    A submitted one is refused by the action (422)."""
    incident = incident_get_for_user(incident_id, request.user)
    if incident.reported_by_id != request.user.id:
        raise Http404
    return incident


@router.get("/reports", response={200: ReportListsOut} | refusals(403))
@permission_required(roles.REPORT, raise_exception=True)
def reports(request):
    """Your own reports, newest first, and the submitted reports awaiting your assessment."""
    mine, queue = reports_page(request.user)
    return {"mine": mine, "queue": queue}


@router.post("/reports", response={201: ReportOut} | refusals(403, 422))
@permission_required(roles.REPORT, raise_exception=True)
def report_start(request, payload: StartIn):
    """Start a report, saved as a draft."""
    return Status(201, actions.incident_start(kind=payload.kind, by=request.user))


@router.get("/reports/{incident_id}", response={200: ReportOut} | refusals(404))
def report(request, incident_id: UUID):
    """A report, for its reporter and for those who assess, decide or keep the register.
    Its reporter, who does not read reports, gets the assessment's and the decisions'
    reasons, context, staff support and answers empty."""
    return report_get_for_user(incident_id, request.user)


@router.put("/reports/{incident_id}", response={200: ReportOut} | refusals(404, 409, 422))
def report_details(request, incident_id: UUID, payload: DetailsIn):
    """Save the details of your draft report."""
    incident = _draft_for(request, incident_id)
    details = actions.IncidentDetails(
        **payload.dict(exclude={"version", "channel", "identified_by", "identity_confidence"}),
        channel=payload.channel or "",
        identified_by=payload.identified_by or "",
        identity_confidence=payload.identity_confidence or "",
    )
    return actions.incident_update(incident, details, version=payload.version, by=request.user)


@router.post(
    "/reports/{incident_id}/person",
    response={200: ReportOut, 422: PossibleMatchesOut} | refusals(403, 404, 409),
)
def report_person(request, incident_id: UUID, payload: PersonIn):
    """Say who the report is about: someone the check found (`person_id`), or someone new
    (`new`) once the check shows no one, or only people you confirm are not them. If it
    shows others, 422 lists them in `matches`."""
    incident = _draft_for(request, incident_id)
    if (payload.person_id is None) == (payload.new is None):
        raise ValidationError({"person_id": "Give either person_id or new"})
    if payload.person_id:
        person = person_choosable(payload.person_id, request.user)
        return actions.incident_person_choose(
            incident, person, version=payload.version, by=request.user
        )
    new = payload.new
    try:
        reporting.incident_person_create(
            incident,
            given_names=new.given_names,
            family_name=new.family_name,
            date_of_birth=new.date_of_birth,
            address=AddressInput(line1=new.line1, postcode=new.postcode) if new.line1 else None,
            not_any_of=set(new.not_any_of),
            version=payload.version,
            by=request.user,
        )
    except reporting.PossibleMatches as matches:
        body = {"detail": str(matches), "errors": {"new.not_any_of": [str(matches)]}}
        return Status(422, {**body, "matches": check_result_json(matches.result)})
    return incident


@router.post(
    "/reports/{incident_id}/witnesses", response={201: ReportOut} | refusals(404, 409, 422)
)
def witness_add(request, incident_id: UUID, payload: WitnessIn):
    """Add a witness and their statement to your draft report."""
    incident = _draft_for(request, incident_id)
    actions.witness_add(
        incident,
        name=payload.name,
        statement=payload.statement,
        version=payload.version,
        by=request.user,
    )
    return Status(201, incident)


@router.post("/reports/{incident_id}/staff", response={201: ReportOut} | refusals(404, 409, 422))
def staff_add(request, incident_id: UUID, payload: StaffIn):
    """Add a member of staff affected to your draft report."""
    incident = _draft_for(request, incident_id)
    user = None
    if payload.username:
        user = User.objects.filter(username=payload.username, is_active=True).first()
        if user is None:
            raise ValidationError({"username": "There is no user with this username"})
    actions.staff_add(
        incident,
        user=user,
        name=payload.name,
        threatened=payload.threatened,
        version=payload.version,
        by=request.user,
    )
    return Status(201, incident)


@router.post("/reports/{incident_id}/contacts", response={201: ReportOut} | refusals(404, 409, 422))
def contact_add(request, incident_id: UUID, payload: ContactIn):
    """Add one of the contacts a persistent-contact report covers (002 §4.2)."""
    incident = _draft_for(request, incident_id)
    actions.contact_add(
        incident,
        occurred_at=payload.occurred_at,
        channel=payload.channel,
        summary=payload.summary,
        version=payload.version,
        by=request.user,
    )
    return Status(201, incident)


@router.post("/reports/{incident_id}/evidence", response={201: ReportOut} | refusals(404, 409, 422))
def evidence_add(
    request,
    incident_id: UUID,
    kind: Form[Choice[Evidence.Kind]],
    version: Form[int],
    file: File[UploadedFile],
):
    """Upload evidence (multipart form): checked by its content, not its name, with
    metadata removed; stored privately."""
    incident = _draft_for(request, incident_id)
    actions.evidence_add(
        incident, kind=kind, name=file.name, data=file.read(), version=version, by=request.user
    )
    return Status(201, incident)


@router.post("/reports/{incident_id}/submit", response={200: ReportOut} | refusals(404, 409, 422))
def report_submit(request, incident_id: UUID, payload: VersionIn):
    """Submit your draft report: 422 lists what must be filled in first."""
    incident = _draft_for(request, incident_id)
    return actions.incident_submit(incident, version=payload.version, by=request.user)
