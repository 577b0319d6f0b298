"""Test data made through the same action functions the product uses, so that derived
state (match keys, next review dates, audit) is what production would hold."""

import datetime as dt
import itertools
import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caution.accounts import roles
from caution.accounts.actions import user_create
from caution.accounts.models import LawfulBasis, Organisation, SharingAgreement, User
from caution.accounts.roles import Role
from caution.lib import clock
from caution.people.actions import AddressInput, NameInput, person_create
from caution.people.models import Person, PersonName
from caution.policy.profiles import available, current, load_profile
from caution.register.cautions import caution_add
from caution.register.deciding import PromptAnswer
from caution.register.models import Caution
from caution.register.sharing import sharing_problems

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"
# The address a council sets before its letters can ask for a reply (letters.md); every test
# has it (conftest.py), and a world made outside a test's settings sets it itself.
COUNCIL_ADDRESS = ["Council Offices", "Adam and Eve Street", "Market Harborough", "LE16 7AG"]


def make_user(role: Role, *, organisation: Organisation | None = None, **extra) -> User:
    number = next(_counter)
    return user_create(
        username=extra.pop("username", f"{role.value}-{number}"),
        password=PASSWORD,
        roles=[role],
        first_name=extra.pop("first_name", role.label.split()[0]),
        last_name=extra.pop("last_name", f"Tester{number}"),
        organisation=organisation,
        by=None,
    )


def make_person(
    given: str,
    family: str,
    *,
    born: dt.date | None = None,
    aliases: tuple[str, ...] = (),
    address: AddressInput | None = None,
    phones: tuple[str, ...] = (),
    emails: tuple[str, ...] = (),
    handles: tuple[str, ...] = (),
    reference: str | None = None,
) -> Person:
    names = [NameInput(given, family)]
    for alias in aliases:
        alias_given, _, alias_family = alias.rpartition(" ")
        names.append(NameInput(alias_given, alias_family, PersonName.Kind.ALIAS))
    contacts = (
        [("phone", p) for p in phones]
        + [("email", e) for e in emails]
        + [("social", h) for h in handles]
    )
    return person_create(
        names=names,
        date_of_birth=born,
        addresses=[address] if address else [],
        contacts=contacts,
        reference=reference,
        by=None,
    )


def every_category() -> list[str]:
    """Every category of every shipped profile, and entries with none."""
    codes = {c.code for name in available() for c in load_profile(name).categories}
    return [*sorted(codes), SharingAgreement.UNCATEGORISED]


def make_agreement(
    organisation: Organisation,
    *,
    categories: list[str] | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> SharingAgreement:
    """A live sharing agreement with the partner, covering every category unless told:
    made directly, as it needs no administrator to exist for the test (tests/sharing/
    tests the action that records one)."""
    from caution.lib import clock

    starts_on = starts_on or clock.today() - dt.timedelta(days=30)
    ends_on = ends_on or clock.today() + dt.timedelta(days=365)
    return SharingAgreement.objects.create(
        title=f"Sharing with {organisation.name}",
        organisation=organisation,
        purpose="Keeping the partner's staff safe on visits",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        categories=every_category() if categories is None else categories,
        onward_disclosure="Not to be passed on",
        starts_on=starts_on,
        review_on=starts_on + (ends_on - starts_on) / 2,
        ends_on=ends_on,
    )


def make_caution(person: Person | None = None, *, level: str = "1", **fields) -> Caution:
    """A caution as `caution_add` puts it on. Shared with a partner no live agreement
    covers, `shared_with` is set afterwards, as a decision under an agreement since changed
    or ended leaves it (caution_add itself refuses: tests/sharing/test_sharing_decisions.py)."""
    shared_with = list(fields.pop("shared_with", ()))
    justification = fields.pop("sharing_justification", "Their staff visit the person's home")
    category = fields.get("category", "")
    allowed = not sharing_problems(category, shared_with, justification, on=clock.today())
    caution = caution_add(
        person=person,
        level=level,
        precautions=fields.pop("precautions", "Visit in pairs"),
        restrictions=fields.pop("restrictions", "Contact in writing only"),
        key_contact=fields.pop("key_contact", "Housing Team Leader"),
        incident_summary=fields.pop("incident_summary", "Pushed an officer at the front desk."),
        shared_with=shared_with if allowed else [],
        sharing_justification=justification if allowed else "",
        by=None,
        **fields,
    )
    if shared_with and not allowed:
        caution.shared_with.set(shared_with)
        caution.sharing_justification = justification
        caution.save(update_fields=["sharing_justification"])
    return caution


def cautioned(given: str, family: str, **kwargs) -> Person:
    """A person with one active caution."""
    level = kwargs.pop("level", "1")
    person = make_person(given, family, **kwargs)
    make_caution(person, level=level)
    return person


def change_made(caution: Caution, action: str = "amend", *, by: User | None = None, **values):
    """A change to a caution made as the profile in use says (`[changes]`): proposed by the
    register officer `by` and decided by its decider, at a quorate meeting of the body
    that decides it where one meets (000 §8.2-8.4). Returns the caution, as changed."""
    from django.utils import timezone

    from caution.lib import clock
    from caution.policy.profiles import current
    from caution.register import changing, deciding

    by = by or make_user(Role.REGISTER_OFFICER)
    values.setdefault("reason", "Reviewed: a change is needed")
    change = changing.caution_change_propose(
        caution, action=action, version=caution.version, by=by, **values
    )
    if change.status != change.Status.PROPOSED:
        return caution
    body = deciding.change_body(change)
    meeting = None
    if body is not None:
        members = _seated(body, [])
        called = deciding.meeting_schedule(
            starts_at=timezone.localtime(clock.now()),
            place="Committee room",
            cases=[],
            changes=[change],
            invited=members,
            by=by,
        )
        meeting = deciding.meeting_attendance_record(
            called, attended=members, version=called.version, by=by
        )
        decider = by
    else:
        route = deciding.change_routes(change.kinds)
        role = route.actor.role if route.actor else current().decision.decider_role
        decider = make_user(Role(role))
    changing.caution_change_decide(
        change,
        made=True,
        reasons="Agreed",
        meeting=meeting,
        version=change.version,
        by=decider,
    )
    caution.refresh_from_db()
    return caution


def _seated(body, present: list[User]) -> list[User]:
    """Those present, with a holder of each seat none of them fills and members enough for
    the body's quorum."""
    members = list(present)
    for seat in body.seats:
        if not any(roles.holds(user, seat.role) for user in members):
            members.append(make_user(Role(seat.role)))
    while len(body.members(members)) < body.quorum:
        members.append(make_user(Role(sorted(body.roles)[0])))
    return body.members(members)


def review_meeting_held(*present: User):
    """Where the profile in use has a group approve every review (000 §8.4, 002 §3.4), a
    review meeting held today with the group quorate: those `present` who sit on it, and
    others for the seats and quorum. None where one person reviews."""
    from caution.lib import clock
    from caution.register import reviews

    body = reviews.review_body()
    if body is None:
        return None
    officer = make_user(Role.REGISTER_OFFICER)
    members = _seated(body, list(present))
    meeting = reviews.review_meeting_schedule(held_on=clock.today(), invited=members, by=officer)
    return reviews.review_meeting_attendance_record(
        meeting, attended=members, version=meeting.version, by=officer
    )


def make_totp_device(user: User) -> TOTPDevice:
    """A confirmed authenticator app for the user, as if they had set it up."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """A code the device's authenticator app shows, one that the device has not accepted
    yet (a code is accepted once: a second sign-in within 30 seconds takes the next one)."""
    device.refresh_from_db()
    while True:
        now = int(time.time() - device.t0) // device.step
        ahead = max(0, device.last_t + 1 - now)
        if ahead <= device.tolerance:
            break
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.1)
    t0 = device.t0 - ahead * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def answered(answer: str = "yes") -> dict[str, PromptAnswer]:
    """An answer to each question the current profile asks the decider of a caution
    (`[[decision.prompts]]`): decisions made for tests that are not about the questions."""
    prompts = current().decision.prompts
    return {prompt.code: PromptAnswer(answer, "Considered") for prompt in prompts}


def answered_json(answer: str = "yes") -> dict[str, dict[str, str]]:
    """The same, as the JSON API takes them."""
    return {code: {"answer": given.answer} for code, given in answered(answer).items()}
