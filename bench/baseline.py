"""The brute-force baseline: every question scored against EVERY person on the register.

What a careful analyst would do with no index and no time limit: standardise both sides
(lower case, accents and punctuation dropped, the usual UK street abbreviations written
out, numbers written as words turned into digits), then score each field with rapidfuzz,
vectorised over the whole register (`rapidfuzz.process.cdist`), and rank by a weighted
sum of the fields the question gives:

- name (weight 0.55): the best, over the person's name, name with middle names and
  aliases, of the Indel similarity (`fuzz.ratio`) of the name with its spaces removed,
  given-family and family-given (which forgives swapped names and names split or joined
  differently); a one-word question is also scored against the given and the family name
  alone (a name left out);
- date of birth (0.2): 100 the same, 80 day and month swapped, 70 two of day, month and
  year the same, 15 one, 0 none;
- address (0.15): the best `fuzz.ratio` of the question's words, standardised and sorted,
  against the person's whole address and against line 1 alone (lines left out, in
  another order);
- postcode (0.1): `fuzz.ratio` of the postcodes without spaces;

a field the register does not hold for a person scores 50, neither for nor against. It
knows no nicknames and no sounds-alike codes: it is string similarity only, which is what
a fuzzy scan is. Its top five are compared with the check's.
"""

import dataclasses
import functools
import re
import time
import unicodedata
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from synthetic import ABBREVIATIONS, NUMBER_WORDS, TENS_WORDS, Asked, Person

WEIGHTS = {"name": 0.55, "born": 0.2, "address": 0.15, "postcode": 0.1}
UNKNOWN = 50.0
BATCH = 16  # questions scored together: a batch-by-register matrix per scorer
STREET_WORDS = {
    short.lower(): full.lower() for full, shorts in ABBREVIATIONS.items() for short in shorts
}
NUMBERS = {word: n for n, word in enumerate(NUMBER_WORDS)} | {
    word: 10 * n for n, word in enumerate(TENS_WORDS) if word
}


@functools.lru_cache(maxsize=100_000)  # names and towns recur
def normal(text: str) -> str:
    """Lower case, accents and apostrophes dropped, everything else not a letter or a
    digit a space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def address_words(text: str) -> str:
    """The address standardised, its words sorted: "Twelve High St, Leek" -> "12 high
    leek street"."""
    return " ".join(sorted(_words(text)))


@functools.lru_cache(maxsize=100_000)
def _held_words(line: str) -> tuple[str, ...]:
    """The words of a line of a held address (towns and streets recur)."""
    return tuple(_words(line))


def _words(text: str) -> list[str]:
    words, number = [], None
    for word in normal(text).split():
        if word in NUMBERS:
            number = (number or 0) + NUMBERS[word]
            continue
        if word == "hundred" and number is not None:
            number *= 100
            continue
        if word == "and" and number is not None:
            continue
        if number is not None:
            words.append(str(number))
            number = None
        words.append(STREET_WORDS.get(word, word))
    if number is not None:
        words.append(str(number))
    return words


@dataclasses.dataclass
class _Names:
    """One name per person, for the people in `owners` (each at most once)."""

    owners: np.ndarray
    given_family: list[str]  # without spaces
    family_given: list[str]
    given: list[str]
    family: list[str]


class BruteForce:
    def __init__(self, people: Sequence[Person]) -> None:
        started = time.perf_counter()
        self.count = len(people)
        forms: list[list[tuple[int, str, str]]] = [[], [], []]  # name, full name, aliases
        for i, person in enumerate(people):
            forms[0].append((i, person.given.split()[0], person.family))
            if " " in person.given:
                forms[1].append((i, person.given, person.family))
            for layer, (given, family) in enumerate(person.aliases):
                while len(forms) <= 2 + layer:
                    forms.append([])
                forms[2 + layer].append((i, given, family))
        self.names = [self._names(layer) for layer in forms if layer]
        born = [(p.born.year, p.born.month, p.born.day) if p.born else (0, 0, 0) for p in people]
        self.year, self.month, self.day = (
            np.array(column, np.int16) for column in zip(*born, strict=True)
        )
        whole, line1 = [], []
        for p in people:
            first = _held_words(p.line1)
            line1.append(" ".join(sorted(first)))
            whole.append(" ".join(sorted(first + _held_words(p.line2) + _held_words(p.town))))
        self.address_forms = [whole, line1]
        self.housed = np.array([bool(p.line1) for p in people])
        self.postcodes = [p.postcode.replace(" ", "").upper() for p in people]
        self.has_postcode = np.array([bool(p.postcode) for p in people])
        self.prepare_seconds = time.perf_counter() - started

    @staticmethod
    def _names(layer: list[tuple[int, str, str]]) -> _Names:
        owners, given, family = zip(*layer, strict=True)
        given = [normal(g) for g in given]
        family = [normal(f) for f in family]
        return _Names(
            owners=np.array(owners, np.int64),
            given_family=[(g + f).replace(" ", "") for g, f in zip(given, family, strict=True)],
            family_given=[(f + g).replace(" ", "") for g, f in zip(given, family, strict=True)],
            given=[g.split()[0] if g else "" for g in given],
            family=[f.replace(" ", "") for f in family],
        )

    def top(self, questions: Sequence[Asked], k: int = 5) -> list[list[int]]:
        """The indexes of the `k` best people for each question, best first."""
        ranked = []
        for start in range(0, len(questions), BATCH):
            batch = questions[start : start + BATCH]
            names = self._name_scores(batch)
            addresses = self._cdist_best(
                [address_words(a.address) for a in batch], self.address_forms, self.housed
            )
            postcodes = self._cdist_best(
                [a.postcode.replace(" ", "").upper() for a in batch],
                [self.postcodes],
                self.has_postcode,
            )
            for row, asked in enumerate(batch):
                total = WEIGHTS["name"] * names[row]
                weight = WEIGHTS["name"]
                if asked.born:
                    total += WEIGHTS["born"] * self._born_scores(asked.born)
                    weight += WEIGHTS["born"]
                if asked.address.strip():
                    total += WEIGHTS["address"] * addresses[row]
                    weight += WEIGHTS["address"]
                if asked.postcode.strip():
                    total += WEIGHTS["postcode"] * postcodes[row]
                    weight += WEIGHTS["postcode"]
                best = np.argpartition(-total, k)[:k] if len(total) > k else np.arange(len(total))
                ranked.append([int(i) for i in best[np.argsort(-total[best], kind="stable")]])
        return ranked

    def _name_scores(self, batch: Sequence[Asked]) -> np.ndarray:
        typed = [normal(a.name) for a in batch]
        joined = [t.replace(" ", "") for t in typed]
        single = [i for i, t in enumerate(typed) if len(t.split()) == 1]
        scores = np.zeros((len(batch), self.count), np.float32)
        for names in self.names:
            best = _cdist(joined, names.given_family)
            np.maximum(best, _cdist(joined, names.family_given), out=best)
            if single:
                alone = [joined[i] for i in single]
                one = np.maximum(_cdist(alone, names.given), _cdist(alone, names.family))
                best[single] = np.maximum(best[single], one)
            at = names.owners
            scores[:, at] = np.maximum(scores[:, at], best)
        return scores

    def _cdist_best(self, typed: list[str], forms: list[list[str]], held: np.ndarray) -> np.ndarray:
        """The best score over `forms` for each question, UNKNOWN where none is held."""
        asking = [i for i, t in enumerate(typed) if t]
        scores = np.full((len(typed), self.count), UNKNOWN, np.float32)
        if not asking:
            return scores
        asked = [typed[i] for i in asking]
        best = _cdist(asked, forms[0])
        for form in forms[1:]:
            np.maximum(best, _cdist(asked, form), out=best)
        best[:, ~held] = UNKNOWN
        scores[asking] = best
        return scores

    def _born_scores(self, born) -> np.ndarray:
        year, month, day = self.year == born.year, self.month == born.month, self.day == born.day
        same = year.astype(np.int8) + month + day
        scores = np.select([same == 3, same == 2, same == 1], [100.0, 70.0, 15.0], 0.0)
        swapped = year & (self.month == born.day) & (self.day == born.month)
        scores[swapped & (same < 3)] = 80.0
        scores[self.year == 0] = UNKNOWN
        return scores.astype(np.float32)


def _cdist(queries: list[str], choices: list[str], scorer=fuzz.ratio) -> np.ndarray:
    return process.cdist(queries, choices, scorer=scorer, dtype=np.float32, workers=-1)
