"""Demo data: realistic UK people, addresses and cautions, one user per role, and those
users' reports in every state of the profile's process (caution.demo_cases).

Deterministic (a fixed Faker seed), so the same names are there every time and the user
guide can say what to search for. Only ever run on a database that holds nothing but
demo data.
"""

import datetime as dt
import itertools
import random
import secrets

from django.db import transaction
from django.db.models import Q
from faker import Faker

from caution.accounts.actions import user_create
from caution.accounts.models import LawfulBasis, Organisation, SharingAgreement, User
from caution.accounts.roles import Role, role_group, roles_of
from caution.demo_cases import COLLEAGUE_PREFIX, seed_cases
from caution.incidents.models import Evidence, Incident
from caution.letters.models import Letter
from caution.lib import clock
from caution.notifications.models import Notification
from caution.people.actions import AddressInput, NameInput, address_find_or_create, person_create
from caution.people.models import Address, Person, PersonAddress, PersonName
from caution.policy.profiles import current
from caution.policy.rules import months_after
from caution.register.cautions import caution_add
from caution.register.models import Appeal, Caution, Decision, Meeting, ReviewMeeting

DEMO_PREFIX = "DEMO-"
# Where the demo's letters ask the person to write, unless CAUTION_COUNCIL_ADDRESS says.
COUNCIL_ADDRESS = ("Council Offices", "Adam and Eve Street", "Market Harborough", "LE16 7AG")
PEOPLE = 400
PARTNER = "Riverside Homes (housing partner)"
# The demo people whose review is overdue (DEMO-0001, DEMO-0002): one or two, not the lot.
OVERDUE_REVIEWS = (1, 2)

PRECAUTIONS = [
    "Visit in pairs",
    "No home visits: meet at the council offices",
    "Meet only in an interview room with a panic alarm",
    "Use Lifeline lone-working check-in before and after contact",
    "A manager to accompany any visit",
    "Do not meet alone; keep a clear exit",
]
RESTRICTIONS = [
    "Contact in writing only",
    "Telephone contact Tuesdays and Thursdays, 10am to 12 noon, with the named contact only",
    "Appointment only at the council offices",
    "Banned from the council offices",
    "E-mail to one named address only",
    "Blocked from the council's social media accounts",
    "",
]
SERVICES = [
    "Housing",
    "Council Tax",
    "Environmental Services",
    "Planning",
    "Customer Services",
    "Benefits",
    "Parking",
]
SUMMARIES = [
    "Shouted and swore at the officer at the reception desk, then threw a leaflet stand.",
    "Threatened to 'sort out' the officer during a phone call about arrears.",
    "Pushed the officer during a home visit; the officer was not injured.",
    "Sent 40 e-mails in a week repeating the same complaint, some abusive.",
    "Posted the officer's name and photograph on social media with threats.",
]
ADDRESS_CAUTIONS = [
    ("Dog on the premises: do not enter the garden", "Call ahead; meet at the front door"),
    ("Police advise a risk from other occupants (003 §8.4 e)", "No home visits"),
]


def seed_demo(people: int = PEOPLE) -> bool:
    """Create the demo data for the current profile unless it exists; True if created:
    people and cautions, then the demo users' reports in every state of the process."""
    if Person.objects.filter(reference__startswith=DEMO_PREFIX).exists():
        return False
    with transaction.atomic():
        partner = _partner()
        _seed_people(partner, people)
        seed_cases(demo_staff(), partner)
    return True


def demo_users() -> dict[Role, tuple[str, str]]:
    """One user per role, each with a fresh random password (printed by `caution demo`).
    The reporter's (and the report-only user's) line manager is the manager, told at once
    when the reporter is threatened (003 §6.3); the manager's is the decision maker, more
    senior than the manager who decides, so may hear an appeal against their decision
    (003 §9.3)."""
    partner = _partner()
    faker = Faker("en_GB")
    faker.seed_instance(7)
    users = {}
    for role in Role:
        username = _username(role)
        password = secrets.token_urlsafe(12)
        first_name, last_name = faker.first_name(), faker.last_name()
        user = User.objects.filter(username=username).first()
        if user is None:
            user_create(
                username=username,
                password=password,
                roles=[role],
                first_name=first_name,
                last_name=last_name,
                organisation=partner if role is Role.PARTNER else None,
                by=None,
            )
        else:
            user.set_password(password)
            user.is_active = True
            user.save()
            user.groups.set([role_group(role)])
        users[role] = (username, password)
    line = [Role.REPORTER, Role.MANAGER, Role.DECISION_MAKER]
    managed = [*itertools.pairwise(line), (Role.REPORT_ONLY, Role.MANAGER)]
    for role, manager_role in managed:
        user = User.objects.get(username=_username(role))
        user.manager = User.objects.get(username=_username(manager_role))
        user.save(update_fields=["manager"])
    return users


def demo_colleagues() -> list[tuple[str, str, str]]:
    """The colleagues who have a part in the demo's story (panel members enough for a
    quorum, the person who hears the appeal where no demo user may), each with a fresh
    random password: (their part, username, password), printed by `caution demo`."""
    colleagues = []
    for user in User.objects.filter(username__startswith=COLLEAGUE_PREFIX).order_by("username"):
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
        part = ", ".join(role.label for role in roles_of(user))
        colleagues.append((f"{part} ({user.display_name})", user.username, password))
    return colleagues


def demo_staff() -> dict[Role, User]:
    """The demo user of each role: they make the demo's reports and decisions."""
    if User.objects.filter(username__in=[_username(role) for role in Role]).count() < len(Role):
        demo_users()
    return {role: User.objects.get(username=_username(role)) for role in Role}


def _username(role: Role) -> str:
    return role.value.replace("_", "-")


SHARING_JUSTIFICATION = (
    "Riverside Homes' staff visit the person's home: a credible risk to them (000 §8.6)."
)


def _partner() -> Organisation:
    partner = Organisation.objects.get_or_create(
        name=PARTNER, defaults={"kind": Organisation.Kind.PARTNER}
    )[0]
    _agreement(partner)
    return partner


def _agreement(partner: Organisation) -> None:
    """The partner sees what is shared with it only under a live agreement (ADR 0017)."""
    today = clock.today()
    categories = [category.code for category in current().categories]
    SharingAgreement.objects.get_or_create(
        organisation=partner,
        title="Riverside Homes tenancy sharing agreement",
        defaults={
            "purpose": "Keeping Riverside Homes' staff safe on visits to shared tenants",
            "lawful_basis": LawfulBasis.PUBLIC_TASK,
            "categories": [*categories, SharingAgreement.UNCATEGORISED],
            "onward_disclosure": "Not to be passed on without the council's written consent",
            "starts_on": today - dt.timedelta(days=365),
            "review_on": today + dt.timedelta(days=180),
            "ends_on": today + dt.timedelta(days=730),
        },
    )


def _seed_people(partner: Organisation, count: int) -> None:
    profile = current()
    faker = Faker("en_GB")
    faker.seed_instance(2026)
    rng = random.Random(2026)
    today = clock.today()
    levels = [level.code for level in profile.levels]
    households = [_address(faker) for _ in range(60)]
    _story_people(levels, partner, today)
    for index in range(count):
        given, family = faker.first_name(), faker.last_name()
        if rng.random() < 0.08:
            family = f"{family}-{faker.last_name()}"
        names = [NameInput(given, family)]
        if rng.random() < 0.15:
            names.append(NameInput(faker.first_name(), family, PersonName.Kind.ALIAS))
        if rng.random() < 0.05:
            names.append(NameInput(given, faker.last_name(), PersonName.Kind.PREVIOUS))
        addresses = []
        no_fixed_address = rng.random() < 0.03
        if not no_fixed_address:
            shared = rng.random() < 0.25
            addresses.append(rng.choice(households) if shared else _address(faker))
        contacts = []
        if rng.random() < 0.6:
            contacts.append(("phone", faker.phone_number()))
        if rng.random() < 0.4:
            contacts.append(("email", faker.email()))
        if rng.random() < 0.1:
            contacts.append(("social", "@" + faker.user_name()))
        birth = faker.date_of_birth(minimum_age=18, maximum_age=85) if rng.random() < 0.8 else None
        person = person_create(
            names=names,
            date_of_birth=birth,
            addresses=addresses,
            contacts=contacts,
            reference=f"{DEMO_PREFIX}{index + 1:04d}",
            no_fixed_address=no_fixed_address,
            by=None,
        )
        for _ in range(2 if rng.random() < 0.05 else 1):
            _caution(person, levels[index % len(levels)], rng, today, partner)
    for address, (restriction, precaution) in zip(households[:2], ADDRESS_CAUTIONS, strict=True):
        caution_add(
            address=address_find_or_create(address),
            level=levels[-1],
            precautions=precaution,
            restrictions="",
            incident_summary=restriction,
            reporting_service="Housing",
            key_contact="Housing Team Leader",
            by=None,
        )


def _address(faker: Faker) -> AddressInput:
    return AddressInput(
        line1=faker.street_address().split("\n")[0],
        town=faker.city(),
        postcode=faker.postcode(),
        uprn=str(faker.random_number(digits=11, fix_len=True)),
    )


def _caution(person: Person, level: str, rng: random.Random, today: dt.date, partner) -> None:
    reviewed = _last_reviewed(_next_review(person, rng, today))
    added = min(reviewed, today - dt.timedelta(days=rng.randint(10, 700)))
    reviewed = reviewed if reviewed > added else None
    caution_add(
        person=person,
        level=level,
        precautions=rng.choice(PRECAUTIONS),
        restrictions=rng.choice(RESTRICTIONS),
        key_contact=f"{rng.choice(SERVICES)} Team Leader",
        reporting_service=rng.choice(SERVICES),
        notified=rng.choice(["yes", "yes", "yes", "no", "pending"]),
        date_added=added,
        last_reviewed=reviewed,
        incident_summary=rng.choice(SUMMARIES),
        shared_with=[partner] if (shared := rng.random() < 0.2) else [],
        sharing_justification=SHARING_JUSTIFICATION if shared else "",
        # None where the profile has no appeal (001 §15.7).
        appeal_in_progress=rng.random() < 0.05 and current().appeal.allowed,
        by=None,
    )


def _next_review(person: Person, rng: random.Random, today: dt.date) -> dt.date:
    """When the caution's review falls due: a council in good order, so two reviews
    overdue (by days, not months), one in fifty due this week, the rest in date."""
    number = int(person.reference.removeprefix(DEMO_PREFIX))
    if number in OVERDUE_REVIEWS:
        return today - dt.timedelta(days=3 * number)
    if number % 50 == 3:
        return today + dt.timedelta(days=rng.randint(1, 6))
    return today + dt.timedelta(days=rng.randint(15, 30 * current().review.interval_months))


def _last_reviewed(next_review: dt.date) -> dt.date:
    """The review (or the date added) a review interval before `next_review`."""
    return months_after(next_review, -current().review.interval_months)


def _story_people(levels: list[str], partner: Organisation, today: dt.date) -> None:
    """A few fixed people the user guide uses as examples."""
    high_street = AddressInput(
        line1="12 High Street", town="Market Harborough", postcode="LE16 7AG", uprn="200003741234"
    )
    robert = person_create(
        names=[
            NameInput("Robert", "Smith-Jones"),
            NameInput("Bob", "Jones", PersonName.Kind.ALIAS),
        ],
        date_of_birth=dt.date(1975, 3, 14),
        addresses=[high_street],
        contacts=[("phone", "07700 900123"), ("email", "bob.sj@example.com")],
        reference=f"{DEMO_PREFIX}STORY-1",
        by=None,
    )
    caution_add(
        person=robert,
        level=max(levels, key=lambda code: current().level(code).severity),
        precautions="Visit in pairs. No home visits without police advice.",
        restrictions="Contact in writing only, to the Housing Team Leader",
        key_contact="Housing Team Leader, 01858 821000",
        reporting_service="Housing",
        notified="yes",
        date_added=today - dt.timedelta(days=90),
        incident_summary="Pushed a housing officer against a door during a home visit.",
        shared_with=[partner],
        sharing_justification=SHARING_JUSTIFICATION,
        by=None,
    )
    elizabeth = person_create(
        names=[NameInput("Elizabeth", "O'Neill")],
        date_of_birth=dt.date(1988, 11, 2),
        addresses=[
            AddressInput(
                line1="12 High Street",
                town="Market Harborough",
                postcode="LE16 7AG",
                uprn="200003741234",
                relation=PersonAddress.Relation.HOUSEHOLD,
            )
        ],
        contacts=[("social", "@liz_oneill88")],
        reference=f"{DEMO_PREFIX}STORY-2",
        by=None,
    )
    caution_add(
        person=elizabeth,
        level=min(levels, key=lambda code: current().level(code).severity),
        precautions="Keep calls short and factual",
        restrictions="Telephone contact Mondays 2pm to 4pm only",
        key_contact="Customer Services Team Leader",
        reporting_service="Customer Services",
        notified="yes",
        date_added=today - dt.timedelta(days=30),
        incident_summary="Repeated abusive phone calls to Customer Services.",
        appeal_in_progress=current().appeal.allowed,
        by=None,
    )


def demo_data_only() -> bool:
    """True when the database holds no people other than demo people."""
    return not Person.objects.exclude(reference__startswith=DEMO_PREFIX).exists()


@transaction.atomic
def demo_data_remove() -> None:
    """Remove the demo people and everything about them (reports, decisions, meetings,
    cautions with their appeals and reviews, letters with their PDFs, addresses, and the
    messages pointing at them), to reseed for another profile. Drafts not yet about anyone
    go too: their categories are the old profile's; so do review meetings, which are the
    old profile's."""
    about_demo = Q(person__reference__startswith=DEMO_PREFIX) | Q(person__isnull=True)
    incidents = Incident.objects.filter(about_demo)
    cautions = Caution.objects.filter(about_demo)
    letters = Letter.objects.filter(person__reference__startswith=DEMO_PREFIX)
    review_meetings = ReviewMeeting.objects.all()
    gone = _ids(incidents) | _ids(cautions) | _ids(letters) | _ids(review_meetings)
    gone |= _ids(Appeal.objects.filter(caution__in=cautions))
    for evidence in Evidence.objects.filter(incident__in=incidents):
        evidence.file.delete(save=False)
    for letter in letters.exclude(pdf=""):
        letter.pdf.delete(save=False)
    review_meetings.delete()
    Decision.objects.filter(incident__in=incidents).delete()  # and their letters
    meetings = Meeting.objects.filter(Q(cases__in=incidents) | Q(cases__isnull=True)).distinct()
    gone |= _ids(meetings)
    Meeting.objects.filter(id__in=list(meetings.values_list("id", flat=True))).delete()
    incidents.delete()
    people = Person.objects.filter(reference__startswith=DEMO_PREFIX)
    gone |= _ids(people)
    people.delete()
    Address.objects.filter(person_links__isnull=True).delete()
    stale = [n.id for n in Notification.objects.exclude(url="") if _links_to(n.url, gone)]
    Notification.objects.filter(id__in=stale).delete()


def _ids(queryset) -> set[str]:
    return {str(pk) for pk in queryset.values_list("id", flat=True)}


def _links_to(url: str, ids: set[str]) -> bool:
    return any(part in ids for part in url.split("/"))
