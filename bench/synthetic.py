"""Synthetic UK register entries and the mistyped queries staff would ask about them.

Everything comes from one seed, so two runs with the same options build the same register
and ask the same questions. Names are drawn from Faker's en_GB lists (surnames weighted by
frequency, as Faker holds them), with a share from its en_IE and en_IN lists because a UK
register is not all English names; addresses, towns and postcodes come from Faker en_GB.

Faker's en_GB list is the 500 commonest British surnames, weighted by the percentage of
people who hold each: together 39.5 %. Drawn from alone, every name is 2.5 times as common
as it is in the country and the other 60 % of people, whose names are rarer, are missing.
With `surname_tail=True` (the benches' --surname-tail) 39.5 % of en_GB surnames come from
that list and the rest from a tail of about 6,500 other surnames, each equally rare (from
Faker's lists for other English-speaking and European countries): still more alike than
a real register, whose tail holds far more names.
"""

import bisect
import dataclasses
import datetime as dt
import itertools
import random
import string
from collections.abc import Iterator, Sequence

from faker import Faker
from nicknames import NickNamer

# Where each person's names come from, and how often.
NAME_LOCALES = (("en_GB", 0.8), ("en_IE", 0.1), ("en_IN", 0.1))
# The surnames of the tail, and the share of en_GB surnames from Faker's weighted list.
TAIL_LOCALES = (
    "en_US", "en_AU", "en_NZ", "en_CA", "en_PH", "de_DE", "fr_FR", "it_IT", "es_ES", "pl_PL",
    "nl_NL", "pt_PT", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "hu_HU", "ro_RO", "hr_HR",
)  # fmt: skip
COMMON_SURNAME_SHARE = 0.395
ALIAS_SHARE = 0.08  # people with one alias (a previous or other name)
MIDDLE_NAME_SHARE = 0.15
DOUBLE_BARRELLED_SHARE = 0.03
NO_DOB_SHARE = 0.05
NO_ADDRESS_SHARE = 0.08
SHARED_ADDRESS_SHARE = 0.2  # people living at an address already on the register
LEVELS = ("1", "2", "3")
FIRST_DAY = dt.date(1935, 1, 1)
BIRTH_DAYS = (dt.date(2008, 12, 31) - FIRST_DAY).days


class _Weighted:
    """Fast weighted choice from one of Faker's name lists (a tuple or {name: weight})."""

    def __init__(self, names: Sequence[str] | dict[str, float]) -> None:
        weights = list(names.values()) if isinstance(names, dict) else [1.0] * len(names)
        self.names = [str(name) for name in names]
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> str:
        return self.names[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclasses.dataclass(frozen=True)
class _NameSource:
    male: _Weighted
    female: _Weighted
    family: _Weighted

    @classmethod
    def of(cls, locale: str) -> "_NameSource":
        person = Faker(locale).provider("faker.providers.person")
        return cls(
            _Weighted(person.first_names_male),
            _Weighted(person.first_names_female),
            _Weighted(person.last_names),
        )


@dataclasses.dataclass
class Person:
    """One generated register entry, as the bench knows it."""

    reference: str
    given: str  # may hold a middle name: "John Paul"
    family: str
    aliases: list[tuple[str, str]]
    born: dt.date | None
    line1: str
    town: str
    postcode: str
    phone: str
    email: str

    def record(self) -> dict[str, str]:
        """The row as the import reads it: {import field: cell text}."""
        return {
            "reference": self.reference,
            "given_name": self.given,
            "family_name": self.family,
            "aliases": "; ".join(f"{g} {f}" for g, f in self.aliases),
            "date_of_birth": self.born.strftime("%d/%m/%Y") if self.born else "",
            "address_line_1": self.line1,
            "address_line_3": self.town,
            "postcode": self.postcode,
            "phone": self.phone,
            "email": self.email,
            "level": LEVELS[int(self.reference[1:]) % len(LEVELS)],
            "precautions": "Visit in pairs",
            "restrictions": "Contact in writing only",
            "reporting_service": "Housing",
            "key_contact": "Team leader",
            "notified": "yes",
            "date_added": "01/02/2025",
            "last_reviewed": "",
            "incident_summary": "Threatened an officer at the front desk.",
        }


class Register:
    """Generates `count` people; shared addresses and households come from earlier ones."""

    def __init__(self, seed: int, *, surname_tail: bool = False) -> None:
        self.rng = random.Random(seed)
        Faker.seed(seed)
        faker = Faker("en_GB")
        self.sources = [(_NameSource.of(locale), share) for locale, share in NAME_LOCALES]
        self.tail = _surname_tail() if surname_tail else []
        self.streets = [faker.street_name() for _ in range(20_000)]
        self.towns = [faker.city() for _ in range(2_000)]
        self.faker = faker

    def people(self, count: int) -> Iterator[Person]:
        postcodes = [self.faker.postcode() for _ in range(max(500, count // 2))]
        homes: list[Person] = []
        for number in range(1, count + 1):
            person = self._person(number, homes, postcodes)
            if person.line1:
                homes.append(person)
            yield person

    def _person(self, number: int, homes: list[Person], postcodes: list[str]) -> Person:
        rng = self.rng
        source = self._source()
        given = (source.male if rng.random() < 0.5 else source.female)(rng)
        family = self._family(source)
        household = homes[rng.randrange(len(homes))] if homes else None
        if household and rng.random() < SHARED_ADDRESS_SHARE:
            line1, town, postcode = household.line1, household.town, household.postcode
            if rng.random() < 0.6:  # most people sharing a home are family
                family = household.family
        elif rng.random() < NO_ADDRESS_SHARE:
            line1, town, postcode = "", "", ""
        else:
            line1 = f"{rng.randint(1, 250)} {rng.choice(self.streets)}"
            town, postcode = rng.choice(self.towns), rng.choice(postcodes)
        if rng.random() < MIDDLE_NAME_SHARE:
            given = f"{given} {(source.male if rng.random() < 0.5 else source.female)(rng)}"
        aliases = []
        if rng.random() < ALIAS_SHARE:
            alias_given = given.split()[0] if rng.random() < 0.6 else source.female(rng)
            aliases.append((alias_given, self._family(source)))
        born = None
        if rng.random() >= NO_DOB_SHARE:
            born = FIRST_DAY + dt.timedelta(days=rng.randrange(BIRTH_DAYS))
        phone = f"07700 9{rng.randrange(100_000):05d}" if rng.random() < 0.3 else ""
        email = f"{given.split()[0]}.{family}{number}@example.com".lower().replace(" ", "")
        return Person(
            reference=f"B{number:07d}",
            given=given,
            family=family,
            aliases=aliases,
            born=born,
            line1=line1,
            town=town,
            postcode=postcode,
            phone=phone,
            email=email if rng.random() < 0.2 else "",
        )

    def _source(self) -> _NameSource:
        pick = self.rng.random()
        for source, share in self.sources:
            pick -= share
            if pick < 0:
                return source
        return self.sources[0][0]

    def _family(self, source: _NameSource) -> str:
        family = self._surname(source)
        if self.rng.random() < DOUBLE_BARRELLED_SHARE:
            joiner = "-" if self.rng.random() < 0.7 else " "
            family = f"{family}{joiner}{self._surname(source)}"
        return family

    def _surname(self, source: _NameSource) -> str:
        british = source is self.sources[0][0]
        if self.tail and british and self.rng.random() >= COMMON_SURNAME_SHARE:
            return self.rng.choice(self.tail)
        return source.family(self.rng)


def _surname_tail() -> list[str]:
    """Surnames outside Faker's en_GB list, each once, in a fixed order."""
    common = set(Faker("en_GB").provider("faker.providers.person").last_names)
    names = set()
    for locale in TAIL_LOCALES:
        names |= set(Faker(locale).provider("faker.providers.person").last_names)
    return sorted(name for name in names - common if name.replace("-", "").isalpha())


# Queries -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Asked:
    """One bench query: what staff typed, who they meant, and how it was garbled."""

    reference: str
    name: str
    born: dt.date | None
    address: str
    postcode: str
    errors: tuple[str, ...]
    # The name before it was garbled ("" given when the query leaves it out): who else has
    # it decides how many people a perfect check could not tell apart from the one meant.
    true_given: str
    true_family: str


KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _near_key(letter: str, rng: random.Random) -> str:
    """A key next to `letter` on a QWERTY keyboard: the usual substitution typo."""
    for row in KEYBOARD_ROWS:
        at = row.find(letter)
        if at >= 0:
            return rng.choice([row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)])
    return rng.choice(string.ascii_lowercase)


def typo(word: str, rng: random.Random) -> tuple[str, str]:
    """One realistic typing error in `word` (kept in the word's case), and its kind."""
    for _ in range(20):  # swapping "ll" changes nothing: try again
        changed, kind = _typo(word.lower(), rng)
        if changed != word.lower():
            break
    return (changed.capitalize() if word[:1].isupper() else changed), kind


def _typo(lower: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randrange(1, len(lower) - 1)  # people rarely get the first letter wrong
    kind = rng.choice(("substitution", "insertion", "deletion", "transposition"))
    if kind == "substitution":
        changed = lower[:at] + _near_key(lower[at], rng) + lower[at + 1 :]
    elif kind == "insertion":
        changed = lower[:at] + _near_key(lower[at], rng) + lower[at:]
    elif kind == "deletion":
        changed = lower[:at] + lower[at + 1 :]
    else:
        changed = lower[:at] + lower[at + 1] + lower[at] + lower[at + 2 :]
    return changed, kind


class Questions:
    """Builds the two query sets from random people on the register."""

    def __init__(self, people: list[Person], seed: int) -> None:
        self.people = people
        self.rng = random.Random(seed + 1)
        self.nicknamer = NickNamer()

    def with_address(self, count: int) -> list[Asked]:
        """Name with errors, plus the postcode and/or the first line of the address."""
        housed = [p for p in self.people if p.line1]
        asked = []
        for person in self.rng.sample(housed, min(count, len(housed))):
            shape = self.rng.choice(("postcode", "line", "both"))
            postcode = self._postcode_as_typed(person.postcode) if shape != "line" else ""
            address = self._line_as_typed(person) if shape != "postcode" else ""
            asked.append(self._ask(person, address, postcode, shape))
        return asked

    def name_only(self, count: int) -> list[Asked]:
        """Name with errors, and the date of birth half the time."""
        return [self._ask(person, "", "", "") for person in self.rng.sample(self.people, count)]

    def _ask(self, person: Person, address: str, postcode: str, shape: str) -> Asked:
        rng = self.rng
        given, family = person.given.split()[0], person.family
        if person.aliases and rng.random() < 0.3:
            given, family = person.aliases[0][0].split()[0], person.aliases[0][1]
        errors = self._errors(given, family)
        typed_given, typed_family = self._garble(given, family, errors)
        born = person.born if rng.random() < 0.5 else None
        notes = (*errors, shape or ("with dob" if born else "no dob"))
        return Asked(
            reference=person.reference,
            name=" ".join(part for part in (typed_given, typed_family) if part),
            born=born,
            address=address,
            postcode=postcode,
            errors=tuple(note for note in notes if note),
            true_given="" if "missing given name" in errors else given,
            true_family=family,
        )

    def _errors(self, given: str, family: str) -> list[str]:
        """One error, a quarter of the time two; never both swapping and dropping a name."""
        possible = ["swapped order", "missing given name"]
        if len(given) >= 4:
            possible.append("typo in given name")
        if len(family) >= 4:
            possible.append("typo in family name")
        if self._nicknames(given):
            possible.append("nickname")
        errors = self.rng.sample(possible, 2 if self.rng.random() < 0.25 else 1)
        if {"swapped order", "missing given name"} <= set(errors):
            errors.remove("swapped order")
        return errors

    def _garble(self, given: str, family: str, errors: list[str]) -> tuple[str, str]:
        rng = self.rng
        if "nickname" in errors:
            given = rng.choice(self._nicknames(given)).capitalize()
        if "typo in given name" in errors and len(given) >= 4:
            given = typo(given, rng)[0]
        if "typo in family name" in errors:
            family = typo(family, rng)[0]
        if "missing given name" in errors:
            given = ""
        if "swapped order" in errors:
            given, family = family, given
        return given, family

    def _nicknames(self, given: str) -> list[str]:
        return sorted(n for n in self.nicknamer.nicknames_of(given.lower()) if len(n) >= 3)

    def _postcode_as_typed(self, postcode: str) -> str:
        compact = postcode.replace(" ", "")
        forms = (postcode, postcode.lower(), compact, compact.lower(), f" {postcode} ")
        return self.rng.choice(forms)

    def _line_as_typed(self, person: Person) -> str:
        line = person.line1
        for full, short in (("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"), ("Lane", "Ln")):
            if line.endswith(full) and self.rng.random() < 0.5:
                line = line.removesuffix(full) + short
        if self.rng.random() < 0.3:
            line = line.lower()
        return f"{line}, {person.town}" if self.rng.random() < 0.5 else line
