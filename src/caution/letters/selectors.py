"""Reads about letters: the one scoped lookup, the templates in force, who may sign, the
letters due, and the stored PDF with its hash checked."""

import dataclasses
import datetime as dt
import hashlib
import io

from django.db.models import F, QuerySet
from django.http import Http404

from caution.accounts.models import User
from caution.accounts.roles import Role
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.letters import content, rendering
from caution.letters.access import may_see_letters
from caution.letters.enclosures import encloses_policy, policy_pdf
from caution.letters.models import Letter, LetterTemplate
from caution.lib import clock
from caution.policy.profiles import Profile, load_profile


class TamperedLetter(Exception):
    """The stored PDF no longer matches the hash taken when the letter was issued."""

    def __init__(self) -> None:
        super().__init__(
            "The stored copy of this letter does not match the one issued: it has been "
            "changed or damaged. It has not been opened. Tell your system administrator."
        )


def template_source(profile_key: str, kind: str) -> str:
    """The template in force: an administrator's own version, else the shipped file."""
    own = LetterTemplate.objects.filter(profile=profile_key, kind=kind).first()
    return own.source if own else rendering.shipped_source(profile_key, kind)


def template_is_own(profile_key: str, kind: str) -> bool:
    return LetterTemplate.objects.filter(profile=profile_key, kind=kind).exists()


def _with_role(*roles: str) -> QuerySet[User]:
    labels = [Role(role).label for role in roles]
    return User.objects.filter(is_active=True, groups__name__in=labels).distinct()


def signatories(letter: Letter, profile: Profile) -> QuerySet[User]:
    """Who may sign: holders of the profile's signatory post (or its fallback); where the
    signatory must have attended (000 §8.7), only those present at the meeting that
    decided; a line manager's letter (003 §9.1) by the reporter's own manager where known;
    never someone the behaviour was aimed at (002 §3.4 footnote)."""
    post = profile.notification.signatory
    roles = [post.role] + ([post.fallback.role] if post.fallback else [])
    users = _with_role(*roles)
    # The rules about the meeting and the reporter apply to the letter of the decision;
    # a later review or appeal letter is signed by any holder of the post.
    decision = letter.decision if letter.kind in content.DECISION_KINDS else None
    if decision is None:
        return users
    if profile.notification.signatory_attended and decision.meeting_id:
        users = users.filter(id__in=decision.meeting.members_present().values("id"))
    incident = decision.incident
    manager = incident.reporter_manager
    if post.role == Role.MANAGER and manager is not None and users.filter(id=manager.id).exists():
        users = users.filter(id=manager.id)
    if profile.independence.exclude_targets:
        users = users.exclude(id__in=incident.staff.filter(threatened=True).values("user_id"))
    return users


def signatory_title(user: User, profile: Profile) -> str:
    """The signatory's post as the letter prints it. Where the profile names the signatory
    by a rule (the most senior member present, the reporter's line manager), the letter
    gives the role in the council's words instead."""
    post = profile.notification.signatory
    held = {group.name for group in user.groups.all()}
    if post.fallback is not None and Role(post.role).label not in held:
        post = post.fallback
    if profile.notification.signatory_attended or post.role == Role.MANAGER:
        return profile.role_name(post.role)
    return post.title


def letter_get_for_user(letter_id, user, *, audit: bool = True) -> Letter:
    """A letter for those who prepare, sign or send letters; 404 for anyone else. Every
    opening is audited: a letter holds the person's details."""
    if not may_see_letters(user):
        raise Http404
    try:
        letter = Letter.objects.select_related(
            "person", "caution", "decision__meeting", "decision__incident", "signatory"
        ).get(id=letter_id)
    except Letter.DoesNotExist:
        raise Http404 from None
    if audit:
        audit_record(
            by=user,
            verb=AuditEvent.Verb.VIEW,
            summary="Viewed a letter",
            target=letter,
            people=[letter.person],
        )
    return letter


def verified_pdf(letter: Letter) -> bytes:
    """The issued letter's PDF, refused if it no longer matches its hash (000 §8.2)."""
    with letter.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        raise TamperedLetter
    return data


@dataclasses.dataclass(frozen=True)
class LetterDue:
    letter: Letter
    due: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < clock.today()

    @property
    def what(self) -> str:
        return {
            Letter.Status.DRAFT: "Complete and send for sign-off",
            Letter.Status.AWAITING_SIGNOFF: "Sign off",
            Letter.Status.ISSUED: "Send",
        }[self.letter.status]


def letters_waiting() -> QuerySet[Letter]:
    """Letters not yet sent, by deadline, overdue first, those without one last (000 §8.7:
    within 2 working days of the decision); letters waiting in the print pack count until
    posted. With what a list needs to name the person."""
    waiting = [Letter.Status.DRAFT, Letter.Status.AWAITING_SIGNOFF, Letter.Status.ISSUED]
    return (
        Letter.objects.filter(status__in=waiting)
        .select_related("person", "caution__person", "decision__incident__person")
        .prefetch_related("person__names", "decision__incident__person__names")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def letters_due() -> list[LetterDue]:
    """Every letter not yet sent, as items with their deadline, overdue first."""
    return [LetterDue(letter, letter.due_on) for letter in letters_waiting()]


def letters_of_caution(caution) -> QuerySet[Letter]:
    return caution.letters.select_related("signatory", "exemption_approved_by").order_by(
        "created_at"
    )


def print_pack_letters() -> QuerySet[Letter]:
    """Issued letters waiting to be printed and posted, oldest first."""
    return (
        Letter.objects.filter(delivery_status=Letter.DeliveryStatus.TO_POST)
        .select_related("person")
        .order_by("issued_at")
    )


def print_pack_pdf(letters: list[Letter], *, by) -> bytes:
    """One PDF of every letter to post, each checked against its hash, followed by the
    council's policy where the letter says it is enclosed (000 §8.7); each document starts
    on a fresh sheet when printed double-sided. Downloading it is audited per letter."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for letter in letters:
        audit_record(
            by=by,
            verb=AuditEvent.Verb.VIEW,
            summary="Downloaded a letter in the print pack",
            target=letter,
            people=[letter.person],
        )
        _add_sheets(writer, verified_pdf(letter))
        if encloses_policy(letter):
            _add_sheets(writer, policy_pdf(load_profile(letter.profile)))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _add_sheets(writer, data: bytes) -> None:
    """The document's pages, and a blank one after an odd count: the next document then
    starts on a fresh sheet when printed double-sided."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        writer.add_page(page)
    if len(reader.pages) % 2:
        writer.add_blank_page()
