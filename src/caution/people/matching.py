"""How the check recognises a person despite typos, nicknames, swapped names and odd formats.

Two stages, so that a check costs the same whatever the size of the register:

1. Candidates come from the database by index: every person has MatchKeys (exact name
   tokens, their sound (metaphone), their sorted letters (catches transposed letters),
   nickname groups, date of birth, phone, e-mail and social handles). A query makes the
   same keys; the people sharing most keys are the candidates.
2. Each candidate is scored in Python against the query, field by field, giving a
   confidence (0-100) and the reasons a person would give for the match.
"""

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable

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

    @property
    def tokens(self) -> list[str]:
        return name_tokens(self.name)

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


@functools.cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def nickname_group(token: str) -> frozenset[str]:
    """The token and the full names it is a short form of: "bob" -> {bob, robert, ...}."""
    return frozenset({token, *_nicknamer().canonicals_of(token)})


def token_keys(token: str, *, with_nicknames: bool) -> set[str]:
    keys = {f"t:{token}"}
    if token.isalpha() and len(token) >= 2:
        keys.add(f"m:{jellyfish.metaphone(token)}")
    if len(token) >= 4:
        keys.add(f"a:{''.join(sorted(token))}")
    if with_nicknames:
        keys.update(f"n:{name}" for name in nickname_group(token))
    return keys


def name_keys(given_names: str, family_name: str) -> set[str]:
    keys: set[str] = set()
    for token in name_tokens(given_names):
        keys |= token_keys(token, with_nicknames=True)
    for token in name_tokens(family_name):
        keys |= token_keys(token, with_nicknames=False)
    return keys


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


def query_keys(query: Query) -> set[str]:
    """The MatchKeys a query looks for. Every query token may be a given name, so each
    brings its nickname group."""
    keys: set[str] = set()
    for token in query.tokens:
        keys |= token_keys(token, with_nicknames=True)
    keys |= date_keys(query.date_of_birth, swapped=True)
    for kind in ("phone", "email", "social"):
        key = contact_key(kind, getattr(query, kind))
        if key:
            keys.add(key)
    return keys


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
    reasons: list[str]


def _match_name(tokens: list[str], name: NameCandidate) -> _NameMatch:
    """The best match of the asked words to one name: the family name taken word by word
    ("Smith", "Jones") and, when it has several words, also whole ("Smithjones")."""
    given = [(t, "given") for t in name_tokens(name.given_names) if not _is_join(t, name)]
    family = [t for t in name_tokens(name.family_name) if not _is_join(t, name)]
    variants = [given + [(t, "family") for t in family]]
    if len(family) > 1:
        variants.append([*given, ("".join(family), "family")])
    return max((_match_tokens(tokens, held, name) for held in variants), key=lambda m: m.score)


def _match_tokens(
    tokens: list[str], held: list[tuple[str, str]], name: NameCandidate
) -> _NameMatch:
    if not held or not tokens:
        return _NameMatch(0.0, [])
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
        return _NameMatch(0.0, [])
    has_family = any(part == "family" for _, part in held)
    quality = sum(m[0] for m in matched) / len(matched)
    coverage = len(matched) / len(tokens)
    family_matched = not has_family or any(held[m[3]][1] == "family" for m in matched)
    score = quality * (0.6 + 0.4 * coverage)
    score *= 1.0 if family_matched else 0.6
    score *= 1.0 if len(matched) >= 2 or len(held) == 1 else 0.75
    return _NameMatch(score, _name_reasons(tokens, held, matched, name))


def _is_join(token: str, name: NameCandidate) -> bool:
    """The joined form of a hyphenated name is a search key, not a separate word to match."""
    parts = fold(name.full).split()
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
    tokens = [t for t in query.tokens if not _is_join(t, NameCandidate("", "", query.name))]
    if tokens:
        best = max((_match_name(tokens, name) for name in facts.names), key=lambda m: m.score)
        value += 60 * best.score
        reasons += best.reasons
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
