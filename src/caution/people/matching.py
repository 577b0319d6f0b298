"""How the check recognises a person despite typos, nicknames, swapped names and odd formats.

Two stages, so that a check costs about the same whatever the size of the register:

1. Candidates come from the database by index. Every person has MatchKeys: each name word
   and its sound (metaphone); given and family name together, allowing one slip in either;
   date of birth, phone, e-mail and social handles. A query makes the keys it would share
   with the person meant (each word with its nicknames, in either order), reads the
   holders of the rarest of them, and ranks people by how rare the keys they share are
   (register/check.py reads, `ranked_candidates` ranks).
2. Each candidate is scored in Python against the query, field by field, giving a
   confidence (0-100) and the reasons a person would give for the match.
"""

import dataclasses
import datetime as dt
import functools
import heapq
import itertools
import math
from collections.abc import Iterable, Set

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import DamerauLevenshtein

from caution.lib.text import (
    address_line_key,
    email_key,
    find_postcode,
    fold,
    handle_key,
    name_tokens,
    phone_key,
    postcode_display,
    postcode_key,
)

STRONG, LIKELY, POSSIBLE = 80, 55, 35


@dataclasses.dataclass(frozen=True)
class Query:
    """What a member of staff asked the check. Every field is optional."""

    name: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    social: str = ""

    @functools.cached_property
    def tokens(self) -> list[str]:
        return name_tokens(self.name)

    @functools.cached_property
    def words(self) -> list[str]:
        """The words scored against each name: `tokens` without the joined forms of
        hyphenated names, which are only search keys."""
        parts = fold(self.name).split()
        return [token for token in self.tokens if not _is_join(token, parts)]

    @property
    def postcode_key(self) -> str:
        return postcode_key(self.postcode) or find_postcode(self.address)

    @property
    def address_line_key(self) -> str:
        """The first line of a free-text address, without its postcode."""
        first = self.address.split(",")[0]
        return address_line_key(first) if not postcode_key(first) else ""

    def is_empty(self) -> bool:
        return not any(dataclasses.asdict(self).values())

    def described(self) -> list[tuple[str, str]]:
        """What was searched, as (label, value) pairs for the "no caution found" answer."""
        labels = {
            "name": "Name",
            "date_of_birth": "Date of birth",
            "address": "Address",
            "postcode": "Postcode",
            "phone": "Phone",
            "email": "E-mail",
            "social": "Social media handle",
        }
        described = []
        for field, label in labels.items():
            value = getattr(self, field)
            if value:
                shown = value.strftime("%-d %B %Y") if field == "date_of_birth" else value
                described.append((label, str(shown)))
        return described

    def as_audit(self) -> dict[str, str]:
        return {k: str(v) for k, v in dataclasses.asdict(self).items() if v}


# A spelling variant drops one letter, so a one-letter slip still shares a key; names shorter
# than this are left whole, as one wrong letter in "Tom" makes another name ("Tim").
VARIANT_MIN_LENGTH = 4


@functools.cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@functools.lru_cache(maxsize=4096)
def nickname_group(token: str) -> frozenset[str]:
    """The token and the full names it is a short form of: "bob" -> {bob, robert, ...}."""
    return frozenset({token, *_nicknamer().canonicals_of(token)})


@functools.lru_cache(maxsize=4096)
def name_forms(token: str) -> frozenset[str]:
    """Every name a query word may stand for: itself, the names it is short for, its own
    short forms and those of the names it is short for. So "bob" finds Robert, "robert"
    finds someone held as Bob, and "bobby" finds Bob. Nicknames are expanded when a check
    asks, not stored with each person: it keeps a person's keys few."""
    forms = set(nickname_group(token)) | _nicknamer().nicknames_of(token)
    for canonical in _nicknamer().canonicals_of(token):
        forms |= _nicknamer().nicknames_of(canonical)
    return frozenset(forms)


@functools.lru_cache(maxsize=65536)
def spelling_variants(token: str) -> frozenset[str]:
    """The token and each form of it with one letter left out. Two spellings one slip apart
    (a letter wrong, added, missing, or two letters swapped) share at least one of these:
    "smiht" and "smith" both give "smit". So an index finds a typo, with no scan."""
    if len(token) < VARIANT_MIN_LENGTH:
        return frozenset({token})
    return frozenset({token, *(token[:i] + token[i + 1 :] for i in range(len(token)))})


# Names recur (a register has many Smiths), so their keys are worked out once each.
@functools.lru_cache(maxsize=65536)
def token_keys(token: str) -> frozenset[str]:
    """A person's keys for one word on its own: itself and its sound. Its spelling variants
    are left to `pair_keys`: alone, a slip in a common name would match thousands."""
    keys = {f"t:{token}"}
    if token.isalpha() and len(token) >= 2:
        keys.add(f"m:{jellyfish.metaphone(token)}")
    return frozenset(keys)


def asked_token_keys(token: str) -> frozenset[str]:
    """The keys a query word looks for: every name it may stand for, and its sound."""
    return token_keys(token) | {f"t:{form}" for form in name_forms(token)}


def pair_keys(given: str, family: str, *, given_forms: Iterable[str] = ()) -> set[str]:
    """Keys for a given and a family name together, allowing one slip in either: far rarer
    than either name alone, so "John Smiht" finds John Smith among thousands of Johns and
    Smiths. A query passes `given_forms`, the names its given name may stand for ("bob":
    robert, bobby...), each paired with the family name as typed."""
    keys = {f"f:{given}|{variant}" for variant in spelling_variants(family)}
    keys.update(f"f:{variant}|{family}" for variant in spelling_variants(given))
    keys.update(f"f:{form}|{family}" for form in given_forms)
    return keys


# A register repeats its common names thousands of times: each name's keys are worked out
# once (an import derives most of its rows from here).
@functools.lru_cache(maxsize=65536)
def name_keys(given_names: str, family_name: str) -> frozenset[str]:
    givens, families = _name_tokens(given_names), _name_tokens(family_name)
    keys: set[str] = set()
    for token in givens + families:
        keys |= token_keys(token)
    for given, family in itertools.product(givens, families):
        keys |= pair_keys(given, family)
    return frozenset(keys)


@functools.lru_cache(maxsize=65536)
def _name_tokens(text: str) -> tuple[str, ...]:
    return tuple(name_tokens(text))


def contact_key(kind: str, value: str) -> str:
    normalise = {"phone": phone_key, "email": email_key, "social": handle_key}[kind]
    normalised = normalise(value)
    return f"{kind[0]}:{normalised}" if normalised else ""


def date_keys(date: dt.date | None, *, swapped: bool = False) -> set[str]:
    if date is None:
        return set()
    keys = {f"d:{date.isoformat()}"}
    if swapped and date.day <= 12 and date.day != date.month:
        keys.add(f"d:{date.replace(month=date.day, day=date.month).isoformat()}")
    return keys


def query_key_groups(query: Query) -> list[frozenset[str]]:
    """The MatchKeys a query looks for, one group per piece of evidence: each word (the
    names it may stand for, its sound), the words as given and family name together, the
    date of birth, each contact point. Any word may be a given name and any ordered pair of
    words may be given and family name: staff write names in either order."""
    tokens = query.tokens
    groups: list[Set[str]] = [asked_token_keys(token) for token in tokens]
    pairs: set[str] = set()
    for given, family in itertools.permutations(tokens, 2):
        if given != family:
            pairs |= pair_keys(given, family, given_forms=name_forms(given))
    groups += [pairs, date_keys(query.date_of_birth, swapped=True)]
    groups += [{contact_key(kind, getattr(query, kind))} for kind in ("phone", "email", "social")]
    return [frozenset(group - {""}) for group in groups if group - {""}]


def query_keys(query: Query) -> set[str]:
    return set().union(*query_key_groups(query))


# A key held by n people weighs log2(RARITY_SCALE / n): sharing a rare key says more. The
# scale only has to exceed the size of any register.
RARITY_SCALE = 2**24


def rarity(holders: int) -> float:
    return math.log2(RARITY_SCALE / max(1, holders))


def affordable_keys(holders: dict[str, int], budget: int, wanted: int) -> dict[str, int]:
    """The keys worth reading, rarest first, {key: holders}: those whose rows fit the
    budget, and past it more only while they have fewer holders than the `wanted`
    candidates, so that a common name asked alone ("Jones") still finds its people."""
    chosen: dict[str, int] = {}
    rows = 0
    for key, n in sorted(holders.items(), key=lambda item: (item[1], item[0])):
        if rows + n > budget and rows >= wanted:
            break
        chosen[key] = n
        rows += n
    return chosen


def ranked_candidates(
    held: Iterable[tuple[object, str]],
    groups: list[frozenset[str]],
    holders: dict[str, int],
    limit: int,
) -> list:
    """The people who best fit the query's keys, best first, from (person, key) rows.

    Each group counts once, by the rarest of its keys the person holds, so that one word
    matched several ways (its spelling, sound and nicknames) does not outweigh a second
    word or the name pair: asked "Beyh Thomas", Beth Thomas comes before Thomas Taylor."""
    groups_of: dict[str, list[int]] = {}
    for number, group in enumerate(groups):
        for key in group:
            groups_of.setdefault(key, []).append(number)
    weights = {key: rarity(n) for key, n in holders.items()}
    best: dict[object, dict[int, float]] = {}
    for person, key in held:
        weight, found = weights[key], best.setdefault(person, {})
        for number in groups_of[key]:
            if weight > found.get(number, 0.0):
                found[number] = weight
    totals = ((-sum(found.values()), person) for person, found in best.items())
    # Ties in id order, so that every process gives the same answer.
    return [person for _, person in heapq.nsmallest(limit, totals)]


# Scoring ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NameCandidate:
    """One of a person's names, as the scorer sees it."""

    label: str  # "Name", "Alias", "Known as", "Previous name"
    given_names: str
    family_name: str

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p)


@dataclasses.dataclass(frozen=True)
class CandidateFacts:
    """What the scorer knows of one candidate person."""

    names: tuple[NameCandidate, ...]
    date_of_birth: dt.date | None
    postcode_keys: frozenset[str]
    address_line_keys: frozenset[str]
    contact_keys: frozenset[str]

    @property
    def display_name(self) -> str:
        """The name results are listed under, as Person.display_name gives it."""
        primary = [name for name in self.names if name.label == "Name"] or self.names
        return primary[0].full if primary else "(name not known)"


@dataclasses.dataclass
class Score:
    value: int
    reasons: list[str]

    @property
    def band(self) -> str:
        if self.value >= STRONG:
            return "Strong match"
        if self.value >= LIKELY:
            return "Likely match"
        return "Possible match"


# Candidates share names, and checks ask the same names again: each comparison is made once.
@functools.lru_cache(maxsize=65536)
def _token_similarity(asked: str, held: str) -> tuple[float, str]:
    if asked == held:
        return 1.0, "same"
    if nickname_group(asked) & nickname_group(held):
        return 0.9, "nickname"
    spelling = DamerauLevenshtein.normalized_similarity(asked, held)
    if min(len(asked), len(held)) >= 4 and spelling >= 0.7:
        return 0.85 * spelling + 0.1, "spelling"
    if (
        asked.isalpha()
        and held.isalpha()
        and jellyfish.metaphone(asked) == jellyfish.metaphone(held)
    ):
        return 0.8, "sound"
    if len(asked) == 1 and held.startswith(asked):
        return 0.6, "initial"
    return 0.0, ""


@dataclasses.dataclass
class _NameMatch:
    score: float
    held: list[tuple[str, str]]
    matched: list[tuple[float, str, int, int]]  # (similarity, kind, asked index, held index)
    name: NameCandidate

    def reasons(self, tokens: list[str]) -> list[str]:
        # Worked out for the best match only: most candidates' reasons are never shown.
        return _name_reasons(tokens, self.held, self.matched, self.name) if self.matched else []


def _match_name(tokens: list[str], name: NameCandidate) -> _NameMatch:
    """The best match of the asked words to one name: the family name taken word by word
    ("Smith", "Jones") and, when it has several words, also whole ("Smithjones")."""
    variants = _held_words(name.given_names, name.family_name)
    return max((_match_tokens(tokens, held, name) for held in variants), key=lambda m: m.score)


@functools.lru_cache(maxsize=65536)
def _held_words(given_names: str, family_name: str) -> tuple[list[tuple[str, str]], ...]:
    """The ways one name is matched word by word: [(word, "given" or "family")...]."""
    full = " ".join(part for part in (given_names, family_name) if part)
    parts = fold(full).split()
    given = [(t, "given") for t in _name_tokens(given_names) if not _is_join(t, parts)]
    family = [t for t in _name_tokens(family_name) if not _is_join(t, parts)]
    variants = [given + [(t, "family") for t in family]]
    if len(family) > 1:
        variants.append([*given, ("".join(family), "family")])
    return tuple(variants)


def _match_tokens(
    tokens: list[str], held: list[tuple[str, str]], name: NameCandidate
) -> _NameMatch:
    if not held or not tokens:
        return _NameMatch(0.0, held, [], name)
    pairs = sorted(
        (
            (*_token_similarity(asked, token), qi, hi)
            for qi, asked in enumerate(tokens)
            for hi, (token, _) in enumerate(held)
        ),
        reverse=True,
    )
    used_q: set[int] = set()
    used_h: set[int] = set()
    matched: list[tuple[float, str, int, int]] = []
    for similarity, kind, qi, hi in pairs:
        if similarity <= 0 or qi in used_q or hi in used_h:
            continue
        used_q.add(qi)
        used_h.add(hi)
        matched.append((similarity, kind, qi, hi))
    if not matched:
        return _NameMatch(0.0, held, [], name)
    has_family = any(part == "family" for _, part in held)
    quality = sum(m[0] for m in matched) / len(matched)
    coverage = len(matched) / len(tokens)
    family_matched = not has_family or any(held[m[3]][1] == "family" for m in matched)
    score = quality * (0.6 + 0.4 * coverage)
    score *= 1.0 if family_matched else 0.6
    score *= 1.0 if len(matched) >= 2 or len(held) == 1 else 0.75
    return _NameMatch(score, held, matched, name)


def _is_join(token: str, parts: list[str]) -> bool:
    """The joined form of a hyphenated name is a search key, not a separate word to match.
    `parts` are the words of the whole name."""
    return token not in parts and any(
        token == "".join(parts[i : j + 1])
        for i in range(len(parts))
        for j in range(i + 1, len(parts))
    )


def _name_reasons(tokens, held, matched, name: NameCandidate) -> list[str]:
    reasons = []
    kinds = {m[1] for m in matched}
    if kinds == {"same"} and len(matched) == len(held) == len(tokens):
        reasons.append(f"{name.label} matches exactly: {name.full}")
    else:
        reasons.append(f"{name.label} matches: {name.full}")
    for _, kind, qi, hi in sorted(matched, key=lambda m: m[2]):
        asked, (token, _) = tokens[qi], held[hi]
        if kind == "nickname":
            reasons.append(f"'{asked}' and '{token}' are forms of the same name")
        elif kind == "spelling":
            reasons.append(f"'{asked}' is spelt like '{token}'")
        elif kind == "sound":
            reasons.append(f"'{asked}' sounds like '{token}'")
        elif kind == "initial":
            reasons.append(f"initial '{asked}' fits '{token}'")
    order = [hi for _, _, _, hi in sorted(matched, key=lambda m: m[2])]
    if order != sorted(order):
        reasons.append("names given in a different order")
    return reasons


def _score_date(asked: dt.date, held: dt.date) -> tuple[int, str]:
    if asked == held:
        return 25, "Same date of birth"
    if asked.year == held.year and (asked.day, asked.month) == (held.month, held.day):
        return 15, "Date of birth matches with day and month swapped"
    same_parts = sum((asked.year == held.year, asked.month == held.month, asked.day == held.day))
    if same_parts == 2:
        return 5, "Date of birth differs in one part"
    return -30, "Date of birth differs"


def score(query: Query, facts: CandidateFacts) -> Score:
    """How well a candidate fits the query: a confidence from 0 to 100 and the reasons."""
    value = 0.0
    reasons: list[str] = []
    tokens = query.words
    if tokens and facts.names:
        best = max((_match_name(tokens, name) for name in facts.names), key=lambda m: m.score)
        value += 60 * best.score
        reasons += best.reasons(tokens)
    if query.date_of_birth and facts.date_of_birth:
        points, reason = _score_date(query.date_of_birth, facts.date_of_birth)
        value += points
        reasons.append(reason)
    if query.postcode_key and query.postcode_key in facts.postcode_keys:
        value += 20
        reasons.append(f"Same postcode: {postcode_display(query.postcode_key)}")
    if query.address_line_key and query.address_line_key in facts.address_line_keys:
        value += 15
        reasons.append("Same address")
    for kind, label in (
        ("phone", "phone number"),
        ("email", "e-mail address"),
        ("social", "social media handle"),
    ):
        key = contact_key(kind, getattr(query, kind))
        if key and key in facts.contact_keys:
            value += 45
            reasons.append(f"Same {label}")
    return Score(max(0, min(100, round(value))), reasons)


def person_keys(
    names: Iterable[tuple[str, str]],
    date_of_birth: dt.date | None,
    contacts: Iterable[tuple[str, str]],
) -> set[str]:
    """Every MatchKey of a person, from their names (given, family), date of birth and
    contact points (kind, value)."""
    keys: set[str] = set()
    for given, family in names:
        keys |= name_keys(given, family)
    keys |= date_keys(date_of_birth)
    keys |= {contact_key(kind, value) for kind, value in contacts} - {""}
    return keys
