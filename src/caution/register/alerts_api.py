"""Alerts for other systems (docs/user/api.md "Client systems"): one visit, or a list of
visits, checked with a client token. Each visit is a run of the check, audited with the
client, its token, the purpose the call gives and the visit's job reference."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from caution.accounts.clients import ClientCaller, client_token_authenticate
from caution.lib.api_schemas import In, refusals
from caution.people.actions import AddressInput
from caution.register.alerts import (
    MOST_VISITS,
    Visit,
    alert_answer,
    visit_check,
    visit_problems,
    visit_query,
)
from caution.register.partner_reports import SCOPED_FIELDS, PartnerReport, partner_report_submit


class ClientToken(HttpBearer):
    """`Authorization: Bearer crt_…`: a client token issued by an administrator (ADR 0013).
    Unknown, revoked and expired tokens answer 401; a token over its rate limit, 429."""

    def authenticate(self, request, token: str) -> ClientCaller | None:
        return client_token_authenticate(token)


router = Router(tags=["client systems"], auth=ClientToken())

PURPOSE = Field(
    min_length=3,
    max_length=200,
    description="Why the system asks, kept in the audit of every check it causes, like "
    "'Repairs visit planning'",
)


class VisitIn(In):
    uprn: str = Field("", max_length=12, description="The address's UPRN, digits only")
    name: str = Field("", max_length=200, description="Any names, in any order")
    date_of_birth: dt.date | None = None
    address: str = Field("", max_length=300, description="The first line, or the whole address")
    postcode: str = Field("", max_length=10)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)


class AlertIn(VisitIn):
    purpose: str = PURPOSE


class JobVisitIn(VisitIn):
    job_reference: str = Field(
        min_length=1, max_length=64, description="The system's own reference for the visit"
    )


class VisitListIn(In):
    purpose: str = PURPOSE
    visits: list[JobVisitIn] = Field(min_length=1, max_length=MOST_VISITS)


class AlertPersonOut(Schema):
    name: str
    band: str = Field(description="'strong', 'possible' or 'weak'")
    label: str
    reasons: list[str]
    warnings: list[str]


class AlertPlaceOut(Schema):
    address: str
    reasons: list[str]


class AlertItemOut(Schema):
    """One caution on someone or somewhere the visit matched. Each field is present only
    when the token's scope includes it (in brackets)."""

    level: str | None = Field(None, description="(level) The level's code in the policy")
    level_words: str | None = Field(None, description="(level) Like 'Level 1: Violent, …'")
    most_serious: bool | None = Field(None, description="(level) The policy's most serious")
    interim: bool | None = Field(None, description="(level) An urgent alert pending assessment")
    precautions: str | None = Field(None, description="(precautions)")
    restrictions: str | None = Field(None, description="(restrictions) In words")
    speak_to: str | None = Field(None, description="(contact) Key contact, reporting service")
    key_contact: str | None = Field(None, description="(contact)")
    reporting_service: str | None = Field(None, description="(contact)")
    person: AlertPersonOut | None = Field(None, description="(match) The person matched")
    place: AlertPlaceOut | None = Field(None, description="(match) The address matched")
    held_on: str | None = Field(None, description="(match) The address the caution is held on")


class AlertOut(Schema):
    flagged: bool = Field(description="Whether the register holds a caution for this visit")
    alerts: list[AlertItemOut] | None = Field(
        None, description="The cautions found, when the token's scope names any field"
    )


class VisitAlertOut(AlertOut):
    job_reference: str


class VisitListOut(Schema):
    visits: list[VisitAlertOut]


def _visit(data: VisitIn, job_reference: str = "") -> Visit:
    query = visit_query(
        uprn=data.uprn,
        name=data.name,
        date_of_birth=data.date_of_birth,
        address=data.address,
        postcode=data.postcode,
        phone=data.phone,
        email=data.email,
    )
    return Visit(job_reference, query, data.uprn)


@router.post(
    "/alerts",
    response={200: AlertOut, **refusals(403, 422, 429)},
    exclude_unset=True,
    summary="Whether a visit's person or address carries a caution (client token)",
)
def alert(request, payload: AlertIn):
    """By UPRN, address, phone, e-mail, or name and date of birth: the same matching and
    safety rule as the check. Says whether anything was found, and only the fields the
    token's scope allows."""
    caller = request.auth.for_purpose(payload.purpose)
    caller.require("alert")
    visit = _visit(payload)
    problems = visit_problems(visit)
    if problems:
        raise ValidationError(problems)
    return alert_answer(visit_check(visit, by=caller), caller.fields)


@router.post(
    "/alerts/visits",
    response={200: VisitListOut, **refusals(403, 422, 429)},
    exclude_unset=True,
    summary="One answer per visit of a list, such as tomorrow's jobs (client token)",
)
def visit_list(request, payload: VisitListIn):
    """Each visit is checked as `/alerts` checks one, and audited with its job reference.
    A list with any visit that cannot be checked is refused whole (422, errors named
    `visits.<index>.<field>`), so that no visit is left out unnoticed."""
    caller = request.auth.for_purpose(payload.purpose)
    caller.require("visit_list")
    visits = [_visit(item, item.job_reference) for item in payload.visits]
    problems = {
        f"visits.{index}.{field}": message
        for index, visit in enumerate(visits)
        for field, message in visit_problems(visit).items()
    }
    if problems:
        raise ValidationError(problems)
    answers = []
    for visit in visits:
        answer = alert_answer(visit_check(visit, by=caller), caller.fields)
        answers.append({"job_reference": visit.job_reference, **answer})
    return {"visits": answers}


class PartnerReportIn(In):
    given_names: str = Field(min_length=1, max_length=200)
    family_name: str = Field(min_length=1, max_length=200)
    date_of_birth: dt.date | None = None
    address_line1: str = Field("", max_length=200)
    town: str = Field("", max_length=100)
    postcode: str = Field("", max_length=10)
    occurred_at: dt.datetime
    category: str = Field(max_length=40, description="A category code of the council's policy")
    description: str = Field(min_length=1, max_length=10000, description="What happened")
    police_reference: str = Field("", max_length=60)
    partner_told_person_on: dt.date | None = Field(
        None,
        description="The day your organisation told the person of its entry (000 §8.6; "
        "required where the council's policy says so)",
    )


class PartnerReportOut(Schema):
    id: str = Field(description="The report's id in the register")
    status: str = Field(description="'submitted': waiting for assessment")
    agreement: str = Field(description="The sharing agreement it was received under")


@router.post(
    "/partner/reports",
    response={201: PartnerReportOut, **refusals(403, 422, 429)},
    summary="A partner's system sends a report for assessment (client token)",
)
def partner_report(request, payload: PartnerReportIn):
    """A partner-sourced report (000 §8.6): received only under a live sharing agreement
    covering its category, it joins the assessment queue. Needs the `report` operation."""
    request.auth.require("report")
    address = None
    if payload.address_line1.strip():
        address = AddressInput(
            line1=payload.address_line1, town=payload.town, postcode=payload.postcode
        )
    report = PartnerReport(
        given_names=payload.given_names,
        family_name=payload.family_name,
        date_of_birth=payload.date_of_birth,
        occurred_at=payload.occurred_at,
        category=payload.category,
        description=payload.description,
        address=address,
        police_reference=payload.police_reference,
        partner_told_person_on=payload.partner_told_person_on,
        sent=frozenset(name for name in SCOPED_FIELDS if getattr(payload, name)),
    )
    incident = partner_report_submit(report, by=request.auth.for_purpose("Partner report"))
    answer = {
        "id": str(incident.id),
        "status": incident.status,
        "agreement": str(incident.source_agreement_id),
    }
    return Status(201, answer)
