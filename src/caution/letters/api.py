"""Letters to the person through the JSON API: the same actions and permissions as the
pages (letters/views.py). Refusals become 403, 404 or 422 in caution/api.py."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime

from caution.accounts.models import User
from caution.letters import access, actions, selectors
from caution.letters.models import Letter
from caution.lib.api_schemas import Choice, In, refusals
from caution.register.selectors import caution_get_for_user

router = Router(tags=["letters"])


class LetterOut(Schema):
    id: UUID
    kind: str
    status: str
    reference: str
    due_on: dt.date | None
    person_id: UUID
    caution_id: UUID | None
    signed_by: str = Field(description="Who signed it, once issued")
    signed_at: dt.datetime | None
    sha256: str = Field(description="The SHA-256 of the PDF kept on file, once issued")
    delivery_method: str
    delivery_status: str
    delivered_at: dt.datetime | None
    exemption: str
    exemption_meeting: UUID | None = Field(
        None,
        alias="exemption_meeting_id",
        description="Where a panel decided the case: the meeting that decided not to notify",
    )
    exemption_members: list[str] = Field(
        [], description="The panel's members present when it decided not to notify (usernames)"
    )
    missing: list[str] = Field(description="What the letter must still say before issue")
    pdf_url: str

    @staticmethod
    def resolve_signed_by(letter: Letter) -> str:
        return letter.signatory.display_name if letter.signatory_id else ""

    @staticmethod
    def resolve_exemption_members(letter: Letter) -> list[str]:
        return [member.username for member in letter.exemption_members.all()]

    @staticmethod
    def resolve_missing(letter: Letter) -> list[str]:
        return [] if letter.issued else actions.missing_elements(letter)

    @staticmethod
    def resolve_pdf_url(letter: Letter) -> str:
        return reverse("letters:pdf", args=[letter.id])


class PrepareIn(In):
    kind: Choice[Letter.Kind]
    caution_id: UUID = Field(description="The caution the letter is about")


class DeliverIn(In):
    method: Choice[Letter.Method]
    email: str = Field("", description="For e-mail; empty: the address on the person's record")
    delivered_at: AwareDatetime | None = Field(None, description="For hand delivery (003 §9.1)")
    officer: str = Field("", description="Username of the officer who delivered it by hand")


class ExemptIn(In):
    exemption: str = Field(description="One of the profile's notification exemptions")
    justification: str


def _letter(request, letter_id: UUID) -> Letter:
    return selectors.letter_get_for_user(letter_id, request.user)


@router.post("/letters", response={201: LetterOut} | refusals(403, 404, 422))
def prepare(request, payload: PrepareIn):
    """Draft a letter about a caution from the profile's template."""
    # Who may, asked before the caution is read: a refused request leaves no view in the
    # audit (and below).
    access.require_letter_handler(request.user)
    caution = caution_get_for_user(payload.caution_id, request.user)
    if caution.person_id is None:
        raise Http404
    letter = actions.letter_prepare(
        kind=payload.kind,
        person=caution.person,
        caution=caution,
        decision=getattr(caution, "decision", None),
        by=request.user,
    )
    return Status(201, letter)


@router.get("/letters/{letter_id}", response={200: LetterOut} | refusals(404))
def letter(request, letter_id: UUID):
    return _letter(request, letter_id)


@router.post("/letters/{letter_id}/submit", response={200: LetterOut} | refusals(403, 404, 422))
def submit(request, letter_id: UUID):
    """Send a complete draft for sign-off; refused, naming each missing element, if not."""
    return actions.letter_submit(_letter(request, letter_id), by=request.user)


@router.post("/letters/{letter_id}/sign", response={200: LetterOut} | refusals(403, 404, 422))
def sign(request, letter_id: UUID):
    """Sign the letter as the profile's signatory, which issues it."""
    return actions.letter_sign(_letter(request, letter_id), by=request.user)


@router.post("/letters/{letter_id}/deliver", response={200: LetterOut} | refusals(403, 404, 422))
def deliver(request, letter_id: UUID, payload: DeliverIn):
    """Send an issued letter: print pack, e-mail, or record its hand delivery."""
    officer = None
    if payload.officer:
        officer = User.objects.filter(username=payload.officer, is_active=True).first()
        if officer is None:
            raise ValidationError({"officer": "No such user"})
    return actions.letter_deliver(
        _letter(request, letter_id),
        method=payload.method,
        email=payload.email,
        delivered_at=payload.delivered_at,
        officer=officer,
        by=request.user,
    )


@router.post("/letters/{letter_id}/exempt", response={200: LetterOut} | refusals(403, 404, 422))
def exempt(request, letter_id: UUID, payload: ExemptIn):
    """Record that the person will not be told, for one of the profile's reasons only."""
    access.refuse_if_not_exemption_approver(request.user)
    return actions.letter_exempt(
        _letter(request, letter_id),
        exemption=payload.exemption,
        justification=payload.justification,
        by=request.user,
    )
