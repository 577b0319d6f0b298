"""Synthetic UK register entries and the mistyped questions staff would ask about them.

Everything comes from one seed, so two runs with the same options build the same register
and ask the same questions.

The register
------------
Names are drawn from Faker's en_GB lists (surnames weighted by frequency, as Faker holds
them), with a share from its en_IE and en_IN lists because a UK register is not all English
names. Faker's en_GB list is the 500 commonest British surnames, weighted by the percentage
of people who hold each: together 39.5 %. Drawn from alone, every name is 2.5 times as
common as it is in the country and the other 60 % of people, whose names are rarer, are
missing. With `surname_tail=True` (the benches' --surname-tail) 39.5 % of en_GB surnames
come from that list and the rest from a tail of about 6,500 other surnames, each equally
rare (from Faker's lists for other English-speaking and European countries).

Addresses are made like UK ones, not taken from Faker's (American) street list: towns of
very different sizes (Zipf weights), each with its own streets ("High Street", "Church
Road", "Willow Close", "The Crescent"; the common street names recur in every town) and
its own postcode district; a street's houses share a few postcode units, about twenty
numbers each. Most people live at "12 High Street"; some in a flat ("Flat 3, 12 High
Street", "Flat 2a, ...", "Flat B, ...", held on one line or as "Flat 3" with the street on
the second line), at a numbered house with a letter ("12a"), or in a named house ("Rose
Cottage, Mill Lane" or "Rose Cottage" / "Mill Lane"). A quarter have a locality (a village
or district) as the second line. A tenth of the held streets are abbreviated ("High St",
"Church Rd"), as councils' spreadsheets have them. 20 % share a home already on the
register (mostly family), 8 % have no address. They are loaded as address_line_1,
address_line_2, address_line_3 (the town) and postcode, the import's columns.

The questions: an error model like FEBRL's and GeCo's
-----------------------------------------------------
Each question is about a random person on the register and is garbled the way people
mistype or mishear, not the way any particular check copes with. Every error applied is
recorded in `Asked.errors`, so misses can be tallied by error.

- Names: a typo anywhere in the word, the first letter included (a neighbouring key on a
  QWERTY keyboard, an extra letter, a missing letter, two letters swapped); an OCR error
  (m/rn, l/1/i, o/0, cl/d, vv/w, h/b, e/c, u/v, g/q, s/5); a phonetic spelling (ph/f,
  ck/k, c/k, ie/y/ey, ei/ie, double letters single and single ones doubled, -son/-sen,
  Mc/Mac, i/y, th/t, s/z, a final e added or dropped, -ah/-a, -an/-en); a nickname (the
  `nicknames` dataset); given and family name swapped; the given or the family name left
  out; a name split or joined differently ("Mc Donald", "O Brien", "Obrien", "Smithjones",
  "Smith Jones", one half of a double-barrelled name); the name typed in lower or upper
  case. One error, a quarter of the time two, in "name only" and "name + address";
  in "name + dob + address", where the other fields carry errors too, none 15 % of the
  time, one 60 %, two 25 %. For people with an alias, 30 % of questions ask by it; a
  fifth of those with a middle name are asked with it.
- Dates of birth, when a question gives one: 70 % right; one part wrong 15 % (a day or
  month digit typo or one off, a year digit typo or its last two digits swapped); day
  and month swapped 5 % (when that is a date); wholly wrong 10 %. Always a real date (the
  form takes no other). In "name + dob + address" it is left blank 5 % of the time
  (FEBRL's and GeCo's missing-value corruption).
- Addresses (the lines as held, joined by ", " as a batch row gives them): none, one
  (45 %) or two (20 %) of: a typo in the street, the locality or the town (anywhere,
  first letter included); a street word abbreviated or written out ("Rd"/"Road", "St",
  "Ave", "La", "Clo", "Cres", "Gdns"...); the house number left out, changed (a
  neighbouring house, one or two doors away, or a digit typo) or written as a word
  ("twelve"); the flat left out; the lines in another order; the town or the locality
  left out; the whole address in lower or upper case; no commas.
- Postcodes: as held, no space or lower case (10 % each), one wrong character (12 %), two
  characters swapped (3 %), missing (15 %; not when the postcode is all the question gives).

A typo, OCR or phonetic error that changes the first letter is recorded as such ("family
typo (first letter)"). The name errors are drawn with weights (typo 30, phonetic 16,
nickname 10, swapped 10, OCR 8, given name missing 6, split/joined 6, family name missing
4, case 4) among those that apply to the name; two errors never undo or hide each other
(a name left out is not also misspelt).

The query sets: "name + dob + address" (every field, each with its errors: the batch
check of a record-linkage test), "name + address" (the postcode, the first line(s) of the
address or both; the date of birth half the time), "name only" (the date of birth half
the time), and "exact name + address", the safety probe: the name (or alias) and the
address typed as held, in any case, the date of birth wrong half the time, the postcode
missing 30 % and with a wrong character 20 % of the time.
"""

import bisect
import dataclasses
import datetime as dt
import itertools
import math
import random
import re
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

# Addresses ---------------------------------------------------------------------------------

TOWN_COUNT = 2_000
FLAT_SHARE = 0.18
NAMED_HOUSE_SHARE = 0.05
LETTERED_NUMBER_SHARE = 0.03
LOCALITY_SHARE = 0.25
HELD_ABBREVIATED_SHARE = 0.1
HOUSES_PER_POSTCODE = 20
REAL_TOWNS = (
    "Market Harborough", "Lutterworth", "Cheltenham", "Tewkesbury", "Dover", "Deal",
    "Sandwich", "Workington", "Maryport", "Cockermouth", "Leicester", "Northampton",
    "Kettering", "Coventry", "Rugby", "Gloucester", "Stroud", "Folkestone", "Canterbury",
    "Whitehaven", "Carlisle", "Kendal", "Penrith", "Oxford", "Banbury", "Bicester",
    "Bristol", "Bath", "Swindon", "Reading", "Slough", "Luton", "Bedford", "Peterborough",
    "Norwich", "Ipswich", "Colchester", "Chelmsford", "Southend-on-Sea", "Brighton",
    "Hastings", "Eastbourne", "Portsmouth", "Southampton", "Bournemouth", "Exeter",
    "Plymouth", "Truro", "Taunton", "Yeovil", "Hereford", "Worcester", "Shrewsbury",
    "Telford", "Stoke-on-Trent", "Derby", "Nottingham", "Lincoln", "Grantham", "Boston",
    "Sheffield", "Leeds", "Bradford", "Wakefield", "Doncaster", "York", "Harrogate",
    "Scarborough", "Hull", "Durham", "Sunderland", "Newcastle upon Tyne", "Gateshead",
    "Middlesbrough", "Darlington", "Lancaster", "Preston", "Blackpool", "Bolton", "Wigan",
    "Warrington", "Chester", "Crewe", "Macclesfield", "Stockport", "Oldham", "Rochdale",
    "Burnley", "Cardiff", "Swansea", "Newport", "Wrexham", "Bangor", "St Albans",
)  # fmt: skip
TOWN_STEMS = (
    "Ash", "Brad", "Brom", "Bram", "Cal", "Crow", "Dun", "Eld", "Fair", "Glen", "Hal", "Hart",
    "Kel", "Lang", "Mar", "Mel", "Mil", "New", "Nor", "Oak", "Pen", "Red", "Sand", "Sher",
    "Stan", "Stock", "Sut", "Thorn", "Wal", "Wey", "Whit", "Wind", "Wor", "Ayl", "Bark",
    "Bex", "Buck", "Charl", "Chip", "Clay", "Cod", "Dar", "Ed", "Farn", "Gis", "Hather",
    "Hen", "Ick", "Kings", "Lid", "Lyd", "March", "Nut", "Ot", "Pad", "Ram", "Rother",
    "Sal", "Shep", "Sid", "Sta", "Tad", "Up", "Wad", "Wen", "Wick", "Yat", "Alder", "Bur",
    "Cheddle", "Dray", "Elm", "Fen", "Gar", "Hol", "Kirk", "Lin", "Mort", "Nether", "Rad",
)  # fmt: skip
TOWN_SUFFIXES = (
    "ton", "ham", "bury", "ford", "field", "ley", "worth", "by", "wick", "minster",
    "borough", "bridge", "stone", "well", "wood", "dale", "thorpe", "stead", "cester",
    "mouth", "caster", "combe", "hurst", "ing", "sey", "den", "don", "low", "hampton",
    "church", "hithe", "mere", "over", "shot", "stow", "wich", "burn", "cote", "holme",
)  # fmt: skip
TOWN_PREFIXES = (
    "Market", "Great", "Little", "Upper", "Lower", "North", "South", "East", "West", "Long",
    "Kings", "Church", "High", "Castle", "Bishops", "Much", "Old", "Chipping",
)  # fmt: skip
LOCALITY_ENDINGS = ("Green", "End", "Heath", "Park", "Common", "Cross", "Hill", "Marsh")
COMMON_STREETS = (
    "High", "Church", "Station", "Mill", "Victoria", "Park", "London", "Main", "School",
    "Queens", "Kings", "Green", "Manor", "New", "Chapel", "North", "South", "West", "East",
    "Albert", "Windsor", "York", "Springfield", "Grange", "Orchard", "Meadow", "Bridge",
    "Castle", "Market", "Highfield", "Mount", "Alexandra", "George", "Richmond", "Stanley",
)  # fmt: skip
TREES = ("Oak", "Elm", "Ash", "Beech", "Willow", "Cedar", "Holly", "Rowan", "Birch", "Hazel")
STREET_SUFFIXES = {  # name: weight
    "Road": 25, "Street": 15, "Lane": 10, "Close": 10, "Avenue": 8, "Drive": 7, "Way": 5,
    "Crescent": 4, "Gardens": 3, "Place": 3, "Court": 3, "Grove": 3, "Terrace": 2,
    "Hill": 2, "Walk": 1, "Rise": 1, "Mews": 1, "View": 1, "Square": 1, "Row": 1,
    "Parade": 1, "Park": 1,
}  # fmt: skip
THE_STREETS = ("The Green", "The Crescent", "The Avenue", "The Croft", "The Paddock", "The Drive")
# The abbreviations people and spreadsheets use for street words (both ways in questions).
ABBREVIATIONS = {
    "Road": ("Rd",), "Street": ("St", "Str"), "Lane": ("Ln", "La"), "Close": ("Cl", "Clo"),
    "Avenue": ("Ave", "Av"), "Drive": ("Dr", "Drv"), "Crescent": ("Cres", "Cresc"),
    "Gardens": ("Gdns",), "Place": ("Pl",), "Court": ("Ct", "Crt"), "Grove": ("Gr", "Gro"),
    "Terrace": ("Terr", "Ter"), "Square": ("Sq",), "Parade": ("Pde",), "Park": ("Pk",),
    "Walk": ("Wlk",),
}  # fmt: skip
HOUSE_WORDS = (
    "Rose", "Ivy", "Holly", "Orchard", "Meadow", "Willow", "Oak", "Mill", "Church", "Old",
    "Laurel", "Beech", "Primrose", "Hawthorn", "Brook", "Fern", "Glebe", "Yew Tree",
)  # fmt: skip
HOUSE_ENDINGS = ("Cottage", "House", "Farm", "Lodge", "Barn", "View", "Bungalow", "Villa")
POSTCODE_AREAS = (
    "LE", "NN", "CV", "GL", "CT", "CA", "OX", "BS", "BA", "SN", "RG", "SL", "LU", "MK", "PE",
    "NR", "IP", "CO", "CM", "SS", "BN", "TN", "PO", "SO", "BH", "EX", "PL", "TR", "TA", "HR",
    "WR", "SY", "TF", "ST", "DE", "NG", "LN", "S", "LS", "BD", "WF", "DN", "YO", "HG", "HU",
    "DH", "SR", "NE", "TS", "DL", "LA", "PR", "FY", "BL", "WN", "WA", "CH", "CW", "SK", "OL",
    "BB", "CF", "SA", "NP", "LL", "AL", "M", "B", "L", "E", "N", "W", "G",
)  # fmt: skip
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclasses.dataclass(frozen=True)
class Address:
    """A home as the register holds it. People at the same home share the one object."""

    flat: str  # "3", "2a", "B" or ""
    number: str  # "12", "12a" or ""
    house: str  # "Rose Cottage" or ""
    street: str  # as held: "High Street", sometimes "High St"
    locality: str  # a village or district, or ""
    town: str
    postcode: str  # "LE16 7AB"
    split: bool  # the premises ("Flat 3", "Rose Cottage") on line 1, the street on line 2

    @property
    def street_line(self) -> str:
        return f"{self.number} {self.street}" if self.number else self.street

    @property
    def premises(self) -> list[str]:
        return [text for text in (f"Flat {self.flat}" if self.flat else "", self.house) if text]

    def lines(self) -> tuple[str, str, str]:
        """address_line_1, address_line_2 and the town, as held."""
        if self.split and self.premises:
            return ", ".join(self.premises), self.street_line, self.town
        return ", ".join([*self.premises, self.street_line]), self.locality, self.town

    def segments(self) -> list[tuple[str, str]]:
        """The parts of the address in order, each with its kind (what the error model
        works on): flat, house, street, locality, town."""
        line2 = self.lines()[1]
        parts = [("flat", f"Flat {self.flat}")] if self.flat else []
        parts += [("house", self.house)] if self.house else []
        parts.append(("street", self.street_line))
        if line2 == self.locality and self.locality:
            parts.append(("locality", self.locality))
        return [*parts, ("town", self.town)]


def address_key(address: Address | None, kinds: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The parts of a home of the given kinds ("street", "town"...), compared loosely (case
    and punctuation aside): two homes a question cannot tell apart have the same key."""
    if not address or not kinds:
        return ()
    return tuple(
        (kind, " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()))
        for kind, text in address.segments()
        if kind in kinds
    )


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
    address: Address | None
    phone: str
    email: str

    @property
    def line1(self) -> str:
        return self.address.lines()[0] if self.address else ""

    @property
    def line2(self) -> str:
        return self.address.lines()[1] if self.address else ""

    @property
    def town(self) -> str:
        return self.address.town if self.address else ""

    @property
    def postcode(self) -> str:
        return self.address.postcode if self.address else ""

    def record(self) -> dict[str, str]:
        """The row as the import reads it: {import field: cell text}."""
        return {
            "reference": self.reference,
            "given_name": self.given,
            "family_name": self.family,
            "aliases": "; ".join(f"{g} {f}" for g, f in self.aliases),
            "date_of_birth": self.born.strftime("%d/%m/%Y") if self.born else "",
            "address_line_1": self.line1,
            "address_line_2": self.line2,
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


@dataclasses.dataclass
class _Street:
    name: str  # as held
    district: str  # the postcode's outward code: "LE16"
    sector: int
    houses: int
    units: list[str] = dataclasses.field(default_factory=list)  # "7AB", one per 20 houses


@dataclasses.dataclass
class _Town:
    name: str
    districts: list[str]
    streets: list[_Street] = dataclasses.field(default_factory=list)
    street_names: set[str] = dataclasses.field(default_factory=set)
    localities: list[str] = dataclasses.field(default_factory=list)


class Register:
    """Generates `count` people; shared addresses and households come from earlier ones."""

    def __init__(self, seed: int, *, surname_tail: bool = False) -> None:
        self.rng = random.Random(seed)
        self.sources = [(_NameSource.of(locale), share) for locale, share in NAME_LOCALES]
        self.tail = _surname_tail() if surname_tail else []
        british = self.sources[0][0]
        self.street_stems = [
            *COMMON_STREETS * 8,
            *TREES * 2,
            *british.family.names[:300],
        ]
        self.towns = self._towns()
        self.street_stems += [t.name for t in self.towns[:400] if t.name.isalpha()]
        # A few big towns, many small ones: most homes are in the larger ones.
        self.town_weights = list(itertools.accumulate(1 / (r + 2) for r in range(TOWN_COUNT)))
        self.town_rank = {id(town): rank for rank, town in enumerate(self.towns)}
        self.families: dict[Address, str] = {}  # the family name of each home's first person

    def _towns(self) -> list[_Town]:
        rng = self.rng
        names = list(REAL_TOWNS)
        seen = set(names)
        while len(names) < TOWN_COUNT:
            name = rng.choice(TOWN_STEMS) + rng.choice(TOWN_SUFFIXES)
            if rng.random() < 0.2:
                name = f"{rng.choice(TOWN_PREFIXES)} {name}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        rng.shuffle(names)
        towns, districts = [], set()
        for name in names:
            area = rng.choice(POSTCODE_AREAS)
            own = []
            for _ in range(rng.choice((1, 1, 2, 3))):
                for _ in range(100):
                    district = f"{area}{rng.randint(1, 99 if len(area) == 1 else 40)}"
                    if district not in districts:
                        districts.add(district)
                        own.append(district)
                        break
            towns.append(_Town(name, own or [f"{area}{rng.randint(1, 9)}"]))
        return towns

    def people(self, count: int) -> Iterator[Person]:
        # Streets in all: about one for every six people, as registers cluster in places.
        self.streets_per_weight = max(3_000, count // 6) / self.town_weights[-1]
        homes: list[Address] = []
        for number in range(1, count + 1):
            person = self._person(number, homes)
            if person.address:
                homes.append(person.address)
            yield person

    def _person(self, number: int, homes: list[Address]) -> Person:
        rng = self.rng
        source = self._source()
        given = (source.male if rng.random() < 0.5 else source.female)(rng)
        family = self._family(source)
        if homes and rng.random() < SHARED_ADDRESS_SHARE:
            address = homes[rng.randrange(len(homes))]
            if rng.random() < 0.6:  # most people sharing a home are family
                family = self.families.get(address) or family
        elif rng.random() < NO_ADDRESS_SHARE:
            address = None
        else:
            address = self._address()
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
        person = Person(
            reference=f"B{number:07d}",
            given=given,
            family=family,
            aliases=aliases,
            born=born,
            address=address,
            phone=phone,
            email=email if rng.random() < 0.2 else "",
        )
        if address:
            self.families.setdefault(address, family)
        return person

    def _address(self) -> Address:
        rng = self.rng
        town = self.towns[bisect.bisect(self.town_weights, rng.random() * self.town_weights[-1])]
        street = self._street(town)
        house = ""
        if rng.random() < NAMED_HOUSE_SHARE:
            house = f"{rng.choice(HOUSE_WORDS)} {rng.choice(HOUSE_ENDINGS)}"
        at = rng.randint(1, street.houses)
        number = "" if house and rng.random() < 0.7 else str(at)
        if number and rng.random() < LETTERED_NUMBER_SHARE:
            number += rng.choice("abc")
        flat = ""
        if not house and rng.random() < FLAT_SHARE:
            flat = rng.choice(
                (
                    str(rng.randint(1, 12)),
                    f"{rng.randint(1, 6)}{rng.choice('ab')}",
                    rng.choice("ABCD"),
                )
            )
        locality = ""
        if rng.random() < LOCALITY_SHARE:
            if not town.localities or (len(town.localities) < 6 and rng.random() < 0.3):
                town.localities.append(self._locality())
            locality = rng.choice(town.localities)
        postcode = f"{street.district} {street.units[(at - 1) // HOUSES_PER_POSTCODE]}"
        premises = bool(flat or house)
        return Address(
            flat=flat,
            number=number,
            house=house,
            street=street.name,
            locality=locality,
            town=town.name,
            postcode=postcode,
            split=premises and not locality and rng.random() < (0.6 if house else 0.3),
        )

    def _street(self, town: _Town) -> _Street:
        rng = self.rng
        weight = 1 / (self.town_rank[id(town)] + 2)
        wanted = max(4, round(weight * self.streets_per_weight))
        if len(town.streets) < wanted:
            name = self._street_name(town)
            houses = rng.choice((8, 12, 20, 30, 40, 60, 80, 120, 200))
            street = _Street(name, rng.choice(town.districts), rng.randint(0, 9), houses)
            for _ in range(math.ceil(houses / HOUSES_PER_POSTCODE)):
                street.units.append(
                    f"{street.sector}{rng.choice(POSTCODE_UNIT_LETTERS)}"
                    f"{rng.choice(POSTCODE_UNIT_LETTERS)}"
                )
            town.streets.append(street)
            town.street_names.add(name)
            return street
        return rng.choice(town.streets)

    def _street_name(self, town: _Town) -> str:
        rng = self.rng
        held = town.street_names
        for _ in range(50):
            if rng.random() < 0.03:
                name = rng.choice(THE_STREETS)
            else:
                suffix = _pick(STREET_SUFFIXES, rng)
                name = f"{rng.choice(self.street_stems)} {suffix}"
                if rng.random() < HELD_ABBREVIATED_SHARE and suffix in ABBREVIATIONS:
                    name = f"{name.rsplit(' ', 1)[0]} {ABBREVIATIONS[suffix][0]}"
            if name not in held:
                return name
        return name

    def _locality(self) -> str:
        rng = self.rng
        stem = rng.choice(TOWN_STEMS)
        if rng.random() < 0.5:
            return f"{stem}{rng.choice(TOWN_SUFFIXES)} {rng.choice(LOCALITY_ENDINGS)}"
        return f"{rng.choice(TOWN_PREFIXES)} {stem}{rng.choice(TOWN_SUFFIXES)}"

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


def _pick(weights: dict[str, int], rng: random.Random) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _surname_tail() -> list[str]:
    """Surnames outside Faker's en_GB list, each once, in a fixed order."""
    common = set(Faker("en_GB").provider("faker.providers.person").last_names)
    names = set()
    for locale in TAIL_LOCALES:
        names |= set(Faker(locale).provider("faker.providers.person").last_names)
    return sorted(name for name in names - common if name.replace("-", "").isalpha())


# Questions ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Asked:
    """One bench question: what staff typed, who they meant, and how it was garbled."""

    reference: str
    name: str
    born: dt.date | None
    address: str
    postcode: str
    errors: tuple[str, ...]  # every error applied, e.g. "family typo (first letter)"
    notes: tuple[str, ...]  # what else shaped it: "alias", "with dob", "line", ...
    # What a perfect check could tell apart by: the name before it was garbled ("" when
    # the question leaves it out), and the true date of birth, home and postcode when the
    # question gives them (None, None, "" when not).
    true_given: str
    true_family: str
    true_born: dt.date | None
    true_address: Address | None
    place_kinds: tuple[str, ...]  # the parts of the address the question gives: street, town
    true_postcode: str
    # The name and address typed exactly as held (case, spacing of the postcode aside):
    # the check must never show nobody for such a question.
    exact: bool


KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {key: (r, i) for r, row in enumerate(KEYBOARD_ROWS) for i, key in enumerate(row)}


def near_keys(key: str) -> list[str]:
    """The keys around `key` on a QWERTY keyboard (its row and those above and below,
    which are staggered half a key): the usual substitution and insertion typos. Letters
    get letters, digits digits."""
    if key not in _KEY_AT:
        return list(string.ascii_lowercase)
    r, i = _KEY_AT[key]
    around = [(r, i - 1), (r, i + 1), (r - 1, i), (r - 1, i + 1), (r + 1, i - 1), (r + 1, i)]
    keys = [
        KEYBOARD_ROWS[row][at]
        for row, at in around
        if 0 <= row < len(KEYBOARD_ROWS) and 0 <= at < len(KEYBOARD_ROWS[row])
    ]
    same = [k for k in keys if k.isdigit() == key.isdigit()]
    return same or keys


def typo(word: str, rng: random.Random) -> tuple[str, str, bool]:
    """One typing error anywhere in `word` (first letter included; kept in the word's
    case), its kind, and whether it changed the first letter."""
    lower = word.lower()
    letters = [i for i, c in enumerate(lower) if c.isalnum()]
    for _ in range(20):  # swapping "ll" changes nothing: try again
        at = rng.choice(letters)
        kind = rng.choice(("substitution", "insertion", "deletion", "transposition"))
        if kind == "substitution":
            changed = lower[:at] + rng.choice(near_keys(lower[at])) + lower[at + 1 :]
        elif kind == "insertion":  # a neighbouring key, or the same key twice
            extra = rng.choice([*near_keys(lower[at]), lower[at]])
            at = at + rng.choice((0, 1))
            changed = lower[:at] + extra + lower[at:]
        elif kind == "deletion":
            changed = lower[:at] + lower[at + 1 :]
        elif len(lower) >= 2:
            at = min(at, len(lower) - 2)
            changed = lower[:at] + lower[at + 1] + lower[at] + lower[at + 2 :]
        else:
            continue
        if changed != lower and changed.strip(" -'"):
            break
    return _case_like(changed, word), kind, changed[:1] != lower[:1]


# Optical character recognition confusions (GeCo's and FEBRL's tables are much like it).
OCR = (
    ("m", "rn"), ("rn", "m"), ("l", "1"), ("l", "i"), ("i", "l"), ("i", "1"), ("o", "0"),
    ("cl", "d"), ("d", "cl"), ("vv", "w"), ("w", "vv"), ("h", "b"), ("b", "h"), ("e", "c"),
    ("c", "e"), ("u", "v"), ("v", "u"), ("g", "q"), ("q", "g"), ("s", "5"), ("n", "ri"),
)  # fmt: skip
# Spellings that sound alike: (pattern, replacement), regular expressions on lower case.
PHONETIC = (
    ("ph", "f"), ("(?<=[aeiou])f(?=[aeiou])", "ph"), ("^f", "ph"), ("ck", "k"),
    ("(?<=[aeiou])k$", "ck"), ("^c(?=[aou])", "k"), ("^k(?=[aou])", "c"), ("ie$", "y"),
    ("(?<=[^aeiouy])y$", "ie"), ("ey$", "y"), ("(?<=[^aeiouy])y$", "ey"), ("ee$", "y"),
    ("ei", "ie"), ("ie(?!$)", "ei"), (r"([b-df-hj-np-tv-z])\1", r"\1"),
    (r"(?<=[aeiou])([bdglmnprt])(?=[aeiouy]|$)", r"\1\1"), ("son$", "sen"), ("sen$", "son"),
    ("^mc", "mac"), ("^mac", "mc"), ("(?<=[^aeiou])i(?=[^aeiou])", "y"),
    ("(?<=[^aeiou])y(?=[^aeiou])", "i"), ("th", "t"), ("^t(?=[aeiou])", "th"),
    ("(?<=[aeiou])s(?=[aeiou])", "z"), ("(?<=[aeiou])z(?=[aeiou])", "s"),
    ("(?<=[^aeiou])e$", ""), ("(?<=[nkr])$", "e"), ("ah$", "a"), ("(?<=[^aeiou])a$", "ah"),
    ("an$", "en"), ("en$", "an"), ("^wr", "r"), ("^kn", "n"), ("ou", "ow"), ("ae", "e"),
    ("ai", "ay"), ("ay", "ai"), ("x", "cks"), ("ch", "tch"), ("(?<=[aeiou])v", "w"),
)  # fmt: skip


def ocr_error(word: str, rng: random.Random) -> str | None:
    lower = word.lower()
    found = [(a, b, m.start()) for a, b in OCR for m in re.finditer(re.escape(a), lower)]
    if not found:
        return None
    a, b, at = rng.choice(found)
    return _case_like(lower[:at] + b + lower[at + len(a) :], word)


def phonetic_error(word: str, rng: random.Random) -> str | None:
    lower = word.lower()
    found = [
        (pattern, replacement, m)
        for pattern, replacement in PHONETIC
        for m in re.finditer(pattern, lower)
    ]
    rng.shuffle(found)
    for _, replacement, m in found:
        changed = lower[: m.start()] + m.expand(replacement) + lower[m.end() :]
        if changed != lower and len(changed) >= 2:
            return _case_like(changed, word)
    return None


def _case_like(changed: str, word: str) -> str:
    """`changed` (lower case) written as `word` was: "Smith", "McDonald", "O'Brien"."""
    if not word[:1].isupper():
        return changed
    return re.sub(r"(^|[\s\-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), changed)


def split_or_join(name: str, rng: random.Random) -> str | None:
    """The name split or joined as people write it differently, or None if it has no
    parts to split or join."""
    options = []
    prefixed = (
        re.match(r"^(Mc) ?(\w+)$", name)
        or re.match(r"^(Mac) ?([A-Z]\w+|(?:donald|kenzie|kay|leod|lean|intosh|kintosh)\w*)$", name)
        or re.match(r"^(Mac) ?((?:pherson|millan|aulay|gregor|farlane)\w*)$", name)
        or re.match(r"^([OD])['’ ]?([A-Z]\w+)$", name)
        or re.match(r"^(Fitz) ?(\w+)$", name)
        or re.match(r"^(De|Di|Da|Van|Von|Le|La|St) ?([A-Z]\w+)$", name)
    )
    if prefixed:
        prefix, rest = prefixed.groups()
        options += [f"{prefix} {rest.capitalize()}", f"{prefix}{rest.lower()}"]
    parts = re.split(r"[\s-]", name)
    if not prefixed and len(parts) == 2 and all(parts):
        first, second = parts
        options += [f"{first}{second.lower()}", f"{first} {second}", f"{first}-{second}"]
        options += [first, second]  # one half of a double-barrelled name
    options = [o for o in dict.fromkeys(options) if o != name]
    return rng.choice(options) if options else None


NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
TENS_WORDS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(number: int) -> str:
    """12 -> "twelve", 42 -> "forty two", 147 -> "one hundred and forty seven"."""
    if number < 20:
        return NUMBER_WORDS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return TENS_WORDS[tens] + (f" {NUMBER_WORDS[ones]}" if ones else "")
    hundreds, rest = divmod(number, 100)
    words = f"{NUMBER_WORDS[hundreds]} hundred"
    return f"{words} and {number_words(rest)}" if rest else words


NAME_ERRORS = {  # kind: weight, among those that apply to the name
    "typo": 30, "OCR": 8, "phonetic": 16, "nickname": 10, "swapped": 10,
    "given missing": 6, "family missing": 4, "split/joined": 6, "case": 4,
}  # fmt: skip
ADDRESS_ERRORS = {
    "street typo": 20, "town typo": 10, "locality typo": 4, "street abbreviated": 10,
    "street expanded": 10, "house number missing": 8, "house number changed": 8,
    "house number as word": 5, "flat dropped": 8, "lines reordered": 5, "town dropped": 8,
    "locality dropped": 4, "case": 8, "no commas": 4,
}  # fmt: skip
DOB_RIGHT, DOB_ONE_PART, DOB_SWAPPED = 0.70, 0.15, 0.05  # and wholly wrong: the rest, 10 %
EARLIEST_TYPED, LATEST_TYPED = dt.date(1900, 1, 1), dt.date(2025, 12, 31)  # not 2096
DOB_MISSING = 0.05  # "name + dob + address": the date of birth left blank


class Questions:
    """Builds the query sets from random people on the register."""

    def __init__(self, people: list[Person], seed: int) -> None:
        self.people = people
        self.rng = random.Random(seed + 1)
        self.nicknamer = NickNamer()

    def full(self, count: int) -> list[Asked]:
        """Name, date of birth, address and postcode, each with its errors."""
        known = [p for p in self.people if p.address and p.born]
        asked = []
        for person in self.rng.sample(known, min(count, len(known))):
            name_errors = self.rng.choices((0, 1, 2), weights=(15, 60, 25))[0]
            asked.append(
                self._ask(person, name_errors=name_errors, born=True, shape="address+postcode")
            )
        return asked

    def with_address(self, count: int) -> list[Asked]:
        """Name with errors; the postcode, the first line(s) of the address or both, with
        theirs; the date of birth half the time, with its."""
        housed = [p for p in self.people if p.address]
        asked = []
        for person in self.rng.sample(housed, min(count, len(housed))):
            shape = self.rng.choice(("postcode", "line", "both"))
            born = bool(person.born) and self.rng.random() < 0.5
            asked.append(self._ask(person, name_errors=self._one_or_two(), born=born, shape=shape))
        return asked

    def name_only(self, count: int) -> list[Asked]:
        """Name with errors, and the date of birth (with its errors) half the time."""
        asked = []
        for person in self.rng.sample(self.people, min(count, len(self.people))):
            born = bool(person.born) and self.rng.random() < 0.5
            asked.append(self._ask(person, name_errors=self._one_or_two(), born=born, shape=""))
        return asked

    def exact(self, count: int) -> list[Asked]:
        """The safety probe: the name (or alias) and address typed exactly as held, in
        any case; the date of birth always given and wrong half the time (one part,
        day and month swapped, or wholly), the postcode as held, missing or with one
        character wrong. The check must show the person every time."""
        housed = [p for p in self.people if p.address and p.born]
        asked = []
        for person in self.rng.sample(housed, min(count, len(housed))):
            asked.append(self._ask(person, name_errors=0, born=True, shape="exact"))
        return asked

    def _one_or_two(self) -> int:
        return 2 if self.rng.random() < 0.25 else 1

    def _ask(self, person: Person, *, name_errors: int, born: bool, shape: str) -> Asked:
        rng = self.rng
        notes = []
        given, family = person.given.split()[0], person.family
        if person.aliases and rng.random() < 0.3:
            given, family = person.aliases[0][0].split()[0], person.aliases[0][1]
            notes.append("alias")
        elif " " in person.given and rng.random() < 0.2:
            given = person.given
            notes.append("middle name typed")
        typed_name, errors = self._name(given, family, name_errors)
        if shape == "exact" and rng.random() < 0.2:
            typed_name, errors = typed_name.lower(), ["name case"]
        right = 0.5 if shape == "exact" else DOB_RIGHT
        typed_born, born_errors = self._born(person.born, right=right) if born else (None, [])
        if shape == "address+postcode" and rng.random() < DOB_MISSING:  # a blank field
            typed_born, born_errors, born = None, ["dob missing"], False
        notes.append("with dob" if born else "no dob")
        address, postcode, place_errors, kinds = "", "", [], ()
        if shape:
            notes.append(shape)
            address, postcode, place_errors, kinds = self._place(person.address, shape)
        exact_place = not {e for e in place_errors if not e.startswith("postcode")} - {
            "address case"
        } and not {"postcode wrong character", "postcode transposed"} & set(place_errors)
        return Asked(
            reference=person.reference,
            name=typed_name,
            born=typed_born,
            address=address,
            postcode=postcode,
            errors=(*errors, *born_errors, *place_errors),
            notes=tuple(notes),
            true_given="" if "given name missing" in errors else given.split()[0],
            true_family="" if "family name missing" in errors else family,
            true_born=person.born if born else None,
            true_address=person.address if address else None,
            place_kinds=kinds,
            true_postcode=person.postcode if postcode else "",
            exact=errors in ([], ["name case"]) and exact_place,
        )

    # Names -------------------------------------------------------------------------------

    def _name(self, given: str, family: str, count: int) -> tuple[str, list[str]]:
        rng = self.rng
        chosen: list[tuple[str, str]] = []  # (kind, "given" / "family" / "")
        for _ in range(count):
            possible = self._possible(given, family, chosen)
            if not possible:
                break
            weights = [NAME_ERRORS[kind] for kind, _ in possible]
            chosen.append(rng.choices(possible, weights=weights)[0])
        order = ("nickname", "split/joined", "phonetic", "OCR", "typo")
        chosen.sort(key=lambda error: order.index(error[0]) if error[0] in order else 9)
        errors = []
        parts = {"given": given, "family": family}
        for kind, part in chosen:
            word = parts.get(part, "")
            if kind == "nickname":
                parts["given"] = rng.choice(self._nicknames(given)).capitalize()
                errors.append("nickname")
            elif kind == "split/joined":
                parts[part] = split_or_join(word, rng) or word
                errors.append(f"{part} split/joined")
            elif kind in ("phonetic", "OCR"):
                garble = phonetic_error if kind == "phonetic" else ocr_error
                parts[part] = garble(word, rng) or word
                first = parts[part][:1].lower() != word[:1].lower()
                errors.append(f"{part} {kind}" + (" (first letter)" if first else ""))
            elif kind == "typo":
                parts[part], _, first = typo(word, rng)
                errors.append(f"{part} typo" + (" (first letter)" if first else ""))
        typed = [parts["given"], parts["family"]]
        kinds = {kind for kind, _ in chosen}
        if "given missing" in kinds:
            typed[0] = ""
            errors.append("given name missing")
        if "family missing" in kinds:
            typed[1] = ""
            errors.append("family name missing")
        if "swapped" in kinds:
            typed.reverse()
            errors.append("names swapped")
        name = " ".join(part for part in typed if part)
        if "case" in kinds:
            name = name.lower() if rng.random() < 0.7 else name.upper()
            errors.append("name case")
        return name, errors

    def _possible(
        self, given: str, family: str, chosen: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """The name errors that still apply, given those already chosen."""
        kinds = {kind for kind, _ in chosen}
        possible: list[tuple[str, str]] = []
        for part, word in (("given", given), ("family", family)):
            gone = f"{part} missing" in kinds
            long_enough = len(word) >= 3 and not gone
            again = len(word) >= 6  # two slips in one word only in longer ones
            for kind in ("typo", "OCR", "phonetic"):
                if long_enough and ((kind, part) not in chosen or again):
                    probe = random.Random(0)
                    if kind == "typo" or (ocr_error if kind == "OCR" else phonetic_error)(
                        word, probe
                    ):
                        possible.append((kind, part))
            splits = not gone and ("split/joined", part) not in chosen
            splits = splits and (part == "family" or "-" in word)  # not "John Paul"
            if splits and split_or_join(word, random.Random(0)):
                possible.append(("split/joined", part))
        if self._nicknames(given) and not kinds & {"nickname", "given missing"}:
            possible.append(("nickname", "given"))
        missing = kinds & {"given missing", "family missing", "swapped"}
        if not missing:
            possible += [("swapped", ""), ("given missing", ""), ("family missing", "")]
        if "case" not in kinds:
            possible.append(("case", ""))
        # A name part already garbled is not also dropped: that error would not show.
        touched = {part for _, part in chosen}
        return [
            (kind, part)
            for kind, part in possible
            if not (kind == "given missing" and "given" in touched)
            and not (kind == "family missing" and "family" in touched)
        ]

    def _nicknames(self, given: str) -> list[str]:
        first = given.split()[0].lower()
        return sorted(n for n in self.nicknamer.nicknames_of(first) if len(n) >= 2)

    # Dates of birth ----------------------------------------------------------------------

    def _born(self, born: dt.date, *, right: float = DOB_RIGHT) -> tuple[dt.date, list[str]]:
        """The date of birth typed: right, or one of the wrong kinds in proportion."""
        rng = self.rng
        pick = DOB_RIGHT + rng.random() * (1 - DOB_RIGHT) if rng.random() >= right else 0
        if pick < DOB_RIGHT:
            return born, []
        if pick < DOB_RIGHT + DOB_SWAPPED and born.day <= 12 and born.day != born.month:
            return born.replace(day=born.month, month=born.day), ["dob day/month swapped"]
        if pick < DOB_RIGHT + DOB_SWAPPED + DOB_ONE_PART:
            for _ in range(50):
                part = rng.choice(("day", "month", "year"))
                changed = self._date_part_wrong(born, part)
                if changed and changed != born:
                    return changed, [f"dob {part} wrong"]
        wrong = FIRST_DAY + dt.timedelta(days=rng.randrange(BIRTH_DAYS))
        return wrong, ["dob wholly wrong"]

    def _date_part_wrong(self, born: dt.date, part: str) -> dt.date | None:
        rng = self.rng
        value = {"day": born.day, "month": born.month, "year": born.year}[part]
        digits = f"{value:02d}"
        how = rng.choice(("digit", "digit", "one off", "transposed"))
        if how == "one off":
            value += rng.choice((-1, 1))
        elif how == "transposed":  # 13 -> 31, 1985 -> 1958
            value = int(digits[:-2] + digits[-1] + digits[-2])
        else:  # a neighbouring key on the last two digits
            at = rng.choice((len(digits) - 2, len(digits) - 1))
            value = int(digits[:at] + rng.choice(near_keys(digits[at])) + digits[at + 1 :])
        try:
            changed = born.replace(**{part: value})
        except ValueError:  # the form takes real dates only
            return None
        return changed if EARLIEST_TYPED <= changed <= LATEST_TYPED else None

    # Addresses and postcodes ---------------------------------------------------------------

    def _place(self, address: Address, shape: str) -> tuple[str, str, list[str], tuple[str, ...]]:
        """The address and postcode typed, the errors in them, and the parts of the
        address typed."""
        rng = self.rng
        errors = []
        segments = address.segments()
        if shape in ("line", "both"):  # the first line(s); the town half the time
            keep = {"flat", "house", "street"} | ({"town"} if rng.random() < 0.5 else set())
            segments = [s for s in segments if s[0] in keep]
        text, kinds = "", ()
        if shape == "exact":  # as held: all of it, or the first line(s), in any case
            if rng.random() < 0.5:
                segments = [s for s in segments if s[0] in {"flat", "house", "street"}]
            text, errors, kinds = self._address(segments, 0)
            if rng.random() < 0.2:
                text, errors = text.lower(), ["address case"]
            postcode, postcode_errors = self._postcode(
                address.postcode, can_miss=True, missing=0.3, wrong=0.2
            )
            return text, postcode, errors + postcode_errors, kinds
        if shape != "postcode":
            count = rng.choices((0, 1, 2), weights=(35, 45, 20))[0]
            text, errors, kinds = self._address(segments, count)
        postcode = ""
        if shape != "line":
            postcode, postcode_errors = self._postcode(
                address.postcode, can_miss=shape != "postcode"
            )
            errors += postcode_errors
        return text, postcode, errors, kinds

    def _address(
        self, segments: list[tuple[str, str]], count: int
    ) -> tuple[str, list[str], tuple[str, ...]]:
        rng = self.rng
        segments = list(segments)
        errors: list[str] = []
        chosen: set[str] = set()
        commas = True
        for _ in range(count):
            possible = [
                k
                for k in ADDRESS_ERRORS
                if k not in chosen
                and self._applies(k, segments)
                and not (k.startswith("street ab") and "street expanded" in chosen)
                and not (k.startswith("street ex") and "street abbreviated" in chosen)
                and not (
                    k.startswith("house number") and any(c.startswith("house") for c in chosen)
                )
            ]
            if not possible:
                break
            kind = rng.choices(possible, weights=[ADDRESS_ERRORS[k] for k in possible])[0]
            chosen.add(kind)
            note = kind
            if kind in ("street typo", "town typo", "locality typo"):
                part = kind.split()[0]
                at = next(i for i, s in enumerate(segments) if s[0] == part)
                words = segments[at][1].split(" ")
                candidates = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 3]
                which = rng.choice(candidates)
                words[which], _, first = typo(words[which], rng)
                segments[at] = (part, " ".join(words))
                if first:
                    note += " (first letter)"
            elif kind in ("street abbreviated", "street expanded"):
                segments = [
                    (
                        k,
                        self._street_words(text, kind == "street abbreviated")
                        if k == "street"
                        else text,
                    )
                    for k, text in segments
                ]
            elif kind.startswith("house number"):
                segments, note = self._house_number(segments, kind)
            elif kind == "flat dropped":
                segments = [s for s in segments if s[0] != "flat"]
            elif kind == "lines reordered":
                i = rng.randrange(len(segments) - 1)
                segments[i], segments[i + 1] = segments[i + 1], segments[i]
                if rng.random() < 0.3:  # or the town first
                    segments.sort(key=lambda s: s[0] != "town")
            elif kind in ("town dropped", "locality dropped"):
                segments = [s for s in segments if s[0] != kind.split()[0]]
            elif kind == "case":
                lower = rng.random() < 0.7
                segments = [(k, t.lower() if lower else t.upper()) for k, t in segments]
                note = "address case"
            elif kind == "no commas":
                commas = False
            errors.append(note)
        text = (", " if commas else " ").join(text for _, text in segments)
        return text, errors, tuple(sorted(kind for kind, _ in segments))

    def _applies(self, kind: str, segments: list[tuple[str, str]]) -> bool:
        kinds = [k for k, _ in segments]
        street = dict(segments).get("street", "")
        last = street.rsplit(" ", 1)[-1]
        number = street.split(" ", 1)[0] if street[:1].isdigit() else ""
        if kind in ("street typo", "town typo", "locality typo"):
            text = dict(segments).get(kind.split()[0], "")
            return any(w.isalpha() and len(w) >= 3 for w in text.split(" "))
        if kind == "street abbreviated":
            return last in ABBREVIATIONS
        if kind == "street expanded":
            return any(last in short for short in ABBREVIATIONS.values())
        if kind.startswith("house number"):
            # Numbers are written as words when short: "twelve", "forty two", not 118.
            as_word = number.isdigit() and int(number) < 100
            return bool(number) and (kind != "house number as word" or as_word)
        if kind in ("flat dropped", "town dropped", "locality dropped"):
            return kind.split()[0] in kinds and len(segments) > 1
        if kind in ("lines reordered", "no commas"):
            return len(segments) > 1
        return True

    def _street_words(self, street: str, abbreviate: bool) -> str:
        words = street.split(" ")
        last = words[-1]
        if abbreviate:
            words[-1] = self.rng.choice(ABBREVIATIONS[last])
        else:
            words[-1] = next(full for full, short in ABBREVIATIONS.items() if last in short)
        return " ".join(words)

    def _house_number(
        self, segments: list[tuple[str, str]], kind: str
    ) -> tuple[list[tuple[str, str]], str]:
        rng = self.rng
        at = next(i for i, s in enumerate(segments) if s[0] == "street")
        number, street = segments[at][1].split(" ", 1)
        note = kind
        if kind == "house number missing":
            segments[at] = ("street", street)
            return segments, note
        digits = re.match(r"\d+", number).group(0)
        if kind == "house number as word":
            changed = number_words(int(digits))
            changed = changed.capitalize() if rng.random() < 0.5 else changed
        elif rng.random() < 0.5:  # the house next door, or across the road
            changed = str(max(1, int(digits) + rng.choice((-2, -1, 1, 2)))) + number[len(digits) :]
            note = "house number neighbour"
        else:
            changed = typo(digits, rng)[0] + number[len(digits) :]
            note = "house number digit typo"
        segments[at] = ("street", f"{changed} {street}")
        return segments, note

    def _postcode(
        self, postcode: str, *, can_miss: bool, missing: float = 0.15, wrong: float = 0.12
    ) -> tuple[str, list[str]]:
        rng = self.rng
        if can_miss and rng.random() < missing:
            return "", ["postcode missing"]
        pick = rng.random()
        if pick < wrong:
            characters = [i for i, c in enumerate(postcode) if c != " "]
            at = rng.choice(characters)
            wrong = rng.choice(near_keys(postcode[at].lower())).upper()
            return postcode[:at] + wrong + postcode[at + 1 :], ["postcode wrong character"]
        if pick < wrong + 0.03:
            outward, inward = postcode.split(" ")
            compact = outward + inward
            at = rng.randrange(len(compact) - 1)
            swapped = compact[:at] + compact[at + 1] + compact[at] + compact[at + 2 :]
            if swapped != compact:
                return f"{swapped[: len(outward)]} {swapped[len(outward) :]}", [
                    "postcode transposed"
                ]
        if pick < wrong + 0.13:
            return postcode.replace(" ", ""), ["postcode no space"]
        if pick < wrong + 0.23:
            return postcode.lower(), ["postcode lower case"]
        return postcode, []
