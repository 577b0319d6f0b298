"""Normalising what people type: names, postcodes, phone numbers, e-mail addresses, handles
and address lines. Pure functions; the check and the import both use them."""

import dataclasses
import functools
import re
import unicodedata

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "lord"})
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
STREET_WORDS = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "cres": "crescent",
    "cresc": "crescent",
    "clo": "close",
    "gro": "grove",
    "la": "lane",
    "ct": "court",
    "gdns": "gardens",
    "pl": "place",
    "sq": "square",
    "terr": "terrace",
    "ter": "terrace",
    "wy": "way",
    "flt": "flat",
}


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped ("O'Brien" -> "obrien"), and every
    other character that is not a letter or digit turned into a space."""
    if not text.isascii():  # most names are: skip the costly decomposition
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = text.lower()
    plain = re.sub(r"['’`]", "", plain)
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


# Digits in a name are letters misread (by OCR or a hurried hand): "F0x" is Fox.
DIGITS_AS_LETTERS = str.maketrans("01345678", "oleasgtb")


def name_tokens(text: str) -> list[str]:
    """The words of a name, the titles before it dropped ("Mr", "Miss"; "Samuel Miss" is
    a slip for Moss). A hyphenated or double-barrelled surname gives its parts and their
    joined form, so "Smith-Jones" is found by "Smith", "Jones", "Smith Jones" and
    "Smithjones". Digits are read as the letters they look like."""
    tokens: list[str] = []
    for word in re.split(r"[\s,]+", text.strip().translate(DIGITS_AS_LETTERS)):
        parts = [p for p in fold(word).split() if p and (tokens or p not in TITLES)]
        tokens.extend(parts)
        if len(parts) > 1:
            tokens.append("".join(parts))
    return tokens


def postcode_key(text: str) -> str:
    """ "le16 7ab", "LE167AB" and " Le16  7Ab " all give "LE167AB"; not a postcode gives ""."""
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    return compact if POSTCODE.match(compact) else ""


def postcode_swapped_key(text: str) -> str:
    """The one postcode that two neighbouring characters swapped back make of `text`, when
    `text` is not a postcode itself ("A2L8 4RY" for AL28 4RY), else ""."""
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if POSTCODE.match(compact) or not 5 <= len(compact) <= 7:
        return ""
    found = {
        swapped
        for i in range(len(compact) - 1)
        if POSTCODE.match(swapped := compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :])
    }
    return found.pop() if len(found) == 1 else ""


def postcode_display(text: str) -> str:
    """A valid postcode in its usual form, "LE16 7AB"; anything else as typed."""
    match = POSTCODE.match(postcode_key(text))
    return f"{match.group(1)} {match.group(2)}" if match else text.strip()


def find_postcode(text: str) -> str:
    """The key of the first postcode in a free-text address, or ""."""
    match = POSTCODE_IN_TEXT.search(text)
    return postcode_key(match.group(0)) if match else ""


def phone_key(text: str) -> str:
    """UK numbers in national form: "+44 (0)7700 900123", "0044 7700900123" and
    "07700 900 123" all give "07700900123". Too short to be a number gives ""."""
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+") or digits.startswith("00"):
        digits = digits.lstrip("0")
        international = not digits.startswith("44")
        digits = "+" + digits if international else "0" + digits[2:].removeprefix("0")
    elif digits.startswith("44") and len(digits) >= 12:
        digits = "0" + digits[2:].removeprefix("0")
    return digits if len(digits.lstrip("+")) >= 6 else ""


def email_key(text: str) -> str:
    value = text.strip().lower()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else ""


def handle_key(text: str) -> str:
    """A social media handle without "@", URL or case: "@Bob_S", "https://x.com/bob_s"."""
    value = text.strip().lower().rstrip("/")
    value = re.sub(r"^(https?://)?(www\.)?[a-z0-9.-]+\.[a-z]{2,}/", "", value)
    return value.lstrip("@")


def address_line_key(text: str) -> str:
    """An address line compared loosely: case, punctuation and common abbreviations ignored,
    so "12, High St." and "12 High Street" are the same."""
    words = [STREET_WORDS.get(word, word) for word in fold(text).split()]
    return " ".join(words)


# Addresses as people write them -----------------------------------------------------------

# The word that says what kind of street it is. A street is matched by the words before it
# ("high" of "High Street"), so "High St", "High Street" and "High Stret" are one street.
STREET_TYPES = frozenset(
    {
        "street", "road", "avenue", "lane", "drive", "close", "crescent", "court", "gardens",
        "place", "square", "terrace", "way", "grove", "hill", "park", "row", "walk", "mews",
        "view", "rise", "green", "parade", "croft", "gate", "meadow", "meadows", "fields",
        "yard", "wharf", "mount", "vale", "end", "chase", "boulevard", "circus", "passage",
    }
)  # fmt: skip
LONG_STREET_TYPES = tuple(kind for kind in STREET_TYPES if len(kind) >= 5)
SHORT_STREET_TYPES = tuple(kind for kind in STREET_TYPES if len(kind) < 5)
# Words that only say which part of a building: "Flat 3", "Apartment 2b".
UNIT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "no", "number"})
NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty")
    )
}  # fmt: skip
HOUSE_NUMBER = re.compile(r"^\d+[a-z]?$")


@dataclasses.dataclass(frozen=True)
class AddressParts:
    """An address reduced to what identifies it loosely: the house number ("12", "12a"),
    the street's name without its kind and spaces ("high" of "12 High St"), the town
    without spaces. Any may be empty."""

    number: str
    street: str
    town: str


def address_parts(lines: str, town: str = "") -> AddressParts:
    """The house number, street and town of an address written any way: "Flat 3, 12 High
    St., Market Harborough" or "twelve high street market harborough". `lines` are the
    address lines (comma-separated); `town`, when known apart, is the town."""
    parts = [_address_words(part) for part in lines.split(",")]
    parts = [words for words in parts if words and not postcode_key("".join(words))]
    for at, words in enumerate(parts):
        number, street, rest = _street_of(words)
        if not number and at and len(parts[at - 1]) == 1 and HOUSE_NUMBER.match(parts[at - 1][0]):
            number = parts[at - 1][0]  # "12, High Street"
        if street:
            after = [w for later in parts[at + 1 :] for w in later]
            found_town = town or "".join(w for w in rest + after if not HOUSE_NUMBER.match(w))
            return AddressParts(number, street, fold(found_town).replace(" ", ""))
    return AddressParts("", "", fold(town).replace(" ", ""))


def _address_words(text: str) -> list[str]:
    words = [STREET_WORDS.get(word, word) for word in fold(text).split()]
    return [NUMBER_WORDS.get(word, word) for word in words if not POSTCODE.match(word.upper())]


def _street_of(words: list[str]) -> tuple[str, str, list[str]]:
    """(house number, street, the words after the street) of one address line, or no
    street when the line has none (a flat number, a house name without a street)."""
    kind_at = next((i for i in range(1, len(words)) if _ends_street(words, i)), None)
    end = kind_at if kind_at is not None else len(words)
    numbers = [i for i in range(end) if HOUSE_NUMBER.match(words[i])]
    start = numbers[-1] + 1 if numbers else 0
    if kind_at is None and not numbers:
        # "The Paddock", "The Spinney": a street with no kind.
        return ("", "".join(words), []) if len(words) == 2 and words[0] == "the" else ("", "", [])
    name = [w for w in words[start:end] if w not in UNIT_WORDS and not HOUSE_NUMBER.match(w)]
    if name == ["the"] and kind_at is not None:  # "The Green" and "The Crescent" differ
        name.append(words[kind_at])
    number = words[numbers[-1]] if numbers else ""
    rest = words[end + 1 :] if kind_at is not None else []
    return number, "".join(name), rest


def _ends_street(words: list[str], at: int) -> bool:
    """Whether words[at] is the street's kind ("Road"), ending a street name that has a
    word of its own before it: "Park" of "12 Park Road" names the street, it is not its
    kind, as in "Field Close", "Green Lane", "Hill Street" and "Green Park Road"."""
    if not _is_street_type(words[at]):
        return False
    if at + 1 < len(words) and _is_street_type(words[at + 1]):
        return False
    return any(not HOUSE_NUMBER.match(w) and w not in UNIT_WORDS for w in words[:at])


# Street words recur: each is tested once (an import tests every address it reads).
@functools.lru_cache(maxsize=65536)
def _is_street_type(word: str) -> bool:
    """A street's kind, allowing one slip in the longer words ("stret", "raod"), or its
    short form written as its consonants ("Drv", "Gdns", "Pk", "Wlk")."""
    if word in STREET_TYPES:
        return True
    if len(word) >= 4 and any(_one_slip(word, kind) for kind in LONG_STREET_TYPES):
        return True
    # A short kind only with a letter added ("Qway", "Roadd"): a letter changed or missing
    # in "Way" or "Row" makes other words.
    if any(len(word) == len(kind) + 1 and _one_slip(word, kind) for kind in SHORT_STREET_TYPES):
        return True
    # A written short form with a letter added at its end ("Aved", "Cresc."): the long
    # forms take one slip anywhere, above.
    if len(word) >= 4 and STREET_WORDS.get(word[:-1], "") in STREET_TYPES:
        return True
    return _is_abbreviation(word)


VOWELS = frozenset("aeiou")


def _is_abbreviation(word: str) -> bool:
    """A street kind shortened to its first letter and some of its consonants in order:
    "drv" for drive, "wlk" for walk, "grv" for grove (the common ones, "rd" and "st", are
    in STREET_WORDS)."""
    if not 2 <= len(word) <= 4 or not word.isalpha() or VOWELS & set(word[1:]):
        return False
    return any(kind[0] == word[0] and _in_order(word[1:], kind[1:]) for kind in STREET_TYPES)


def _in_order(letters: str, word: str) -> bool:
    remaining = iter(word)
    return all(letter in remaining for letter in letters)


def _one_slip(a: str, b: str) -> bool:
    """One letter wrong, added, missing, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
