import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from caution.lib.api_schemas import In, refusals
from caution.people.matching import Query
from caution.register.check import CheckRefused, check_run, query_problems
from caution.register.check_json import check_result_json

router = Router(tags=["check"])


class CheckIn(In):
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
    level_words: str = Field(
        "",
        description="The level in words with its place in the council's order, like "
        "'Level 1: Violent, most serious of 3 levels'",
    )
    level_rank: int | None = Field(
        None,
        description="Where the level stands among the profile's levels: 1 is the most "
        "serious, whatever the council's numbering; null for a level the profile lacks",
    )
    level_count: int = Field(0, description="How many levels the council's policy has")
    most_serious: bool = Field(False, description="The level is the policy's most serious")
    speak_to: str = Field(
        "", description="Whom to speak to about the person: key contact, reporting service"
    )
    ends_on: dt.date | None = Field(
        None, description="The day the caution ends (its expiry); null: no end date"
    )
    review_overdue: bool = Field(
        False, description="The next review date has passed; the caution still applies"
    )


class PersonMatchOut(Schema):
    person: str
    reference: str | None
    name: str
    other_names: list[str]
    date_of_birth: dt.date | None
    score: int = Field(description="Confidence, 0-100: ranks the people within a band")
    band: str = Field(description="'strong', 'possible' or 'weak'")
    label: str = Field(
        "", description="What the band tells staff to do, like 'Treat as the same person'"
    )
    warnings: list[str] = Field(
        [], description="What to confirm first, like a date of birth that differs"
    )
    identity_disputed: bool = Field(
        False,
        description="Someone disputes that the register has the right person, and it is not "
        "yet resolved: confirm who you are dealing with before relying on the cautions",
    )
    identity_warning: str = Field("", description="What staff are told while it is disputed")
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
    response={200: CheckOut} | refusals(403, 422),
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
