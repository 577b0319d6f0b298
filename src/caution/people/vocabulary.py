"""The words of the names on the register, for names asked with two slips in one word or
spelt as they sound.

One slip in a word is found by index (people/matching.py, `one_slip`). Two slips
("Hollaoy" for Holloway) would need tens of thousands of keys per word, and a sound ("Ly"
for Lee, "July" for Julie) is shared by too many people to read them all; so the check
looks up each word asked among the register's distinct name words instead: far fewer than
its people (a register of 100,000 holds about 15,000), held in memory by each process by
their sound, and compared in a few milliseconds by rapidfuzz. The words found then find
their holders through the index, paired with the other name asked.

The first check in a process reads the list from the index of name keys (0.04 s at 30,000
people); each check then reads the names added since (one indexed statement, usually no
rows); the whole list is read again every RELOAD_SECONDS, so that words of people since
deleted leave it.
"""

import threading
import time
from collections import defaultdict

import jellyfish
from django.db import connection
from django.db.models import Max
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from caution.lib.text import name_tokens
from caution.people.models import MatchKey, PersonName

RELOAD_SECONDS = 600
# Two slips are looked for only in words this long: in a shorter word they make another name.
FAR_MIN_LENGTH = 5
FAR_SLIPS = 2


class _Vocabulary:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.words: set[str] = set()
        self.sounds: dict[str, set[str]] = defaultdict(set)
        self.choices: list[str] = []
        self.last_id = 0
        self.loaded_at = float("-inf")
        self.database = ""

    def refresh(self) -> None:
        database = f"{connection.alias}:{connection.settings_dict['NAME']}"
        with self.lock:
            before = len(self.words)
            if time.monotonic() - self.loaded_at > RELOAD_SECONDS or database != self.database:
                self._load(database)
                before = -1
            rows = (
                PersonName.objects.filter(id__gt=self.last_id)
                .order_by("id")
                .values_list("id", "given_names", "family_name")
            )
            for pk, given, family in rows:
                self.last_id = pk
                for word in name_tokens(f"{given} {family}"):
                    self._add(word)
            if len(self.words) != before:
                self.choices = sorted(w for w in self.words if len(w) >= FAR_MIN_LENGTH - 1)

    def _load(self, database: str) -> None:
        """Every word, from the index of name keys ("t:smith"): a range of one index read
        in order, far quicker than reading and splitting every name. Names added after
        MAX(id) was read are added by the next refresh."""
        self.clear()
        self.database, self.loaded_at = database, time.monotonic()
        self.last_id = PersonName.objects.aggregate(last=Max("id"))["last"] or 0
        words = (
            MatchKey.objects.filter(key__gte="t:", key__lt="t;")
            .values_list("key", flat=True)
            .distinct()
            .order_by()
        )
        for key in words.iterator(chunk_size=10_000):
            self._add(key[2:])

    def _add(self, word: str) -> None:
        if word in self.words or not word.isalpha() or len(word) < 2:
            return
        self.words.add(word)
        self.sounds[jellyfish.metaphone(word)].add(word)


_vocabulary = _Vocabulary()


def words_near(asked: list[str], *, limit: int) -> dict[str, list[str]]:
    """{word asked: the register's words that sound like it or are two slips from it
    (words at least FAR_MIN_LENGTH long and not on the register as asked), closest first}."""
    words = [word for word in asked if word.isalpha() and len(word) >= 2]
    if not words:
        return {}
    _vocabulary.refresh()
    found = {}
    for word in words:
        near = _vocabulary.sounds.get(jellyfish.metaphone(word), set()) - {word}
        if len(word) >= FAR_MIN_LENGTH and word not in _vocabulary.words:
            near |= _two_slips(word, _vocabulary.choices)
        closest = sorted(near, key=lambda w: (DamerauLevenshtein.distance(word, w), w))
        found[word] = closest[:limit]
    return found


def _two_slips(word: str, choices: list[str]) -> set[str]:
    # Levenshtein first, for speed (bit-parallel); it counts two letters swapped as two
    # slips, so it is allowed one more, and Damerau-Levenshtein then decides.
    rough = process.extract(
        word, choices, scorer=Levenshtein.distance, score_cutoff=FAR_SLIPS + 1, limit=None
    )
    return {match for match, _, _ in rough if DamerauLevenshtein.distance(word, match) <= FAR_SLIPS}


def forget() -> None:
    """Read the whole list again at the next check (tests: each starts on a new register)."""
    with _vocabulary.lock:
        _vocabulary.clear()
