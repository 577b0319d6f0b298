"""The check (DESIGN.md §1.1): before contact, does this person or address carry a caution?

`check_run` is the one entry point for the page, the API and the command line. It finds
candidates by index, scores them (people/matching.py), keeps only people and addresses
with an active caution the user may see, and audits what was asked and who was shown.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from caution.accounts import roles
from caution.accounts.roles import Role
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.lib.text import email_key, phone_key, postcode_key
from caution.people.adjusting import adjustments_in_force
from caution.people.matching import (
    NEAR_WORDS,
    Band,
    CandidateFacts,
    NameCandidate,
    Query,
    Score,
    affordable_keys,
    contact_key,
    held_address_parts,
    key_factors,
    neighbour_key_groups,
    query_key_groups,
    ranked_candidates,
    score,
)
from caution.people.models import Address, MatchKey, Person, PersonAddress, PersonName
from caution.people.vocabulary import words_near
from caution.policy.profiles import current
from caution.register.access import check_access
from caution.register.models import Caution, Decision, IdentityDispute

# A check reads at most about this many index rows to rank candidates: the rarest of the
# query's keys first, common ones (a frequent first name alone) only while they fit. So a
# check's work stays the same however large the register grows; the rare keys (a name pair,
# a date of birth) are the ones that find the person meant.
ROW_BUDGET = 1000
# People ranked by their keys, then scored one by one.
CANDIDATES = 40
# Addresses, and people at them, a check reads at most: a bound for a postcode or a first
# line shared by very many.
PLACES = 500
MAX_RESULTS = 20


# The earliest date of birth the check accepts: an earlier year is a mistyped one ("75").
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def query_problems(query: Query) -> dict[str, str]:
    """What is wrong with a query, by field; empty when it can be run. The page, the API
    and the command line all validate through this."""
    problems = {}
    born = query.date_of_birth
    if born and born.year < 1000:
        problems["date_of_birth"] = "Year must include 4 numbers"
    elif born and born < EARLIEST_BIRTH:
        problems["date_of_birth"] = "Date of birth must be after 1 January 1900"
    elif born and born > clock.today():
        problems["date_of_birth"] = "Date of birth must be in the past"
    if query.postcode and not postcode_key(query.postcode):
        problems["postcode"] = "Enter a real postcode, like LE16 7AG"
    if query.phone and not phone_key(query.phone):
        problems["phone"] = "Enter a phone number, like 01858 821000 or +44 7700 900123"
    if query.email and not email_key(query.email):
        problems["email"] = "Enter an e-mail address, like name@example.com"
    if query.is_empty():
        problems["__all__"] = "Enter at least one thing to search for, such as a name"
    elif not query.identifies():
        problems["__all__"] = (
            "A date of birth alone cannot identify anyone: enter a name, address or "
            "contact detail as well"
        )
    return problems


class CheckRefused(Exception):
    """The user may not run the check; the message says why."""


@dataclasses.dataclass(frozen=True)
class CautionView:
    """What the check shows of a caution: never the incident details."""

    id: str
    level_code: str
    level_label: str
    precautions: str
    restrictions: str
    key_contact: str
    reporting_service: str
    next_review: dt.date | None
    appeal_in_progress: bool
    # An urgent alert pending a full assessment (003 §8.7).
    interim: bool
    # For a person: the address the caution is held on, where it is on their home rather
    # than on them (003 §15.2); empty when it is on the person or on the address shown.
    held_on: str = ""
    # Where the level stands among the profile's levels, whatever the council's numbering:
    # 1 is the most serious (Harborough's level 1, Dover's level 3, DESIGN.md §2 "level");
    # None for a level the running profile does not have.
    level_rank: int | None = None
    level_count: int = 0
    # The day the caution ends (its expiry date); None when it has no end date.
    ends_on: dt.date | None = None
    # Its next review date has passed: it still applies until it is reviewed.
    review_overdue: bool = False

    @classmethod
    def of(cls, caution: Caution, *, held_on: str = "") -> "CautionView":
        profile = current()
        level = profile.level(caution.level)
        by_severity = [known.code for known in profile.levels_by_severity]
        next_review = caution.next_review
        return cls(
            id=str(caution.id),
            level_code=caution.level,
            level_label=level.label if level else caution.level,
            precautions=caution.precautions,
            # In words from its rows in force today (prefetched by check_run).
            restrictions=caution.restrictions,
            key_contact=caution.key_contact,
            reporting_service=caution.reporting_service,
            next_review=next_review,
            appeal_in_progress=caution.appeal_in_progress,
            interim=caution.interim,
            held_on=held_on,
            level_rank=by_severity.index(level.code) + 1 if level else None,
            level_count=len(by_severity),
            ends_on=caution.expires_on,
            review_overdue=bool(next_review and next_review < clock.today()),
        )

    @property
    def level_title(self) -> str:
        """The level as the council names it: "Level 1: Violent"."""
        if self.level_label == self.level_code:  # a level the profile does not have
            return f"Level {self.level_code}"
        return f"Level {self.level_code}: {self.level_label}"

    @property
    def most_serious(self) -> bool:
        return self.level_rank == 1

    @property
    def level_order(self) -> str:
        """Where the level stands, so that the council's numbering cannot mislead: "most
        serious of 3 levels" (Harborough's 1, Dover's 3), "least serious of 3 levels"."""
        rank, count = self.level_rank, self.level_count
        if rank is None:
            return ""
        if count == 1:
            return "the only level"
        if rank == 1:
            return f"most serious of {count} levels"
        if rank == count:
            return f"least serious of {count} levels"
        ordinal = {2: "2nd", 3: "3rd"}.get(rank, f"{rank}th")
        return f"{ordinal} most serious of {count} levels"

    @property
    def level_words(self) -> str:
        """The level in words, order included: "Level 1: Violent, most serious of 3 levels"."""
        order = self.level_order
        return f"{self.level_title}, {order}" if order else self.level_title

    @property
    def severity_colour(self) -> str:
        """The GOV.UK tag colour of the level, by its rank, never by its code: the most
        serious red, the least yellow, any between orange."""
        rank, count = self.level_rank, self.level_count
        if rank is None:
            return "grey"
        if rank == 1:
            return "red"
        return "yellow" if rank == count else "orange"

    @property
    def speak_to(self) -> str:
        """Whom to speak to about the person: the key contact and the reporting service."""
        return ", ".join(part for part in (self.key_contact, self.reporting_service) if part)


# What the check says, near the top of the person's card, while someone disputes that the
# register has the right person (register/identity.py).
DISPUTED_WARNING = "Identity disputed: confirm who you are dealing with before relying on this"


@dataclasses.dataclass(frozen=True)
class AdjustmentView:
    """What the check shows of a reasonable adjustment: what is agreed, never the need it
    meets (special-category data, ADR 0024)."""

    kind_label: str
    agreed: str


@dataclasses.dataclass
class PersonMatch:
    person: Person  # with its names and address links loaded
    score: Score
    cautions: list[CautionView]
    identity_disputed: bool = False
    # Shown only to a reporter naming the person: they have a live warning and no caution
    # (002 §4.2: a second report attaches to them, not to a duplicate).
    warning: bool = False

    # The adjustments in force, shown beside the restrictions they qualify.
    adjustments: list[AdjustmentView] = dataclasses.field(default_factory=list)

    @property
    def identity_warning(self) -> str:
        return DISPUTED_WARNING if self.identity_disputed else ""

    @property
    def names(self) -> list[PersonName]:
        return list(self.person.names.all())

    @property
    def addresses(self) -> list[PersonAddress]:
        return [link for link in self.person.address_links.all() if link.current]


@dataclasses.dataclass
class AddressMatch:
    address: Address
    reasons: list[str]
    cautions: list[CautionView]


@dataclasses.dataclass
class CheckResult:
    query: Query
    people: list[PersonMatch]
    addresses: list[AddressMatch]

    @property
    def found(self) -> bool:
        return bool(self.people or self.addresses)

    @property
    def leading(self) -> list[PersonMatch]:
        """The people staff should act on: strong and possible matches."""
        return [m for m in self.people if m.score.band != Band.WEAK]

    @property
    def others(self) -> list[PersonMatch]:
        """Weak candidates, shown folded: only part of the query fits them."""
        return [m for m in self.people if m.score.band == Band.WEAK]


def check_run(
    query: Query, *, by, context: dict[str, str] | None = None, warned: bool = False
) -> CheckResult:
    """Run the check for `by` and audit it: who asked, what, and which people were shown.
    `context` is what else the asker said about the check (a visit's job reference, the
    UPRN asked for), kept in its audit. `warned`: a report is naming its person, so people
    with a live warning are found too (002 §4.2), for council staff only."""
    access = check_access(by)
    if not access.allowed:
        raise CheckRefused(access.reason)
    visible = Caution.objects.active().visible_to(by).prefetch_related("restriction_set")
    places, at_address = _places_asked(query, visible)
    addresses = _address_matches(places, visible)
    warned_ids = live_warnings(by) if warned else None
    people = _person_matches(query, visible, at_address, warned_ids)
    result = CheckResult(query, people, addresses)
    with transaction.atomic():
        audit_record(
            by=by,
            verb=AuditEvent.Verb.CHECK,
            summary=f"Checked the register: {len(people)} people, {len(addresses)} addresses shown",
            details={
                **(context or {}),
                "asked": query.as_audit(),
                "people_shown": [str(m.person.id) for m in people],
                "addresses_shown": [str(m.address.id) for m in addresses],
            },
            people=[m.person for m in people],
        )
    return result


def _candidate_ids(query: Query) -> list:
    """The people sharing the rarest of the query's keys, best first (by index: the rows of
    a bounded number of keys are read, never the register)."""
    groups = query_key_groups(query)
    factors = key_factors(groups)
    holders = dict(_matchkey_select("{key}, COUNT(*)", factors, "GROUP BY {key}"))
    far = words_near(query.words, limit=NEAR_WORDS)
    more = [
        {key: factor for key, factor in group.items() if key not in factors}
        for group in neighbour_key_groups(query, holders, far)
    ]
    more = [group for group in more if group]
    if more:
        groups += more
        added = key_factors(more)
        factors |= added
        holders |= dict(_matchkey_select("{key}, COUNT(*)", added, "GROUP BY {key}"))
    asked = [f"t:{word}" for word in query.words]
    chosen = affordable_keys(holders, ROW_BUDGET, CANDIDATES, factors, first=asked)
    held = _matchkey_select("{person}, {key}", chosen)
    ranked = ranked_candidates(held, groups, holders, CANDIDATES)
    return [Person._meta.pk.to_python(pid) for pid in ranked]


def _matchkey_select(columns: str, keys: Iterable[str], rest: str = "") -> list[tuple]:
    """Rows of MatchKey for these keys, as the database gives them (ids unconverted);
    `columns` and `rest` name the columns {key} and {person}. Plain SQL: the ORM takes
    longer to build these two simple statements than the database takes to answer them,
    and making a UUID of each id would cost more again."""
    keys = sorted(keys)
    if not keys:
        return []
    quote = connection.ops.quote_name
    names = {"key": quote("key"), "person": quote("person_id")}
    table, key = quote(MatchKey._meta.db_table), names["key"]
    marks = ", ".join(["%s"] * len(keys))
    # Only placeholders and names from the model go into the statement, never the query.
    sql = f"SELECT {columns} FROM {table} WHERE {key} IN ({marks}) {rest}".format(**names)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        return cursor.fetchall()


def _places_asked(query: Query, visible: QuerySet) -> tuple[list, set]:
    """The addresses asked about that carry a caution the user may see, and everyone
    linked to any address asked about (a household is found together), in one query. The
    addresses asked about are those at the postcode (only those on the first line asked,
    when there are some), or else on the first line asked."""
    if query.postcode_key:
        found = Address.objects.filter(postcode_key=query.postcode_key)
    elif query.address_line_key:
        found = Address.objects.filter(line_key=query.address_line_key)
    else:
        return [], set()
    # Cautions are looked up by address, never the other way round: the register's list of
    # active cautions is never read whole.
    held = Exists(visible.filter(address_id=OuterRef("pk")))
    rows = found.values_list("id", "line_key", "person_links__person_id", held)[:PLACES]
    lines = {pk: line for pk, line, _, _ in rows}
    same_line = [pk for pk, line in lines.items() if line == query.address_line_key]
    chosen = set((query.address_line_key and same_line) or lines)
    with_caution = list(dict.fromkeys(pk for pk, _, _, has in rows if pk in chosen and has))
    return with_caution, {person for pk, _, person, _ in rows if pk in chosen and person}


def _address_matches(places: list, visible: QuerySet) -> list[AddressMatch]:
    """Addresses that carry a caution themselves (003 §15.2), of those asked about that
    have one."""
    if not places:
        return []
    found = Address.objects.filter(id__in=places).order_by("line_key", "id")
    found = found.prefetch_related(Prefetch("cautions", queryset=visible, to_attr="visible"))
    matches = []
    for address in found[:MAX_RESULTS]:
        reasons = [f"Caution held on the address {address.one_line}"]
        matches.append(AddressMatch(address, reasons, [CautionView.of(c) for c in address.visible]))
    return matches


def live_warnings(user) -> QuerySet:
    """The ids of people with a warning that has not expired, for council staff who may
    check (a partner is shared cautions, never warnings)."""
    if not check_access(user).allowed or roles.holds(user, Role.PARTNER):
        return Decision.objects.none().values("person_id")
    today = clock.today()
    return Decision.objects.filter(
        Q(warning_expires_on__isnull=True) | Q(warning_expires_on__gte=today),
        outcome=Decision.Outcome.WARNING,
        status=Decision.Status.FINAL,
    ).values("person_id")


def _person_matches(
    query: Query, visible: QuerySet, at_address: set, warned_ids: QuerySet | None = None
) -> list[PersonMatch]:
    """Score every candidate the user may see from plain values, then build full records
    only for the people shown: loading every candidate's record would cost more than all
    the rest of the check."""
    candidates = set(_candidate_ids(query)) | at_address
    facts = _candidate_facts(query, visible, candidates, warned_ids)
    by_address = {pid for pid in facts if pid in at_address and not query.tokens}
    scores = {pid: score(query, facts[pid]) for pid in facts.keys() - by_address}
    ranked = sorted(
        (pid for pid, result in scores.items() if result.shown),
        key=lambda pid: (*_order(scores[pid]), facts[pid].display_name, str(pid)),
    )
    matches = []
    shown = _people_shown([*ranked[:MAX_RESULTS], *by_address], visible, warned_ids)
    disputed = _disputed([person.id for person, _, _ in shown])
    for person, cautions, warning in shown:
        if person.id in by_address:
            result = _address_only_score(query, person)
        else:
            result = scores[person.id]
        if result.shown:
            matches.append(
                PersonMatch(person, result, cautions, person.id in disputed, warning=warning)
            )
    matches.sort(key=lambda m: (*_order(m.score), m.person.display_name, str(m.person.id)))
    matches = matches[:MAX_RESULTS]
    agreed = adjustments_in_force(m.person.id for m in matches)
    for match in matches:
        match.adjustments = [
            AdjustmentView(a.get_kind_display(), a.agreed) for a in agreed.get(match.person.id, [])
        ]
    return matches


def _disputed(person_ids: list) -> set:
    """Of the people shown, those whose identity is disputed and not yet resolved."""
    if not person_ids:
        return set()
    open_disputes = IdentityDispute.objects.filter(
        person_id__in=person_ids, resolved_at__isnull=True
    )
    return set(open_disputes.values_list("person_id", flat=True))


BAND_ORDER = {Band.STRONG: 0, Band.POSSIBLE: 1, Band.WEAK: 2}


def _order(result: Score) -> tuple[int, int]:
    """What to act on first: the band, then the confidence."""
    return BAND_ORDER[result.band], -result.value


def _people_shown(
    ids: list, visible: QuerySet, warned_ids: QuerySet | None = None
) -> list[tuple[Person, list[CautionView], bool]]:
    """The people shown, with their names and addresses, and the cautions the user may see
    on each: those on the person, then those on the address they live at now (003 §15.2:
    a caution kept on a household's address covers everyone there). Five queries however
    many are shown. Everyone shown has such a caution (candidates without one were left
    out)."""
    if not ids:
        return []
    people = Person.objects.filter(id__in=ids).prefetch_related(
        "names", Prefetch("address_links", queryset=PersonAddress.objects.select_related("address"))
    )
    shown: dict = {person.id: (person, []) for person in people}
    for caution in visible.filter(person_id__in=ids).order_by("date_added"):
        shown[caution.person_id][1].append(CautionView.of(caution))
    at_home = (
        visible.filter(
            address__person_links__person_id__in=ids, address__person_links__current=True
        )
        .annotate(holder=F("address__person_links__person_id"))
        .select_related("address")
        .order_by("date_added")
    )
    for caution in at_home:
        view = CautionView.of(caution, held_on=caution.address.one_line)
        shown[caution.holder][1].append(view)
    warned = set()
    if warned_ids is not None:
        warned = set(warned_ids.filter(person_id__in=ids).values_list("person_id", flat=True))
    return [
        (person, cautions, not cautions)
        for person, cautions in shown.values()
        if cautions or person.id in warned
    ]


def _address_only_score(query: Query, person: Person) -> Score:
    """A search by address alone shows everyone linked to it (003 §3.2)."""
    for link in person.address_links.all():
        address = link.address
        same_line = query.address_line_key and address.line_key == query.address_line_key
        if same_line or address.postcode_key == query.postcode_key:
            value = 85 if same_line else 60
            where = "address" if same_line else "postcode"
            relation = link.get_relation_display().lower()
            reason = f"Linked to this {where} ({relation}): {address.one_line}"
            # Asked by address alone, everyone there is who staff may meet.
            return Score(value, [reason], band=Band.POSSIBLE, protected=True)
    return Score(0, [])


def _holders(visible: QuerySet, candidates: set, warned_ids: QuerySet | None = None) -> QuerySet:
    """The candidates with a caution the user may see: on them, or on the address they
    live at now (003 §15.2). The candidates are read by their ids first: with the two
    subqueries alone under OR, PostgreSQL would read the whole register to test them."""
    own = visible.filter(person_id__in=candidates).values("person_id")
    on_addresses = visible.filter(address__isnull=False).values("address_id")
    at_home = PersonAddress.objects.filter(
        person_id__in=candidates, current=True, address_id__in=on_addresses
    ).values("person_id")
    holding = Q(id__in=own) | Q(id__in=at_home)
    if warned_ids is not None:
        holding |= Q(id__in=warned_ids.filter(person_id__in=candidates))
    return Person.objects.filter(id__in=candidates).filter(holding)


NAME_FIELDS = ("names__id", "names__kind", "names__given_names", "names__family_name")
ADDRESS_FIELDS = tuple(
    f"address_links__address__{field}"
    for field in ("postcode_key", "line_key", "line1", "line2", "town")
)
CONTACT_FIELDS = ("contact_points__kind", "contact_points__value")
NAME_LABELS = dict(PersonName.Kind.choices)


def _candidate_facts(
    query: Query, visible: QuerySet, candidates: set, warned_ids: QuerySet | None = None
) -> dict:
    """{person id: CandidateFacts} for the candidates the user may see, in one query of
    plain values, with only the details the query can be scored on. Only the candidates'
    cautions are read, by index, to know which those are."""
    with_address = bool(query.postcode_key or query.postcode_swapped_key or query.address_line_key)
    with_contacts = bool(query.phone or query.email or query.social)
    fields = [*NAME_FIELDS]
    fields += ADDRESS_FIELDS if with_address else ()
    fields += CONTACT_FIELDS if with_contacts else ()
    rows = (
        _holders(visible, candidates, warned_ids)
        .order_by("id", "names__id")
        .values_list("id", "date_of_birth", *fields)
    )
    found: dict = {}
    for pid, born, name_id, kind, given, family, *more in rows:
        facts = found.setdefault(pid, _Facts(born))
        if kind:  # a person may have no name on record
            facts.names.setdefault(name_id, (kind, given, family))
        if with_address and more[0] is not None:
            facts.postcodes.add(more[0])
            facts.lines.add(more[1])
            facts.places.add(held_address_parts(*more[2:5]))
        if with_contacts and more[-2]:
            facts.contacts.add(contact_key(more[-2], more[-1]))
    return {pid: facts.frozen() for pid, facts in found.items()}


@dataclasses.dataclass
class _Facts:
    """A candidate's details as the rows of the facts query bring them in."""

    born: dt.date | None
    names: dict = dataclasses.field(default_factory=dict)
    postcodes: set = dataclasses.field(default_factory=set)
    lines: set = dataclasses.field(default_factory=set)
    places: set = dataclasses.field(default_factory=set)
    contacts: set = dataclasses.field(default_factory=set)

    def frozen(self) -> CandidateFacts:
        return CandidateFacts(
            names=tuple(
                NameCandidate(NAME_LABELS[kind], given, family)
                for kind, given, family in self.names.values()
            ),
            date_of_birth=self.born,
            postcode_keys=frozenset(self.postcodes),
            address_line_keys=frozenset(self.lines),
            contact_keys=frozenset(self.contacts - {""}),
            addresses=frozenset(self.places),
        )
