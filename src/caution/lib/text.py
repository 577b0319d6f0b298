"""Normalising what people type: names, postcodes, phone numbers, e-mail addresses, handles
and address lines. Pure functions; the check and the import both use them."""

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


def name_tokens(text: str) -> list[str]:
    """The words of a name, titles dropped. A hyphenated or double-barrelled surname gives
    its parts and their joined form, so "Smith-Jones" is found by "Smith", "Jones",
    "Smith Jones" and "Smithjones"."""
    tokens = []
    for word in re.split(r"[\s,]+", text.strip()):
        parts = [p for p in fold(word).split() if p and p not in TITLES]
        tokens.extend(parts)
        if len(parts) > 1:
            tokens.append("".join(parts))
    return tokens


def postcode_key(text: str) -> str:
    """ "le16 7ab", "LE167AB" and " Le16  7Ab " all give "LE167AB"; not a postcode gives ""."""
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    return compact if POSTCODE.match(compact) else ""


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
