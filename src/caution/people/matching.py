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
import enum
import functools
import heapq
import itertools
import math
import string
from collections.abc import Iterable

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from caution.lib.text import (
    POSTCODE,
    AddressParts,
    address_line_key,
    address_parts,
    email_key,
    find_postcode,
    fold,
    handle_key,
    name_tokens,
    phone_key,
    postcode_display,
    postcode_key,
    postcode_swapped_key,
)

# Confidence (0-100) under which a candidate is left out, unless the safety rule keeps them
# (`Score.protected`), and over which a candidate with no strong evidence is still a
# "possible" match.
POSSIBLE, LIKELY = 35, 55
# A name match this close (0-1) is strong: the same name, a nickname, one slip in a word.
NAME_STRONG = 0.8
# A word asked this close (0-1) to a word of the name fits it: one slip, a nickname, a sound.
WORD_FITS = 0.7
# A name that fits in part: one of its words, or a slip in the only word asked ("Tefrence"
# for Terence Smith); enough, at the postcode or address asked, to be shown.
NAME_IN_PART = 0.4


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
    def postcode_swapped_key(self) -> str:
        """The postcode asked for, where two of its characters were typed the wrong way
        round and it is no postcode as it stands: scored as near, never searched by."""
        if self.postcode_key:
            return ""
        return postcode_swapped_key(self.postcode)

    @property
    def address_line_key(self) -> str:
        """The first line of a free-text address, without its postcode."""
        first = self.address.split(",")[0]
        return address_line_key(first) if not postcode_key(first) else ""

    @functools.cached_property
    def address_parts(self) -> AddressParts:
        return address_parts(self.address)

    def is_empty(self) -> bool:
        return not any(dataclasses.asdict(self).values())

    def identifies(self) -> bool:
        """Whether the query holds anything that can identify a person or place: a date of
        birth alone cannot (thousands share each one)."""
        return any((self.name, self.address, self.postcode, self.phone, self.email, self.social))

    def missing(self) -> list[str]:
        """What else staff could search by, for the answer that finds nobody."""
        wanted = []
        if len(self.tokens) < 2:
            wanted.append("their full name, and any other names they use")
        if not self.date_of_birth:
            wanted.append("their date of birth")
        if not (self.address or self.postcode):
            wanted.append("their address or postcode")
        if not (self.phone or self.email or self.social):
            wanted.append("a phone number, e-mail address or social media handle")
        return wanted

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
    words = fold(family_name).split()
    if len(words) > 1 and "".join(words) not in families:  # "Mc Donald" is found as McDonald
        families += ("".join(words),)
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


# How much a key found one slip away counts, against the key asked for itself: a neighbour
# is evidence, but a person who holds the very word asked comes first.
NEIGHBOUR = 0.7
# A street without its house number, or a postcode one character away, is weaker evidence;
# so is a date of birth one part out.
STREET_ONLY, NEAR_POSTCODE, NEAR_DATE_KEY = 0.6, 0.5, 0.5
ALPHABET = string.ascii_lowercase
POSTCODE_CHARACTERS = string.ascii_uppercase + string.digits

# One group of keys per piece of evidence: {key: how much it counts, 0-1}.
KeyGroup = dict[str, float]


# Words as short as this are varied by one slip in a query ("Tia" may be Tina): the
# scorer still tells "Tom" from "Tim" (`_spelt_alike`).
SLIP_MIN_LENGTH = 3


@functools.lru_cache(maxsize=16384)
def one_slip(word: str) -> frozenset[str]:
    """Every word one slip from `word`: a letter wrong, added or missing, or two neighbours
    swapped, the first letter included. Made when a check asks, never stored: so a person's
    keys stay few and the index still finds "Jmith" for Smith."""
    if len(word) < SLIP_MIN_LENGTH or not word.isalpha():
        return frozenset()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    found |= {a + c + b for a, b in splits for c in ALPHABET}
    return frozenset(found - {word})


def _token_group(token: str, *, slips: bool) -> KeyGroup:
    """The keys of one query word; with `slips`, also every spelling one slip away (not
    for the joined form of a hyphenated name, whose parts are asked for already)."""
    group = dict.fromkeys((f"t:{w}" for w in one_slip(token)), NEIGHBOUR) if slips else {}
    group.update(dict.fromkeys(asked_token_keys(token), 1.0))
    return group


def _joins(query: Query) -> list[str]:
    """Neighbouring words joined, as a name may be held: "Mc Donald" asks for McDonald."""
    words = fold(query.name).split()
    return ["".join(pair) for pair in itertools.pairwise(words) if len("".join(pair)) >= 5]


def query_key_groups(query: Query) -> list[KeyGroup]:
    """The MatchKeys a query looks for, one group per piece of evidence: each word (the
    names it may stand for, its sound, its spellings one slip away), the words as given and
    family name together, the date of birth, each contact point, the street and the
    postcode. Any word may be a given name and any ordered pair of words may be given and
    family name: staff write names in either order."""
    tokens = query.tokens
    words = set(query.words)
    groups: list[KeyGroup] = [_token_group(token, slips=token in words) for token in tokens]
    groups += [{f"t:{joined}": 1.0} for joined in _joins(query) if joined not in tokens]
    pairs: set[str] = set()
    for given, family in itertools.permutations(tokens, 2):
        if given != family:
            pairs |= pair_keys(given, family, given_forms=name_forms(given))
    groups.append(dict.fromkeys(pairs, 1.0))
    groups.append(_date_group(query.date_of_birth))
    contacts = (contact_key(kind, getattr(query, kind)) for kind in ("phone", "email", "social"))
    groups += [{key: 1.0} for key in contacts]
    groups += [_street_group(query.address_parts), _postcode_group(query.postcode_key)]
    groups = [{key: factor for key, factor in group.items() if key} for group in groups]
    return [group for group in groups if group]


def _date_group(date: dt.date | None) -> KeyGroup:
    """The date of birth asked, with day and month swapped, and every date one part from
    it: another day or month, or a year one digit or one year out (1977 for 1987): the
    errors people make in a date they are told or read."""
    if date is None:
        return {}
    near: set[dt.date] = set()
    for day in range(1, 32):
        near.add(_date_or_none(date.year, date.month, day))
    for month in range(1, 13):
        near.add(_date_or_none(date.year, month, date.day))
    year = str(date.year)
    years = {date.year - 1, date.year + 1}
    years |= {int(year[:i] + d + year[i + 1 :]) for i in range(4) for d in string.digits}
    near |= {_date_or_none(y, date.month, date.day) for y in years if 1900 <= y <= 2100}
    group = {f"d:{day.isoformat()}": NEAR_DATE_KEY for day in near if day}
    return group | dict.fromkeys(date_keys(date, swapped=True), 1.0)


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _street_group(parts: AddressParts) -> KeyGroup:
    """The house number and street asked, and the street alone, each also one slip away."""
    if not parts.street:
        return {}
    spellings = {parts.street: 1.0} | dict.fromkeys(one_slip(parts.street), NEIGHBOUR)
    group = {f"w:{street}": STREET_ONLY * factor for street, factor in spellings.items()}
    if parts.number:
        group |= {f"a:{parts.number}|{street}": factor for street, factor in spellings.items()}
    return group


def _postcode_group(postcode: str) -> KeyGroup:
    """The postcode asked, and every postcode one character from it."""
    if not postcode:
        return {}
    near = {
        postcode[:i] + c + postcode[i + 1 :]
        for i in range(len(postcode))
        for c in POSTCODE_CHARACTERS
    }
    group = {f"z:{code}": NEAR_POSTCODE for code in near if POSTCODE.match(code)}
    group[f"z:{postcode}"] = 1.0
    return group


# A word asked is paired with at most this many of the register's words near it.
NEAR_WORDS = 30
# How much a word two slips from the one asked counts, alone.
FAR = NEIGHBOUR * NEIGHBOUR


def neighbour_key_groups(
    query: Query, holders: dict[str, int], far: dict[str, list[str]]
) -> list[KeyGroup]:
    """Keys for a slip in both names ("Racael Jackon" for Rachael Jackson) and for two slips
    in one ("Hollaoy" for Holloway): name pairs of the words the register holds near each
    word asked, in either order, and those words two slips away alone. `holders` are the
    counts the first read found for the query's keys (so which words one slip away exist);
    `far`, the register's words two slips from a word asked (people/vocabulary.py). A pair
    of real names is rare, so it finds the person where each word alone is shared by
    hundreds."""
    near: list[list[str]] = []
    for token in query.words:
        asked = {f"t:{word}" for word in one_slip(token)} | asked_token_keys(token)
        found = sorted(
            (k for k in asked if k.startswith("t:") and k in holders),
            key=lambda k: (-holders[k], k),
        )
        near.append([key[2:] for key in found[:NEAR_WORDS]] + far.get(token, []))
    pairs = {
        f"f:{given}|{family}"
        for givens, families in itertools.permutations(near, 2)
        for given in givens
        for family in families
        if given != family
    }
    far_words = {f"t:{word}" for words in far.values() for word in words}
    return [dict.fromkeys(pairs, NEIGHBOUR), dict.fromkeys(far_words, FAR)]


def query_keys(query: Query) -> set[str]:
    return set().union(*query_key_groups(query))


# A key held by n people weighs log2(RARITY_SCALE / n): sharing a rare key says more. The
# scale only has to exceed the size of any register.
RARITY_SCALE = 2**24


def rarity(holders: int) -> float:
    return math.log2(RARITY_SCALE / max(1, holders))


def key_factors(groups: list[KeyGroup]) -> dict[str, float]:
    """How much each key counts at best, over the groups that ask for it."""
    factors: dict[str, float] = {}
    for group in groups:
        for key, factor in group.items():
            if factor > factors.get(key, 0.0):
                factors[key] = factor
    return factors


def affordable_keys(
    holders: dict[str, int],
    budget: int,
    wanted: int,
    factors: dict[str, float] | None = None,
    first: Iterable[str] = (),
) -> dict[str, int]:
    """The keys worth reading, {key: holders}: the rarest first (for their worth: a key one
    slip away counts as if held by more people) while their rows fit the budget, and past
    it more only while they have fewer holders than the `wanted` candidates, so that a
    common name asked alone ("Jones") still finds its people. Then the `first` keys (the
    words as asked) within a second budget, so that rarer nicknames ("Beth", "Eliza" for
    "Lisa") never take the place of the name itself."""
    factors = factors or {}
    chosen: dict[str, int] = {}
    rows = 0
    for key, n in sorted(holders.items(), key=lambda kn: (kn[1] / factors.get(kn[0], 1), kn[0])):
        if rows + n > budget and rows >= wanted:
            break
        chosen[key] = n
        rows += n
    for key in first:
        n = holders.get(key, 0)
        if key not in chosen and n and rows + n <= 2 * budget:
            chosen[key] = n
            rows += n
    return chosen


def ranked_candidates(
    held: Iterable[tuple[object, str]],
    groups: list[KeyGroup],
    holders: dict[str, int],
    limit: int,
) -> list:
    """The people who best fit the query's keys, best first, from (person, key) rows.

    Each group counts once, by the rarest of its keys the person holds (times what the key
    counts for), so that one word matched several ways (its spelling, sound and nicknames)
    does not outweigh a second word or the name pair: asked "Beyh Thomas", Beth Thomas
    comes before Thomas Taylor."""
    held = list(held)
    read = {key for _, key in held}
    # What each key read counts for in each group that asks for it, worked out once per key.
    weights: dict[str, list[tuple[int, float]]] = {}
    for number, group in enumerate(groups):
        for key in read.intersection(group):
            weights.setdefault(key, []).append((number, rarity(holders[key]) * group[key]))
    best: dict[object, dict[int, float]] = {}
    for person, key in held:
        found = best.setdefault(person, {})
        for number, weight in weights[key]:
            if weight > found.get(number, 0.0):
                found[number] = weight
    totals = ((-sum(found.values()), person) for person, found in best.items())
    # Ties in id order, so that every process gives the same answer.
    return [person for _, person in heapq.nsmallest(limit, totals)]


def address_keys(parts: AddressParts, postcode: str) -> set[str]:
    """A person's keys for one of their addresses: house number and street, the street
    alone, and the postcode."""
    keys = {f"z:{postcode}"} if postcode else set()
    if parts.street:
        keys.add(f"w:{parts.street}")
        if parts.number:
            keys.add(f"a:{parts.number}|{parts.street}")
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
    addresses: frozenset[AddressParts] = frozenset()

    @property
    def display_name(self) -> str:
        """The name results are listed under, as Person.display_name gives it."""
        primary = [name for name in self.names if name.label == "Name"] or self.names
        return primary[0].full if primary else "(name not known)"


class Band(enum.StrEnum):
    """What a match tells staff to do."""

    STRONG = "strong"
    POSSIBLE = "possible"
    WEAK = "weak"

    @property
    def label(self) -> str:
        return BAND_LABELS[self]


BAND_LABELS = {
    Band.STRONG: "Treat as the same person",
    Band.POSSIBLE: "Could be the same person: confirm before contact",
    Band.WEAK: "Less likely to be the same person: confirm before contact",
}
DATE_DIFFERS = "Date of birth differs: confirm who you are dealing with"


@dataclasses.dataclass
class Score:
    """How well a candidate fits a query: a confidence (0-100) that ranks the candidates,
    the reasons a person would give, what the match tells staff to do, and warnings."""

    value: int
    reasons: list[str]
    band: Band = Band.WEAK
    warnings: list[str] = dataclasses.field(default_factory=list)
    # The safety rule: a strong name, a name that every word asked fits, an exact contact
    # point, the same address, or a name that fits in part at the postcode asked, is never
    # hidden because another field differs (docs/user/check.md).
    protected: bool = False

    @property
    def label(self) -> str:
        return self.band.label

    @property
    def shown(self) -> bool:
        return self.protected or self.value >= POSSIBLE


# Candidates share names, and checks ask the same names again: each comparison is made once.
@functools.lru_cache(maxsize=65536)
def _token_similarity(asked: str, held: str) -> tuple[float, str]:
    if asked == held:
        return 1.0, "same"
    if nickname_group(asked) & nickname_group(held):
        return 0.9, "nickname"
    spelling = DamerauLevenshtein.normalized_similarity(asked, held)
    spelt = 0.85 * spelling + 0.1 if _spelt_alike(asked, held, spelling) else 0.0
    if asked.isalpha() and held.isalpha() and _sound(asked) == _sound(held):
        # A sound is coarse ("Wendy" and "Wanda" share one), so the closer spelt of the
        # names that sound alike comes first: "July" is Julie before Jill.
        sound = 0.7 + 0.1 * spelling
        if sound > spelt:
            return sound, "sound"
    if spelt:
        return spelt, "spelling"
    if len(asked) == 1 and held.startswith(asked):
        return 0.6, "initial"
    return 0.0, ""


@functools.lru_cache(maxsize=65536)
def _sound(word: str) -> str:
    return jellyfish.metaphone(word)


def _spelt_alike(asked: str, held: str, spelling: float) -> bool:
    """Two spellings of one name: close overall; or one slip (a letter dropped from the
    start of "Luke" too; in three letters, only two swapped); or two slips in a longer word
    (an OCR "rn" for "m" and a typo); or the same long start with a muddled end
    ("Wilkkiris", "Wilkins")."""
    shortest, longest = sorted((len(asked), len(held)))
    slips = DamerauLevenshtein.distance(asked, held)
    if longest >= 4 and slips == 1:
        return True
    if longest == 3 and slips == 1 and sorted(asked) == sorted(held):
        return True  # two letters swapped, "Ofx" for Fox: a different letter would be "Fix"
    if shortest < 4:
        return False
    return (
        spelling >= 0.7
        or (slips <= 2 and longest >= 5)
        or (shortest >= 5 and JaroWinkler.similarity(asked, held) >= 0.9)
    )


@dataclasses.dataclass
class _NameMatch:
    score: float
    held: list[tuple[str, str]]
    matched: list[tuple[float, str, int, int]]  # (similarity, kind, asked index, held index)
    name: NameCandidate

    def fits_every_word(self, asked: int) -> bool:
        """Every word asked matches a word of the name, each closely (a slip, a nickname,
        a sound): "Emilly" fits Emily Stone, though her family name was not asked."""
        return len(self.matched) == asked > 0 and all(m[0] >= WORD_FITS for m in self.matched)

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
    # A given name alone still shows its holders (as weak matches); a family name counts more.
    score *= 1.0 if family_matched else 0.8
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


# Points for a date of birth: the same, day and month swapped, one part wrong, different.
SAME_DATE, SWAPPED_DATE, NEAR_DATE, OTHER_DATE = 25, 18, 10, -15


def _score_date(asked: dt.date, held: dt.date) -> tuple[int, str]:
    if asked == held:
        return SAME_DATE, "Same date of birth"
    if asked.year == held.year and (asked.day, asked.month) == (held.month, held.day):
        return SWAPPED_DATE, "Date of birth matches with day and month swapped"
    same_parts = sum((asked.year == held.year, asked.month == held.month, asked.day == held.day))
    if same_parts == 2:
        return NEAR_DATE, "Date of birth differs in one part"
    return OTHER_DATE, "Date of birth differs"


@dataclasses.dataclass
class _Address:
    """How the address asked fits one of the candidate's: points, reasons, and whether it
    is the same place (same house) or only agrees (same street or postcode)."""

    points: int = 0
    reasons: list[str] = dataclasses.field(default_factory=list)
    same_place: bool = False
    agrees: bool = False


def _score_address(query: Query, facts: CandidateFacts) -> _Address:
    found = _Address()
    if query.address_line_key and query.address_line_key in facts.address_line_keys:
        found = _Address(20, ["Same address"], same_place=True, agrees=True)
    elif query.address_parts.street:
        found = max(
            (_score_street(query.address_parts, held) for held in facts.addresses),
            key=lambda a: a.points,
            default=found,
        )
    postcode = query.postcode_key
    if postcode and postcode in facts.postcode_keys:
        found.points += 15
        found.reasons.append(f"Same postcode: {postcode_display(postcode)}")
        found.agrees = True
    elif postcode and any(_one_character_apart(postcode, held) for held in facts.postcode_keys):
        found.points += 6
        found.reasons.append("Postcode differs by one character")
    elif _postcode_swapped(query, facts):
        found.points += 6
        found.reasons.append("Postcode matches with two characters swapped")
    found.points = min(found.points, 30)
    return found


def _score_street(asked: AddressParts, held: AddressParts) -> _Address:
    if not held.street:
        return _Address()
    same = asked.street == held.street
    similarity = DamerauLevenshtein.normalized_similarity(asked.street, held.street)
    if not same and not _spelt_alike(asked.street, held.street, similarity):
        return _Address()
    named = "" if same else f"Street name spelt like '{held.street}'; "
    if asked.number and asked.number == held.number:
        reason = "Same address" if not named else f"{named}same house number"
        return _Address(20 if not named else 16, [reason], same_place=True, agrees=True)
    # A house number that differs is as often a slip or a move along the street as
    # another house: it counts as one not given. A street of the same name elsewhere is
    # told apart by the town, where both are known.
    town = asked.town and asked.town == held.town
    where = "same street and town" if town else "same street"
    if asked.number and held.number:
        found = _Address(10, [f"{named}{where}, house number differs"])
    else:
        found = _Address(10, [f"{named}{where}, no house number to compare"])
    if town:
        found.points += 4
    return found


def _postcode_swapped(query: Query, facts: CandidateFacts) -> bool:
    """The postcode asked is one of the candidate's with two neighbouring characters the
    other way round (a postcode either way, or none as typed)."""
    swapped = query.postcode_swapped_key
    if swapped and swapped in facts.postcode_keys:
        return True
    asked = query.postcode_key
    return bool(asked) and any(_swapped(asked, held) for held in facts.postcode_keys)


def _one_character_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _swapped(a: str, b: str) -> bool:
    """Two neighbouring characters the other way round: "LE16 7GA" for LE16 7AG."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


def score(query: Query, facts: CandidateFacts) -> Score:
    """How well a candidate fits the query: a confidence from 0 to 100, the reasons, what
    to do (the band) and warnings."""
    value = 0.0
    reasons: list[str] = []
    warnings: list[str] = []
    name = 0.0
    fits = False
    tokens = query.words
    if tokens and facts.names:
        best = max((_match_name(tokens, held) for held in facts.names), key=lambda m: m.score)
        name, fits = best.score, best.fits_every_word(len(tokens))
        value += 60 * name
        reasons += best.reasons(tokens)
    date = None  # the date of birth's points, when both are known
    if query.date_of_birth and facts.date_of_birth:
        date, reason = _score_date(query.date_of_birth, facts.date_of_birth)
        value += date
        reasons.append(reason)
        if date == OTHER_DATE:
            warnings.append(DATE_DIFFERS)
    address = _score_address(query, facts)
    value += address.points
    reasons += [r[0].upper() + r[1:] for r in address.reasons]
    identifiers = 0
    for kind, label in (
        ("phone", "phone number"),
        ("email", "e-mail address"),
        ("social", "social media handle"),
    ):
        key = contact_key(kind, getattr(query, kind))
        if key and key in facts.contact_keys:
            value += 45
            identifiers += 1
            reasons.append(f"Same {label}")
    result = Score(max(0, min(100, round(value))), reasons, warnings=warnings)
    result.band = _band(result.value, name, date, address, identifiers)
    result.protected = bool(
        name >= NAME_STRONG
        or fits
        or identifiers
        or address.same_place
        or (address.agrees and name >= NAME_IN_PART)
    )
    return result


def _band(value: int, name: float, date: int | None, address: _Address, identifiers: int) -> Band:
    """Strong: an exact contact point, or a strong name that a date of birth or an address
    agrees with and nothing contradicts. Possible: a strong name, or enough together.
    `date` is the date of birth's points, None when either is unknown."""
    date_agrees = date in (SAME_DATE, SWAPPED_DATE)
    if identifiers:
        return Band.STRONG
    if name >= NAME_STRONG and date != OTHER_DATE and (date_agrees or address.agrees):
        return Band.STRONG
    if name >= 0.6 and date == SAME_DATE and address.same_place:
        return Band.STRONG
    if name >= NAME_STRONG or value >= LIKELY:
        return Band.POSSIBLE
    return Band.WEAK


def person_keys(
    names: Iterable[tuple[str, str]],
    date_of_birth: dt.date | None,
    contacts: Iterable[tuple[str, str]],
    addresses: Iterable[tuple[str, str, str, str]] = (),
) -> set[str]:
    """Every MatchKey of a person, from their names (given, family), date of birth,
    contact points (kind, value) and addresses (line 1, line 2, town, postcode)."""
    keys: set[str] = set()
    for given, family in names:
        keys |= name_keys(given, family)
    keys |= date_keys(date_of_birth)
    keys |= {contact_key(kind, value) for kind, value in contacts} - {""}
    for line1, line2, town, postcode in addresses:
        parts = held_address_parts(line1, line2, town)
        keys |= address_keys(parts, postcode_key(postcode))
    return keys


@functools.lru_cache(maxsize=65536)
def held_address_parts(line1: str, line2: str, town: str) -> AddressParts:
    """The parts of an address as the register holds it, lines and town apart."""
    return address_parts(", ".join(line for line in (line1, line2) if line), town)
