"""The check (DESIGN.md §1.1): before contact, does this person or address carry a caution?

`check_run` is the one entry point for the page, the API and the command line. It finds
candidates by index, scores them (people/matching.py), keeps only people and addresses
with an active caution the user may see, and audits what was asked and who was shown.
"""

import dataclasses
import datetime as dt

from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet

from caution.lib.text import email_key, phone_key, postcode_key
from caution.people.matching import (
    POSSIBLE,
    CandidateFacts,
    NameCandidate,
    Query,
    Score,
    contact_key,
    query_keys,
    score,
)
from caution.people.models import Address, MatchKey, Person, PersonAddress, PersonName
from caution.policy.profiles import current
from caution.privacy.actions import audit_record
from caution.privacy.models import AuditEvent
from caution.register.access import check_access
from caution.register.models import Caution

# Keys shared by more people than this say little (a common first name's sound) and would
# make a check slow on a large register; they are left out when rarer keys remain.
COMMON_KEY_LIMIT = 5000
CANDIDATES = 60
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
    addresses = _address_matches(query, visible)
    people = _person_matches(query, visible, addresses)
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


def _candidate_ids(query: Query, visible: QuerySet) -> list:
    keys = query_keys(query)
    if not keys:
        return []
    counts = dict(MatchKey.objects.filter(key__in=keys).values_list("key").annotate(n=Count("id")))
    rare = [key for key, n in counts.items() if n <= COMMON_KEY_LIMIT]
    keys = rare or list(counts)
    if not keys:
        return []
    with_caution = visible.filter(person__isnull=False).values("person_id")
    rows = (
        MatchKey.objects.filter(key__in=keys, person_id__in=with_caution)
        .values("person_id")
        .annotate(hits=Count("id"))
        .order_by("-hits")[:CANDIDATES]
    )
    return [row["person_id"] for row in rows]


def _address_candidates(query: Query) -> QuerySet:
    if query.postcode_key:
        found = Address.objects.filter(postcode_key=query.postcode_key)
        if query.address_line_key:
            same_line = found.filter(line_key=query.address_line_key)
            return same_line if same_line.exists() else found
        return found
    if query.address_line_key:
        return Address.objects.filter(line_key=query.address_line_key)
    return Address.objects.none()


def _address_matches(query: Query, visible: QuerySet) -> list[AddressMatch]:
    """Addresses that carry a caution themselves (003 §15.2)."""
    found = _address_candidates(query).filter(cautions__in=visible).distinct()
    found = found.prefetch_related(Prefetch("cautions", queryset=visible, to_attr="visible"))
    matches = []
    for address in found[:MAX_RESULTS]:
        reasons = [f"Caution held on the address {address.one_line}"]
        matches.append(AddressMatch(address, reasons, [CautionView.of(c) for c in address.visible]))
    return matches


def _person_matches(query: Query, visible: QuerySet, addresses: list) -> list[PersonMatch]:
    ids = set(_candidate_ids(query, visible))
    at_address = set(
        PersonAddress.objects.filter(address__in=_address_candidates(query)).values_list(
            "person_id", flat=True
        )[:500]
    )
    people = (
        Person.objects.filter(id__in=ids | at_address, cautions__in=visible)
        .distinct()
        .prefetch_related(
            "names",
            "contact_points",
            Prefetch("address_links", queryset=PersonAddress.objects.select_related("address")),
            Prefetch("cautions", queryset=visible.order_by("date_added"), to_attr="visible"),
        )
    )
    matches = []
    for person in people:
        result = score(query, _facts(person))
        if person.id in at_address and not query.tokens:
            result = _address_only_score(query, person)
        if result.value < POSSIBLE:
            continue
        matches.append(PersonMatch(person, result, [CautionView.of(c) for c in person.visible]))
    matches.sort(key=lambda m: (-m.score.value, m.person.display_name))
    return matches[:MAX_RESULTS]


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


def _facts(person: Person) -> CandidateFacts:
    names = tuple(
        NameCandidate(name.get_kind_display(), name.given_names, name.family_name)
        for name in person.names.all()
    )
    links = list(person.address_links.all())
    return CandidateFacts(
        names=names,
        date_of_birth=person.date_of_birth,
        postcode_keys=frozenset(link.address.postcode_key for link in links),
        address_line_keys=frozenset(link.address.line_key for link in links),
        contact_keys=frozenset(contact_key(c.kind, c.value) for c in person.contact_points.all()),
    )
