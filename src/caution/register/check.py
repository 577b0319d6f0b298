"""The check (DESIGN.md §1.1): before contact, does this person or address carry a caution?

`check_run` is the one entry point for the page, the API and the command line. It finds
candidates by index, scores them (people/matching.py), keeps only people and addresses
with an active caution the user may see, and audits what was asked and who was shown.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Prefetch, QuerySet

from caution.lib.text import email_key, phone_key, postcode_key
from caution.people.matching import (
    POSSIBLE,
    CandidateFacts,
    NameCandidate,
    Query,
    Score,
    affordable_keys,
    contact_key,
    query_key_groups,
    ranked_candidates,
    score,
)
from caution.people.models import (
    Address,
    ContactPoint,
    MatchKey,
    Person,
    PersonAddress,
    PersonName,
)
from caution.policy.profiles import current
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.access import check_access
from caution.register.models import Caution

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


def query_problems(query: Query) -> dict[str, str]:
    """What is wrong with a query, by field; empty when it can be run. The page, the API
    and the command line all validate through this."""
    problems = {}
    if query.postcode and not postcode_key(query.postcode):
        problems["postcode"] = "Enter a real postcode, like LE16 7AG"
    if query.phone and not phone_key(query.phone):
        problems["phone"] = "Enter a phone number, like 01858 821000 or +44 7700 900123"
    if query.email and not email_key(query.email):
        problems["email"] = "Enter an e-mail address, like name@example.com"
    if query.is_empty():
        problems["__all__"] = "Enter at least one thing to search for, such as a name"
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

    @classmethod
    def of(cls, caution: Caution) -> "CautionView":
        level = current().level(caution.level)
        return cls(
            id=str(caution.id),
            level_code=caution.level,
            level_label=level.label if level else caution.level,
            precautions=caution.precautions,
            restrictions=caution.restrictions,
            key_contact=caution.key_contact,
            reporting_service=caution.reporting_service,
            next_review=caution.next_review,
            appeal_in_progress=caution.appeal_in_progress,
            interim=caution.interim,
        )


@dataclasses.dataclass
class PersonMatch:
    person: Person
    score: Score
    cautions: list[CautionView]

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


def check_run(query: Query, *, by) -> CheckResult:
    """Run the check for `by` and audit it: who asked, what, and which people were shown."""
    access = check_access(by)
    if not access.allowed:
        raise CheckRefused(access.reason)
    visible = Caution.objects.active().visible_to(by)
    places = _places_asked(query)
    addresses = _address_matches(places, visible)
    people = _person_matches(query, visible, places)
    result = CheckResult(query, people, addresses)
    with transaction.atomic():
        audit_record(
            by=by,
            verb=AuditEvent.Verb.CHECK,
            summary=f"Checked the register: {len(people)} people, {len(addresses)} addresses shown",
            details={
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
    holders = dict(
        MatchKey.objects.filter(key__in=set().union(*groups))
        .values_list("key")
        .annotate(n=Count("*"))
        .values_list("key", "n")
    )
    held = _key_rows(affordable_keys(holders, ROW_BUDGET, CANDIDATES))
    ranked = ranked_candidates(held, groups, holders, CANDIDATES)
    return [Person._meta.pk.to_python(pid) for pid in ranked]


def _key_rows(keys: Iterable[str]) -> list[tuple]:
    """(person id, key) for every holder of these keys, ids as the database gives them:
    making a UUID of each would cost more than the query."""
    keys = list(keys)
    if not keys:
        return []
    rows = MatchKey.objects.filter(key__in=keys).values_list("person_id", "key")
    with connection.cursor() as cursor:
        cursor.execute(*rows.query.sql_with_params())
        return cursor.fetchall()


def _places_asked(query: Query) -> list:
    """The ids of the addresses asked about: at the postcode (only those on the first line
    asked, when there are some), or else on the first line asked."""
    if query.postcode_key:
        at_postcode = Address.objects.filter(postcode_key=query.postcode_key)
        lines = dict(at_postcode.values_list("id", "line_key")[:PLACES])
        same_line = [pk for pk, line in lines.items() if line == query.address_line_key]
        return (query.address_line_key and same_line) or list(lines)
    if query.address_line_key:
        on_line = Address.objects.filter(line_key=query.address_line_key)
        return list(on_line.values_list("id", flat=True)[:PLACES])
    return []


def _address_matches(places: list, visible: QuerySet) -> list[AddressMatch]:
    """Addresses that carry a caution themselves (003 §15.2)."""
    # Cautions are looked up by address, never the other way round: the register's list of
    # active cautions is never read whole.
    with_caution = visible.filter(address__in=places).values("address_id")
    found = Address.objects.filter(id__in=with_caution).order_by("line_key", "id")
    found = found.prefetch_related(Prefetch("cautions", queryset=visible, to_attr="visible"))
    matches = []
    for address in found[:MAX_RESULTS]:
        reasons = [f"Caution held on the address {address.one_line}"]
        matches.append(AddressMatch(address, reasons, [CautionView.of(c) for c in address.visible]))
    return matches


def _person_matches(query: Query, visible: QuerySet, places: list) -> list[PersonMatch]:
    """Score every candidate the user may see from plain values, then build full records
    only for the people shown: loading every candidate's record would cost more than all
    the rest of the check."""
    at_address = _people_at(places)
    facts = _candidate_facts(query, visible, set(_candidate_ids(query)) | at_address)
    by_address = {pid for pid in facts if pid in at_address and not query.tokens}
    scores = {pid: score(query, facts[pid]) for pid in facts.keys() - by_address}
    ranked = sorted(
        (pid for pid, result in scores.items() if result.value >= POSSIBLE),
        key=lambda pid: (-scores[pid].value, facts[pid].display_name, str(pid)),
    )
    people = Person.objects.filter(id__in=[*ranked[:MAX_RESULTS], *by_address]).prefetch_related(
        "names",
        Prefetch("address_links", queryset=PersonAddress.objects.select_related("address")),
        Prefetch("cautions", queryset=visible.order_by("date_added"), to_attr="visible"),
    )
    matches = []
    for person in people:
        if person.id in by_address:
            result = _address_only_score(query, person)
        else:
            result = scores[person.id]
        if result.value >= POSSIBLE:
            matches.append(PersonMatch(person, result, [CautionView.of(c) for c in person.visible]))
    matches.sort(key=lambda m: (-m.score.value, m.person.display_name, str(m.person.id)))
    return matches[:MAX_RESULTS]


def _people_at(places: list) -> set:
    """Everyone linked to the addresses asked about (a household is found together)."""
    if not places:
        return set()
    links = PersonAddress.objects.filter(address__in=places)
    return set(links.values_list("person_id", flat=True)[:PLACES])


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
            return Score(value, [reason])
    return Score(0, [])


def _candidate_facts(query: Query, visible: QuerySet, candidates: set) -> dict:
    """{person id: CandidateFacts} for the candidates the user may see, read as plain values,
    and only the details the query can be scored on."""
    births, names = _births_and_names(visible, candidates)
    postcodes: dict = defaultdict(set)
    lines: dict = defaultdict(set)
    if query.postcode_key or query.address_line_key:
        postcodes, lines = _address_keys_of(births)
    contacts: dict = defaultdict(set)
    if query.phone or query.email or query.social:
        contacts = _contact_keys_of(births)
    return {
        pid: CandidateFacts(
            names=tuple(names[pid]),
            date_of_birth=born,
            postcode_keys=frozenset(postcodes[pid]),
            address_line_keys=frozenset(lines[pid]),
            contact_keys=frozenset(contacts[pid]),
        )
        for pid, born in births.items()
    }


def _births_and_names(visible: QuerySet, candidates: set) -> tuple[dict, dict]:
    """({person id: date of birth}, {person id: names}) of the candidates the user may see,
    in one query. Only the candidates' cautions are read, by index, to know which those are."""
    seen = visible.filter(person_id__in=candidates).values("person_id")
    rows = (
        Person.objects.filter(id__in=seen)
        .order_by("id", "names__id")
        .values_list(
            "id", "date_of_birth", "names__kind", "names__given_names", "names__family_name"
        )
    )
    births: dict = {}
    names: dict = defaultdict(list)
    for pid, born, kind, given, family in rows:
        births[pid] = born
        if kind:  # a person may have no name on record
            names[pid].append(NameCandidate(PersonName.Kind(kind).label, given, family))
    return births, names


def _address_keys_of(people: Iterable) -> tuple[dict, dict]:
    """({person id: postcode keys}, {person id: address line keys})."""
    postcodes, lines = defaultdict(set), defaultdict(set)
    rows = PersonAddress.objects.filter(person_id__in=people).values_list(
        "person_id", "address__postcode_key", "address__line_key"
    )
    for pid, postcode, line in rows:
        postcodes[pid].add(postcode)
        lines[pid].add(line)
    return postcodes, lines


def _contact_keys_of(people: Iterable) -> dict:
    contacts = defaultdict(set)
    rows = ContactPoint.objects.filter(person_id__in=people).values_list(
        "person_id", "kind", "value"
    )
    for pid, kind, value in rows:
        contacts[pid].add(contact_key(kind, value))
    return contacts
