import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from caution.lib.api_schemas import ErrorOut
from caution.people.matching import Query
from caution.register.check import CheckRefused, check_run, query_problems

router = Router(tags=["check"])


class CheckIn(Schema):
    name: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    social: str = ""


class CautionOut(Schema):
    id: str
    level: str
    level_label: str
    precautions: str
    restrictions: str
    key_contact: str
    reporting_service: str
    next_review: dt.date | None
    appeal_in_progress: bool
    interim: bool
    held_on: str = Field(
        "", description="For a person: the address the caution is held on (003 §15.2), if any"
    )


class PersonMatchOut(Schema):
    person: str
    reference: str | None
    name: str
    other_names: list[str]
    date_of_birth: dt.date | None
    score: int
    band: str
    reasons: list[str]
    cautions: list[CautionOut]


class AddressMatchOut(Schema):
    address: str
    one_line: str
    reasons: list[str]
    cautions: list[CautionOut]


class CheckOut(Schema):
    found: bool
    searched: dict[str, str]
    people: list[PersonMatchOut]
    addresses: list[AddressMatchOut]


@router.post(
    "/check",
    response={200: CheckOut, 403: ErrorOut, 422: ErrorOut},
    summary="Check a person or address before contact",
)
def check(request, payload: CheckIn):
    """Ranked matches with confidence and reasons, and every active caution on each
    matched person or address that you may see. Never investigation details."""
    query = Query(**{k: v.strip() if isinstance(v, str) else v for k, v in payload.dict().items()})
    problems = query_problems(query)
    if problems:
        errors = {field: [message] for field, message in problems.items()}
        return Status(422, {"detail": "Check the fields listed", "errors": errors})
    try:
        result = check_run(query, by=request.user)
    except CheckRefused as refusal:
        raise HttpError(403, str(refusal)) from None
    return Status(200, check_result_json(result))


def check_result_json(result) -> dict:
    """The check result as plain JSON, shared by the API and `caution check --json`."""
    return {
        "found": result.found,
        "searched": result.query.as_audit(),
        "people": [
            {
                "person": str(m.person.id),
                "reference": m.person.reference,
                "name": m.person.display_name,
                "other_names": [n.full for n in m.names if n.kind != "primary"],
                "date_of_birth": m.person.date_of_birth,
                "score": m.score.value,
                "band": m.score.band,
                "reasons": m.score.reasons,
                "cautions": [_caution(c) for c in m.cautions],
            }
            for m in result.people
        ],
        "addresses": [
            {
                "address": str(m.address.id),
                "one_line": m.address.one_line,
                "reasons": m.reasons,
                "cautions": [_caution(c) for c in m.cautions],
            }
            for m in result.addresses
        ],
    }


def _caution(view) -> dict:
    return {
        "id": view.id,
        "level": view.level_code,
        "level_label": view.level_label,
        "precautions": view.precautions,
        "restrictions": view.restrictions,
        "key_contact": view.key_contact,
        "reporting_service": view.reporting_service,
        "next_review": view.next_review,
        "appeal_in_progress": view.appeal_in_progress,
        "interim": view.interim,
        "held_on": view.held_on,
    }
