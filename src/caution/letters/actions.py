"""The life of a letter to the person: prepare, correct, submit for sign-off, sign (which
issues it), deliver, or record why the person is not told. Each is an action: it runs in a
transaction, checks who may act, writes its audit record and leaves side effects (e-mail,
notifications) to the outbox, which sends them after commit.

An issued letter never changes: every action here refuses to touch one, and its PDF's
hash is checked whenever the file is read (000 §8.2 "a copy of the letter will also be
kept on file").
"""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caution.accounts import roles
from caution.accounts.models import User
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.letters import content, rendering, selectors
from caution.letters.access import refuse_if_not_exemption_approver, require_letter_handler
from caution.letters.enclosures import encloses_policy, policy_storage_name
from caution.letters.models import Letter, LetterTemplate
from caution.lib import clock
from caution.notifications import events
from caution.notifications.actions import notify
from caution.people.adjusting import adjustments_in_force
from caution.people.models import Adjustment
from caution.policy.citing import citations
from caution.policy.profiles import current, load_profile
from caution.policy.vocabulary import NOTIFICATION_EXEMPTIONS
from caution.register.models import Caution, Decision

# Letters whose delivery tells the person of the decision on their caution (000 §8.5
# "whether the customer has been notified").
NOTIFYING_KINDS = ("caution", "restrictions")


def _require_not_issued(letter: Letter) -> None:
    if letter.issued:
        raise ValidationError("This letter has been issued: it is kept on file and cannot change.")
    if letter.status == Letter.Status.NOT_SENT:
        raise ValidationError("This letter is not being sent: an exemption was recorded.")


def _audit(letter: Letter, by, verb: AuditEvent.Verb, summary: str, details=None) -> None:
    audit_record(
        by=by,
        verb=verb,
        summary=summary,
        target=letter,
        details=details or {},
        people=[letter.person],
    )


def _due_on(kind: str, decision: Decision | None, appeal) -> dt.date | None:
    if kind == "appeal_outcome" and appeal is not None and appeal.answer_due:
        return appeal.answer_due
    deadline = current().notification.deadline
    if deadline is None:
        return None
    # A later letter (a review or appeal) about an old decision is due from today.
    decided = decision is not None and kind in content.DECISION_KINDS
    start = timezone.localdate(decision.decided_at) if decided else clock.today()
    return deadline.due(start)


@transaction.atomic
def letter_prepare(
    *, kind: str, person, by, caution=None, decision=None, appeal=None, review=None
) -> Letter:
    """Draft a letter of `kind` to `person` from the profile's template, due within the
    profile's notification deadline of the decision (000 §8.7: 2 working days)."""
    require_letter_handler(by)
    return _prepare(
        kind=kind,
        person=person,
        by=by,
        caution=caution,
        decision=decision,
        appeal=appeal,
        review=review,
    )


def _prepare(*, kind: str, person, by, caution, decision, appeal=None, review=None) -> Letter:
    if kind not in Letter.Kind.values:
        raise ValidationError({"kind": "Choose a kind of letter"})
    if person is None:
        raise ValidationError({"person": "A letter needs a person to write to"})
    profile = current()
    letter = Letter(
        kind=kind,
        person=person,
        caution=caution,
        decision=decision,
        appeal=appeal,
        review=review,
        profile=profile.key,
        due_on=_due_on(kind, decision, appeal),
        prepared_by=by if isinstance(by, User) else None,
        large_print=_large_print_agreed(person),
    )
    letter.fields = content.letter_fields(
        kind=kind,
        person=person,
        profile=profile,
        caution=caution,
        decision=decision,
        appeal=appeal,
        review=review,
    )
    letter.fields["reference"] = letter.reference
    letter.save()
    _audit(letter, by, AuditEvent.Verb.CREATE, f"Prepared a letter: {letter.get_kind_display()}")
    return letter


def _large_print_agreed(person) -> bool:
    """Whether large print is agreed with the person: a draft to them is then in large
    print unless changed (ADR 0024)."""
    agreed = adjustments_in_force([person.pk]).get(person.pk, [])
    return any(adjustment.kind == Adjustment.Kind.LARGE_PRINT for adjustment in agreed)


@transaction.atomic
def letter_print_set(letter: Letter, *, large_print: bool, by) -> Letter:
    """Print the letter in large print or standard print. A letter awaiting sign-off goes
    back to draft, as after any change, so the signatory signs what will be sent."""
    require_letter_handler(by)
    _require_not_issued(letter)
    if letter.large_print == large_print:
        return letter
    letter.large_print = large_print
    if letter.status == Letter.Status.AWAITING_SIGNOFF:
        letter.status = Letter.Status.DRAFT
    letter.save(update_fields=["large_print", "status"])
    words = "large print" if large_print else "standard print"
    _audit(letter, by, AuditEvent.Verb.CHANGE, f"Set a draft letter in {words}")
    return letter


def letter_kind_for(decision: Decision) -> str | None:
    """The letter a final decision needs: a warning letter, or a caution letter (one that
    sets restrictions where it has them); none for no action or an informal word."""
    if decision.outcome == Decision.Outcome.WARNING:
        return "warning"
    if decision.outcome != Decision.Outcome.CAUTION or decision.caution_id is None:
        return None
    has_restrictions = decision.caution.restriction_set.exists()
    return "restrictions" if has_restrictions else "caution"


def letter_prepare_for_decision(decision: Decision, *, by) -> Letter | None:
    """Called by the decision workflow when a decision becomes final: whoever may record
    the decision may start its letter."""
    kind = letter_kind_for(decision)
    if kind is None or decision.person_id is None:
        return None
    return _prepare(
        kind=kind, person=decision.person, caution=decision.caution, decision=decision, by=by
    )


def letter_prepare_for_change(kind: str, caution: Caution, *, person, reason: str, by) -> Letter:
    """Called by the register when a caution is extended or removed and the profile says
    the person is told (002 §3): whoever made the change (or the sweep, for an expiry) may
    start its letter, which then goes through sign-off as every letter does."""
    if kind not in ("extension", "removal"):
        raise ValueError(f"{kind!r} is not a change the person is told of")
    decision = Decision.objects.filter(caution=caution).first()
    letter = _prepare(kind=kind, person=person, caution=caution, decision=decision, by=by)
    if reason.strip():
        letter.fields = {**letter.fields, "reasons": reason.strip()}
        letter.save(update_fields=["fields"])
    return letter


EDITABLE_FIELDS = tuple(
    name
    for name in content.VARIABLES
    if name not in content.SET_AT_SIGNING and name not in ("council", "register_name", "reference")
)


@transaction.atomic
def letter_update(letter: Letter, *, fields: dict, by) -> Letter:
    """Correct the words of a draft (or of a letter sent back from sign-off)."""
    require_letter_handler(by)
    _require_not_issued(letter)
    changed = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            continue
        value = (
            [str(line).strip() for line in value if str(line).strip()]
            if isinstance(value, list | tuple)
            else str(value).strip()
        )
        if letter.fields.get(name) != value:
            changed[name] = value
    if not changed:
        return letter
    letter.fields = {**letter.fields, **changed}
    if letter.status == Letter.Status.AWAITING_SIGNOFF:
        # Changed words need signing off afresh.
        letter.status = Letter.Status.DRAFT
    letter.save(update_fields=["fields", "status"])
    _audit(
        letter, by, AuditEvent.Verb.CHANGE, "Changed a draft letter", {"fields": sorted(changed)}
    )
    return letter


def missing_elements(letter: Letter) -> list[str]:
    """What the letter must say under the profile but does not, in plain words. The
    letter's own profile, the one it was drafted under, says what it must hold: a change
    of the running profile does not change what an earlier letter had to say."""
    profile = load_profile(letter.profile)
    source = selectors.template_source(letter.profile, letter.kind)
    used = rendering.variables_used(source)
    problems = []
    for element in content.required_elements(letter.kind, profile):
        name = content.ELEMENT_VARIABLES[element]
        words = content.LETTER_ELEMENTS[element]
        value = letter.fields.get(name)
        if name not in used:
            problems.append(f"The letter template leaves out: {words.lower()} ({{{{ {name} }}}})")
        elif not value or (isinstance(value, str) and not value.strip()):
            problems.append(f"The letter does not yet say: {words.lower()}")
    if used & set(content.ASKS_FOR_REPLY) and not content.council_address():
        problems.append(
            "The letter asks the person to write in but the council's address is not set: "
            "an administrator sets it (CAUTION_COUNCIL_ADDRESS, docs/operators/settings.md)"
        )
    return problems


def _require_complete(letter: Letter) -> None:
    problems = missing_elements(letter)
    if problems:
        raise ValidationError(problems)


def signatories_for(letter: Letter):
    """Who may sign this letter (000 §8.7 the most senior Review Panel member present;
    002 §3.4 the CSSM; 003 §9.1 the reporter's line manager), fallback posts included."""
    return selectors.signatories(letter, current())


@transaction.atomic
def letter_submit(letter: Letter, *, by) -> Letter:
    """Send a complete draft to the signatory; refuses one missing a required element."""
    require_letter_handler(by)
    _require_not_issued(letter)
    _require_complete(letter)
    letter.status = Letter.Status.AWAITING_SIGNOFF
    letter.save(update_fields=["status"])
    _audit(letter, by, AuditEvent.Verb.CHANGE, "Sent a letter for sign-off")
    notify(
        signatories_for(letter),
        subject="A letter awaits your sign-off",
        body=f"A {letter.get_kind_display().lower()} letter is ready for you to check and sign.",
        url=reverse("letters:detail", args=[letter.id]),
        event=events.LETTER_AWAITING_SIGN_OFF,
    )
    return letter


@transaction.atomic
def letter_return(letter: Letter, *, reason: str, by) -> Letter:
    """The signatory sends a letter back to be corrected, saying why."""
    if letter.status != Letter.Status.AWAITING_SIGNOFF:
        raise ValidationError("This letter is not awaiting sign-off.")
    if not signatories_for(letter).filter(id=getattr(by, "id", None)).exists():
        raise PermissionDenied("Only the letter's signatory can send it back.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what needs correcting"})
    letter.status = Letter.Status.DRAFT
    letter.save(update_fields=["status"])
    _audit(
        letter,
        by,
        AuditEvent.Verb.CHANGE,
        "Sent a letter back to be corrected",
        {"reason": reason.strip()},
    )
    if letter.prepared_by_id:
        notify(
            [letter.prepared_by],
            subject="A letter was sent back to be corrected",
            body="The signatory has sent a letter back to you to correct.",
            url=reverse("letters:detail", args=[letter.id]),
        )
    return letter


def _render_final(letter: Letter) -> tuple[str, str, bytes]:
    profile = current()
    source = selectors.template_source(letter.profile, letter.kind)
    body = rendering.render_body(source, letter.fields)
    document = rendering.letter_html(
        letter.fields, body, profile, final=True, large_print=letter.large_print
    )
    return (
        rendering.letter_text(letter.fields, body, profile),
        document,
        rendering.render_pdf(document),
    )


@transaction.atomic
def letter_sign(letter: Letter, *, by: User) -> Letter:
    """The signatory signs the letter, which issues it: the final PDF is rendered, stored
    in private storage and its SHA-256 kept, so the copy on file is provably the one sent."""
    letter = Letter.objects.select_for_update().get(id=letter.id)
    if letter.status != Letter.Status.AWAITING_SIGNOFF:
        _require_not_issued(letter)
        raise ValidationError("Send the letter for sign-off first.")
    if not signatories_for(letter).filter(id=by.id).exists():
        title = current().notification.signatory.title
        raise PermissionDenied(f"Under this policy the letter is signed by: {title}.")
    _require_complete(letter)
    profile = current()
    today = clock.today()
    letter.fields = {
        **letter.fields,
        "date": f"{today:%-d %B %Y}",
        "signatory_name": by.display_name,
        "signatory_title": selectors.signatory_title(by, profile),
    }
    if letter.kind in content.DECISION_KINDS:
        letter.fields["appeal_deadline"] = content.appeal_deadline(profile, today)
    letter.text, letter.html, pdf = _render_final(letter)
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.pdf.save(f"{letter.id}.pdf", ContentFile(pdf), save=False)
    letter.signatory = by
    letter.signatory_title = letter.fields["signatory_title"]
    letter.signed_at = letter.issued_at = clock.now()
    letter.status = Letter.Status.ISSUED
    letter.save()
    _audit(
        letter, by, AuditEvent.Verb.CHANGE, "Signed and issued a letter", {"sha256": letter.sha256}
    )
    return letter


def _mark_caution_notified(letter: Letter, notified: str) -> None:
    if letter.caution_id and letter.kind in NOTIFYING_KINDS:
        Caution.objects.filter(id=letter.caution_id).update(notified=notified)


def _delivered(letter: Letter, status: str, by, at: dt.datetime | None = None) -> None:
    letter.delivery_status = status
    letter.delivered_at = at or clock.now()
    letter.delivered_by = by if isinstance(by, User) else None
    letter.status = Letter.Status.DELIVERED
    letter.save()
    _mark_caution_notified(letter, Caution.Notified.YES)


def _person_email(letter: Letter) -> str:
    emails = [c.value for c in letter.person.contact_points.all() if c.kind == "email"]
    return emails[0] if emails else ""


@transaction.atomic
def letter_deliver(
    letter: Letter,
    *,
    method: str,
    by,
    email: str = "",
    delivered_at: dt.datetime | None = None,
    officer: User | None = None,
) -> Letter:
    """Send an issued letter: into the print pack for post, by e-mail through the outbox
    with the PDF attached, or record its hand delivery with date, time and officer
    (003 §9.1: "a note made on the system to advise the time and date")."""
    require_letter_handler(by)
    letter = Letter.objects.select_for_update().get(id=letter.id)
    if letter.status != Letter.Status.ISSUED or letter.delivery_status:
        raise ValidationError("Only an issued letter that has not been sent can be sent.")
    profile = current().notification
    if method not in Letter.Method.values:
        raise ValidationError({"method": "Choose how the letter is sent"})
    if profile.delivery == "hand" and method != Letter.Method.HAND:
        raise ValidationError(
            {"method": citations("Under this policy letters are hand delivered (003 §9.1)")}
        )
    letter.delivery_method = method
    if method == Letter.Method.POST:
        _to_post(letter, by)
    elif method == Letter.Method.EMAIL:
        _email(letter, email.strip() or _person_email(letter), by)
    else:
        _by_hand(letter, delivered_at, officer, profile.record_delivery_time, by)
    _audit(
        letter,
        by,
        AuditEvent.Verb.CHANGE,
        f"Sent a letter: {letter.get_delivery_method_display().lower()}",
        {"delivery_status": letter.delivery_status},
    )
    return letter


def _to_post(letter: Letter, by) -> None:
    """Into the print pack; or, where GOV.UK Notify is set up, to Notify, which prints and
    posts it (the PDF is laid out to its precompiled letter specification)."""
    from caution.outbox.actions import Attachment, notify_enabled, outbox_letter

    if not letter.fields.get("address_lines"):
        raise ValidationError({"method": "The letter has no postal address: send it another way"})
    if not notify_enabled():
        letter.delivery_status = Letter.DeliveryStatus.TO_POST
        letter.save(update_fields=["delivery_method", "delivery_status"])
        return
    selectors.verified_pdf(letter)
    outbox_letter(
        pdf=Attachment(f"letter-{letter.reference}.pdf", letter.pdf.name, "application/pdf"),
        reference=letter.reference,
        person=letter.person,
        key=f"letter:{letter.id}",
    )
    letter.delivered_to = "GOV.UK Notify"
    _delivered(letter, Letter.DeliveryStatus.POSTED, by)


def _email(letter: Letter, address: str, by) -> None:
    from caution.outbox.actions import Attachment, outbox_email

    if "@" not in address:
        raise ValidationError({"email": "Enter the person's e-mail address"})
    selectors.verified_pdf(letter)
    profile = current()
    attachments = [Attachment(f"letter-{letter.reference}.pdf", letter.pdf.name, "application/pdf")]
    if encloses_policy(letter):
        # The policy the letter says is enclosed (000 §8.7), as its own file.
        name = policy_storage_name(load_profile(letter.profile))
        attachments.append(Attachment("policy.pdf", name, "application/pdf"))
    outbox_email(
        to=[address],
        subject=f"Letter from {profile.council} (reference {letter.reference})",
        text=letter.text,
        attachments=attachments,
        person=letter.person,
        key=f"letter:{letter.id}",
    )
    letter.delivered_to = address
    _delivered(letter, Letter.DeliveryStatus.EMAILED, by)


def _by_hand(letter, delivered_at, officer, record_time: bool, by) -> None:
    if record_time and (delivered_at is None or officer is None):
        raise ValidationError(
            {
                "delivered_at": citations(
                    "Enter the date and time the letter was delivered (003 §9.1)"
                ),
                **({"officer": "Choose the officer who delivered it"} if officer is None else {}),
            }
        )
    delivered_at = delivered_at or clock.now()
    if delivered_at > clock.now():
        raise ValidationError({"delivered_at": "The delivery time cannot be in the future"})
    if letter.issued_at and delivered_at < letter.issued_at:
        raise ValidationError({"delivered_at": "The letter was delivered before it was issued"})
    _delivered(letter, Letter.DeliveryStatus.HAND_DELIVERED, officer or by, delivered_at)


@transaction.atomic
def letters_mark_posted(letter_ids, *, by) -> int:
    """The register officer posted the print pack: each letter in it is delivered."""
    require_letter_handler(by)
    letters = Letter.objects.select_for_update().filter(
        id__in=list(letter_ids), delivery_status=Letter.DeliveryStatus.TO_POST
    )
    count = 0
    for letter in letters:
        _delivered(letter, Letter.DeliveryStatus.POSTED, by)
        _audit(letter, by, AuditEvent.Verb.CHANGE, "Posted a letter")
        count += 1
    return count


@transaction.atomic
def letter_exempt(letter: Letter, *, exemption: str, justification: str, by) -> Letter:
    """Record that the person will not be told, for one of the profile's exemptions only
    (000 §8.7 risk of a violent reaction, address unknown; 003 §9.4 at the request of the
    police, probation or a court), with the justification and who approved it."""
    refuse_if_not_exemption_approver(by)
    _require_not_issued(letter)
    allowed = current().notification.exemptions
    if not allowed:
        raise ValidationError(
            {"exemption": "Under this policy the person is always told: there is no exemption"}
        )
    if exemption not in allowed:
        choices = "; ".join(NOTIFICATION_EXEMPTIONS[key].lower() for key in allowed)
        raise ValidationError({"exemption": f"Under this policy the only reasons are: {choices}"})
    if len(justification.strip()) < 20:
        raise ValidationError(
            {"justification": "Explain, in a sentence or more, why telling them is not possible"}
        )
    meeting = _exemption_meeting(letter)
    letter.status = Letter.Status.NOT_SENT
    letter.exemption = exemption
    letter.exemption_justification = justification.strip()
    letter.exemption_approved_by = by
    letter.exempted_at = clock.now()
    letter.exemption_meeting = meeting
    letter.save()
    details = {"exemption": exemption, "justification": letter.exemption_justification}
    if meeting is not None:
        members = list(meeting.members_present())
        letter.exemption_members.set(members)
        details["meeting"] = str(meeting.id)
        details["members_present"] = sorted(str(member.id) for member in members)
    _mark_caution_notified(letter, Caution.Notified.NO)
    _audit(letter, by, AuditEvent.Verb.CHANGE, "Decided not to notify the person", details)
    return letter


def _exemption_meeting(letter: Letter):
    """The meeting at which the panel that decided the case decides not to tell the person
    (000 §8.7 "this Review Panel must ensure the decision not to notify an individual is
    justified and documented"): the meeting of the decision, still quorate for the case.
    None where one person decided."""
    # Imported here: register.deciding drafts its letters through this module.
    from caution.register.deciding import quorum_problem

    decision = letter.decision
    if decision is None or decision.meeting_id is None:
        return None
    problem = quorum_problem(decision.meeting, decision.incident)
    if problem:
        raise ValidationError(
            f"The {current().decision_body} decides not to notify, at the meeting that decided "
            f"the case: {problem}"
        )
    return decision.meeting


@transaction.atomic
def letters_escalate_overdue(*, as_of: dt.date) -> int:
    """Tell the register officers, and the manager of each possible signatory, of every
    letter past its deadline and not yet sent; once per letter, so the daily sweep can
    run as often as it likes. Returns how many letters were escalated."""
    officers = list(
        User.objects.filter(groups__name=roles.Role.REGISTER_OFFICER.label, is_active=True)
    )
    overdue = Letter.objects.filter(
        status__in=[Letter.Status.DRAFT, Letter.Status.AWAITING_SIGNOFF, Letter.Status.ISSUED],
        due_on__lt=as_of,
        escalated_on__isnull=True,
    ).select_related("decision__meeting", "decision__incident")
    told: dict[User, list[Letter]] = {}
    for letter in overdue:
        if not Letter.objects.filter(id=letter.id, escalated_on__isnull=True).update(
            escalated_on=as_of
        ):
            continue  # another sweep got there first
        managers = [user.manager for user in signatories_for(letter) if user.manager_id]
        for user in {*officers, *managers}:
            told.setdefault(user, []).append(letter)
    for user, letters in told.items():
        _tell_overdue(user, letters)
    return len({letter.id for letters in told.values() for letter in letters})


def _tell_overdue(user: User, letters: list[Letter]) -> None:
    """One message a day: the letter by name where it is the only one, else a digest
    linking to the letters due."""
    if len(letters) == 1:
        [letter] = letters
        notify(
            [user],
            subject="A letter to the person is overdue",
            body=f"A {letter.get_kind_display().lower()} letter was due by "
            f"{letter.due_on:%-d %B %Y} and has not been sent.",
            url=reverse("letters:detail", args=[letter.id]),
            event=events.DEADLINE_MISSED,
            about=letter.person,
        )
        return
    first = min(letter.due_on for letter in letters)
    notify(
        [user],
        subject=f"{len(letters)} letters to people are overdue",
        body=f"{len(letters)} letters have passed their deadline without being sent, the "
        f"first due by {first:%-d %B %Y}. The letters page lists them, overdue first.",
        url=reverse("letters:index"),
        event=events.DEADLINE_MISSED,
    )


@transaction.atomic
def letter_template_save(*, kind: str, source: str, by) -> LetterTemplate:
    """An administrator's own wording for a kind of letter, replacing the shipped file."""
    if by is None or not by.has_perm(roles.EDIT_LETTER_TEMPLATES):
        raise PermissionDenied("Your role does not include editing letter templates.")
    if kind not in Letter.Kind.values:
        raise ValidationError({"kind": "Choose a kind of letter"})
    rendering.compile_template(source)
    template, _ = LetterTemplate.objects.update_or_create(
        profile=current().key,
        kind=kind,
        defaults={"source": source, "updated_by": by, "updated_at": clock.now()},
    )
    audit_record(
        by=by,
        verb=AuditEvent.Verb.CHANGE,
        summary=f"Changed the {kind} letter template",
        target=template,
    )
    return template


@transaction.atomic
def letter_template_reset(*, kind: str, by) -> None:
    """Go back to the template shipped with the profile."""
    if by is None or not by.has_perm(roles.EDIT_LETTER_TEMPLATES):
        raise PermissionDenied("Your role does not include editing letter templates.")
    LetterTemplate.objects.filter(profile=current().key, kind=kind).delete()
    audit_record(
        by=by, verb=AuditEvent.Verb.CHANGE, summary=f"Restored the shipped {kind} letter template"
    )
