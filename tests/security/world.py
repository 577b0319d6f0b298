"""One of everything, for the battery: a Cheltenham register (002) holding one record of
each kind a page or the API names by id, and one user in each role to look at it.

Built once per test module (`world` fixture in tests/security/conftest.py) inside a
transaction rolled back at the end, so that hundreds of requests share it. The records a
principal reaches by their role are made by other users, so that what each principal sees
is what their role gives them; the draft report is the reporter principal's own (only its
reporter may open a draft).

Every sensitive free-text field carries a canary (`CANARIES`): a distinctive word, planted
for the field-level reads test (tests/security/test_field_level_reads.py) to look for in
every page and API answer each role may read; `KINDS` says which kind of field each is,
and `[fields]` in docs/user/access.toml who may read each kind."""

import dataclasses
import datetime as dt
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile

from caution.accounts.clients import IssuedToken, client_register, client_token_issue
from caution.accounts.models import Client, Organisation, SharingAgreement, User
from caution.accounts.roles import Role
from caution.incidents import actions as reporting
from caution.incidents.models import Evidence, Incident, IncidentContact, Witness
from caution.letters.actions import letter_prepare
from caution.lib import clock
from caution.notifications.models import Bulletin, Notification
from caution.outbox.models import WebhookSubscription
from caution.people.actions import AddressInput
from caution.people.models import Adjustment, Person
from caution.privacy.models import LegalHold, RectificationRequest, SubjectAccessRequest
from caution.register import changing, deciding
from caution.register.identity import identity_dispute_raise
from caution.register.models import (
    Appeal,
    Assessment,
    Breach,
    Caution,
    CautionChange,
    Decision,
    IdentityDispute,
    Restriction,
    Review,
    ReviewMeeting,
)
from tests.factories import answered, make_agreement, make_caution, make_person, make_user
from tests.journeys.conftest import MONDAY, assess
from tests.privacy.conftest import decided, reported

PROFILE = "cheltenham"
ANONYMOUS = "anonymous"

# What the check may show everyone entitled to it (DESIGN.md §5: cautions, precautions and
# restrictions), and what only those who read reports and the full record may see:
# incident and offence details, witnesses, evidence, the assessment's circumstances (where
# health and vulnerability are written down), reasons, grounds and notes.
SHOWN_BY_THE_CHECK = {
    "precautions": "Canaryprecaution",
    "restriction": "Canaryrestriction",
}
CANARIES = {
    "incident description": "Canarydescription",
    "incident location": "Canarylocation",
    "witness statement": "Canarystatement",
    "witness name": "Canarywitness",
    "evidence name": "Canaryevidence",
    "assessment reasons": "Canaryassessment",
    "assessment context (health, vulnerability)": "Canaryvulnerable",
    "staff support": "Canarysupport",
    "decision reasons": "Canaryreasons",
    "caution incident summary": "Canarysummary",
    "contact summary": "Canarycontact",
    "breach description": "Canarybreach",
    "appeal grounds": "Canarygrounds",
    "identity dispute account": "Canarydispute",
    "review reasons": "Canaryreview",
    "change reason": "Canarychange",
    "legal hold reason": "Canaryhold",
    "rectification request": "Canaryrectify",
    "police reference": "Canarypolice",
    "review justification (circumstances)": "Canaryjustified",
    "caution ended reason": "Canaryended",
    "adjustment need (health)": "Canaryneed",
}
# The kind of each planted field, after the data inventory's categories
# (src/caution/privacy/inventory.toml): what the check shows; the register's record beyond
# it (appeals, reviews, changes, ends); allegations of offending (the inventory's
# "allegation", UK GDPR Article 10); health and vulnerability (its "special"); staff health
# and safety; and data protection casework.
KINDS = {
    "precautions": "check",
    "restriction": "check",
    "incident description": "offence",
    "incident location": "offence",
    "witness statement": "offence",
    "witness name": "offence",
    "evidence name": "offence",
    "assessment reasons": "offence",
    "assessment context (health, vulnerability)": "health",
    "staff support": "staff-health",
    "decision reasons": "offence",
    "caution incident summary": "offence",
    "contact summary": "offence",
    "breach description": "offence",
    "appeal grounds": "record",
    "identity dispute account": "record",
    "review reasons": "record",
    "change reason": "record",
    "legal hold reason": "data-protection",
    "rectification request": "data-protection",
    "police reference": "offence",
    "review justification (circumstances)": "health",
    "caution ended reason": "record",
    "adjustment need (health)": "health",
}
# The reporter principal's own draft: theirs to read, so its words are not canaries.
OWN_DRAFT = {"description": "Owndraftwords", "location": "Owndraftplace"}


@dataclasses.dataclass
class World:
    principals: dict[str, User | AnonymousUser]
    person: Person
    draft: Incident
    submitted: Incident
    awaiting_approval: Decision
    caution: Caution
    ended: Caution
    expired: Caution
    restriction: Restriction
    change: CautionChange
    letter: object
    appeal: Appeal
    review_meeting: ReviewMeeting
    evidence: Evidence
    draft_evidence: Evidence
    access_request: SubjectAccessRequest
    rectification: RectificationRequest
    hold: LegalHold
    adjustment: Adjustment
    notification: Notification
    bulletin: Bulletin
    webhook: WebhookSubscription
    client: Client
    token: IssuedToken
    partner: Organisation
    agreement: SharingAgreement
    dispute: IdentityDispute
    files: Path
    ids: dict[str, str] = dataclasses.field(default_factory=dict)
    # The reporter principal's own report, submitted, assessed and decided by others, with
    # canaries in what they wrote about it (the assessment, the decision).
    own_report: Incident | None = None


def principals(partner: Organisation) -> dict[str, User | AnonymousUser]:
    """Anonymous, and one user in each role (a partner's from a partner organisation)."""
    users: dict[str, User | AnonymousUser] = {ANONYMOUS: AnonymousUser()}
    for role in Role:
        organisation = partner if role == Role.PARTNER else None
        users[role.value] = make_user(
            role, organisation=organisation, username=f"principal-{role.value}"
        )
    return users


def build(files: Path) -> World:
    """The world, as of Monday 2 March 2026 under Cheltenham's profile (the caller freezes
    the clock and sets the profile)."""
    partner = Organisation.objects.create(name="Riverside Homes")
    agreement = make_agreement(partner)
    agreement.document.save("agreement.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    users = principals(partner)
    author = make_user(Role.REPORTER, first_name="Aled")
    assessor = make_user(Role.MANAGER, first_name="Lena")
    decider = make_user(Role.MANAGER, first_name="Omar")
    register_officer = make_user(Role.REGISTER_OFFICER, first_name="Rhod")
    dpo = make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dewi")
    person = make_person(
        "Gary",
        "Pratt",
        born=dt.date(1979, 6, 21),
        address=AddressInput(line1="4 Mill Lane", town="Charlton Kings", postcode="GL53 8QT"),
        phones=("07700 900461",),
    )
    submitted = reported(author, person)
    assess(submitted, assessor, "ASSAULT")
    caution = decided(submitted, decider)
    caution.shared_with.add(partner)
    evidence = submitted.evidence.get()
    now, today = clock.now(), clock.today()
    restriction = Restriction.objects.create(
        caution=caution, type="free_text", label="Canaryrestriction", starts_on=today
    )
    Caution.objects.filter(pk=caution.pk).update(
        precautions=SHOWN_BY_THE_CHECK["precautions"],
        incident_summary=CANARIES["caution incident summary"],
    )
    Breach.objects.create(
        caution=caution, occurred_at=now, description=CANARIES["breach description"],
        recorded_by=author,
    )  # fmt: skip
    appeal = Appeal.objects.create(
        caution=caution,
        channel=Appeal.Channel.LETTER,
        received_on=today,
        grounds=CANARIES["appeal grounds"],
        notified_on=today,
        handler=users[Role.DECISION_MAKER.value],
        handler_title="Executive Director",
        recorded_by=register_officer,
    )
    review_meeting = ReviewMeeting.objects.create(held_on=today, scheduled_by=register_officer)
    Review.objects.create(
        caution=caution,
        meeting=review_meeting,
        reviewed_on=today,
        outcome=Review.Outcome.KEEP,
        reasons=CANARIES["review reasons"],
        justification=CANARIES["review justification (circumstances)"],
        reviewed_by=register_officer,
    )
    caution.refresh_from_db()
    change = changing.caution_change_propose(
        caution,
        action=CautionChange.Action.AMEND,
        precautions="Visit in threes",
        reason=CANARIES["change reason"],
        version=caution.version,
        by=register_officer,
    )
    letter = letter_prepare(
        kind="caution",
        person=person,
        caution=caution,
        decision=caution.decision,
        by=register_officer,
    )
    draft, draft_evidence = _draft(users[Role.REPORTER.value], person)
    awaiting = _awaiting_approval(author, assessor, decider)
    ended = make_caution(make_person("Ena", "Ended"), level="ASSAULT")
    Caution.objects.filter(pk=ended.pk).update(
        status=Caution.Status.REMOVED, ended_on=today, ended_reason=CANARIES["caution ended reason"]
    )
    expired = make_caution(make_person("Eli", "Expired"), level="ASSAULT")
    Caution.objects.filter(pk=expired.pk).update(status=Caution.Status.EXPIRED, ended_on=today)
    _plant(submitted)
    client, token = _client(make_user(Role.ADMINISTRATOR, first_name="Ade"))
    world = World(
        principals=users,
        person=person,
        draft=draft,
        submitted=submitted,
        awaiting_approval=awaiting,
        caution=caution,
        ended=ended,
        expired=expired,
        restriction=restriction,
        change=change,
        letter=letter,
        appeal=appeal,
        review_meeting=review_meeting,
        evidence=evidence,
        draft_evidence=draft_evidence,
        access_request=SubjectAccessRequest.objects.create(
            person=person, channel="email", received_on=today, due_on=today, recorded_by=dpo
        ),
        rectification=RectificationRequest.objects.create(
            person=person,
            received_on=today,
            due_on=today,
            request=CANARIES["rectification request"],
            recorded_by=dpo,
        ),
        hold=LegalHold.objects.create(
            person=person, reason=CANARIES["legal hold reason"], placed_by=dpo
        ),
        adjustment=Adjustment.objects.create(
            person=person,
            kind=Adjustment.Kind.CONTACT_ROUTE,
            agreed="Calls through a named officer",
            need=CANARIES["adjustment need (health)"],
            agreed_on=today,
            agreed_by="Tenancy Officer",
        ),
        notification=Notification.objects.create(
            user=users[Role.REPORTER.value], subject="A breach", body="x", event="breach_recorded"
        ),
        bulletin=Bulletin.objects.create(day=today),
        webhook=WebhookSubscription.objects.create(
            name="Housing system", url="https://hooks.example.org/caution"
        ),
        client=client,
        token=token,
        partner=partner,
        agreement=agreement,
        dispute=identity_dispute_raise(
            person, account=CANARIES["identity dispute account"], by=register_officer
        ),
        files=files,
    )
    world.ids = _ids(world)
    world.own_report = _own_report(users[Role.REPORTER.value], assessor, decider)
    return world


def _own_report(reporter: User, assessor: User, decider: User) -> Incident:
    incident = reported(reporter, make_person("Owen", "Own", born=dt.date(1980, 5, 17)))
    assess(incident, assessor, "ASSAULT")
    decided(incident, decider)
    Assessment.objects.filter(incident=incident).update(
        reasons=CANARIES["assessment reasons"],
        context=CANARIES["assessment context (health, vulnerability)"],
        staff_support=CANARIES["staff support"],
    )
    Decision.objects.filter(incident=incident).update(reasons=CANARIES["decision reasons"])
    return incident


def _draft(reporter: User, person: Person) -> tuple[Incident, Evidence]:
    """The reporter principal's own unsubmitted report, with a piece of evidence."""
    draft = reporting.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    reporting.incident_update(
        draft,
        reporting.IncidentDetails(
            occurred_at=clock.now() - dt.timedelta(hours=2),
            location=OWN_DRAFT["location"],
            channel=Incident.Channel.PHONE,
            service_area="Housing",
            category="VERBAL_ABUSE",
            description=OWN_DRAFT["description"],
        ),
        version=draft.version,
        by=reporter,
    )
    reporting.incident_person_choose(draft, person, version=draft.version, by=reporter)
    evidence = reporting.evidence_add(
        draft,
        kind=Evidence.Kind.CORRESPONDENCE,
        name="Owndraft-note.txt",
        data=b"A note.\n",
        version=draft.version,
        by=reporter,
    )
    return draft, evidence


def _client(administrator: User) -> tuple[Client, IssuedToken]:
    """A client system with a token for both alert operations and every field: the token
    is the only way into them (no session opens them)."""
    client = client_register(
        name="Repairs scheduler",
        owner="Housing repairs team",
        purpose="Warn operatives before repairs visits",
        by=administrator,
    )
    token = client_token_issue(
        client,
        operations=["alert", "visit_list"],
        fields=["contact", "level", "match", "precautions", "restrictions"],
        valid_days=90,
        by=administrator,
    )
    return client, token


def _awaiting_approval(author: User, assessor: User, decider: User) -> Decision:
    """A complex case's decision waiting for the profile's approver (002 §3.4)."""
    incident = reported(author, make_person("Alan", "Waiting", born=dt.date(1981, 2, 3)))
    assess(incident, assessor, "ASSAULT")
    return deciding.decision_record(
        incident,
        outcome=Decision.Outcome.CAUTION,
        reasons="A complex case.",
        terms=deciding.CautionTerms(level="ASSAULT", precautions="Officers visit in pairs"),
        complex_case=True,
        answers=answered(),
        version=incident.version,
        by=decider,
    )


def _plant(incident: Incident) -> None:
    """The canaries in the submitted report's sensitive fields."""
    Incident.objects.filter(pk=incident.pk).update(
        description=CANARIES["incident description"],
        location=CANARIES["incident location"],
        police_involved=True,
        police_reference=CANARIES["police reference"],
    )
    Witness.objects.filter(incident=incident).update(
        name=CANARIES["witness name"], statement=CANARIES["witness statement"]
    )
    Evidence.objects.filter(incident=incident).update(
        original_name=f"{CANARIES['evidence name']}.txt"
    )
    Assessment.objects.filter(incident=incident).update(
        reasons=CANARIES["assessment reasons"],
        context=CANARIES["assessment context (health, vulnerability)"],
        staff_support=CANARIES["staff support"],
    )
    Decision.objects.filter(incident=incident).update(reasons=CANARIES["decision reasons"])
    IncidentContact.objects.create(
        incident=incident, occurred_at=clock.now(), channel="phone",
        summary=CANARIES["contact summary"],
    )  # fmt: skip


def _ids(world: World) -> dict[str, str]:
    """Each URL parameter's default record; routes that need another say so."""
    return {
        "person_id": str(world.person.id),
        "incident_id": str(world.submitted.id),
        "decision_id": str(world.awaiting_approval.id),
        "caution_id": str(world.caution.id),
        "change_id": str(world.change.id),
        "appeal_id": str(world.appeal.id),
        # Cheltenham's manager decides alone: no panel meets (a meeting is a panel
        # profile's), so no meeting is made and its pages answer 404. A review meeting's
        # routes name the world's review meeting (tests/security/access.py).
        "meeting_id": "00000000-0000-4000-8000-000000000000",
        "letter_id": str(world.letter.id),
        "evidence_id": str(world.evidence.id),
        "request_id": str(world.access_request.id),
        "hold_id": str(world.hold.id),
        "adjustment_id": str(world.adjustment.id),
        "notification_id": str(world.notification.id),
        "bulletin_id": str(world.bulletin.id),
        "subscription_id": str(world.webhook.id),
        "user_id": str(world.principals[Role.REPORTER.value].id),
        "kind": "caution",
        "restriction_id": str(world.restriction.uuid),
        "client_id": str(world.client.id),
        "token_id": str(world.token.token.id),
        "agreement_id": str(world.agreement.id),
        "dispute_id": str(world.dispute.id),
        # The queue every role that reads reports works on.
        "key": "assess",
        # The decision's first question page.
        "step": "outcome",
        # A table of the committee report, downloaded as CSV.
        "table": "by_level",
    }


__all__ = [
    "ANONYMOUS", "CANARIES", "KINDS", "MONDAY", "PROFILE", "SHOWN_BY_THE_CHECK", "World", "build",
]  # fmt: skip
