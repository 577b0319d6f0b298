"""Strict reading of a profile's TOML: each key is checked for presence, type and value, and
a key nobody reads is an error, so that a typo never passes silently."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING: Any = object()


class ProfileError(Exception):
    def __init__(self, path: Path, key: str, reason: str) -> None:
        super().__init__(f"{path.name}: {key}: {reason}")
        self.path, self.key, self.reason = path, key, reason


class Table:
    """One TOML table of a profile file, named by its dotted key (`decision.panel`)."""

    def __init__(self, path: Path, data: dict[str, Any], name: str = "") -> None:
        self.path, self.data, self.name = path, data, name
        self._read: set[str] = set()

    def key(self, key: str) -> str:
        return f"{self.name}.{key}" if self.name else key

    def error(self, key: str, reason: str) -> ProfileError:
        return ProfileError(self.path, self.key(key), reason)

    def value(self, key: str, kind: type[T], default: Any = _MISSING) -> T:
        self._read.add(key)
        if key not in self.data:
            if default is _MISSING:
                raise self.error(key, "missing")
            return default
        value = self.data[key]
        # TOML booleans are Python ints too; a count must not accept `true`.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"must be {kind.__name__}, not {value!r}")
        return value

    def count(self, key: str, minimum: int, default: Any = _MISSING) -> int:
        number = self.value(key, int, default)
        if number is not None and number < minimum:
            raise self.error(key, f"must be at least {minimum}")
        return number

    def choice(self, key: str, choices: Iterable[str], default: Any = _MISSING) -> str:
        word = self.value(key, str, default)
        allowed = sorted(choices)
        if word is not None and word not in allowed:
            raise self.error(key, f"{word!r} is not one of {allowed}")
        return word

    def strings(self, key: str, choices: Iterable[str] | None = None) -> tuple[str, ...]:
        """A list of strings, each once (from `choices` if given); absent means empty."""
        words = self.value(key, list, [])
        allowed = None if choices is None else sorted(choices)
        for word in words:
            if not isinstance(word, str):
                raise self.error(key, f"must be a list of strings, not {word!r}")
            if allowed is not None and word not in allowed:
                raise self.error(key, f"{word!r} is not one of {allowed}")
        if len(set(words)) != len(words):
            raise self.error(key, "lists a value twice")
        return tuple(words)

    def table(self, key: str, required: bool = True) -> "Table | None":
        data = self.value(key, dict, _MISSING if required else None)
        return None if data is None else Table(self.path, data, self.key(key))

    def tables(self, key: str, required: bool = True) -> list["Table"]:
        """An array of tables (`[[levels]]`), each named `levels[0]`, `levels[1]`…

        A required array needs at least one table; an optional one may be absent."""
        items = self.value(key, list, _MISSING if required else [])
        if required and not items:
            raise self.error(key, "at least one is needed")
        tables = []
        for index, item in enumerate(items):
            name = f"{self.key(key)}[{index}]"
            if not isinstance(item, dict):
                raise ProfileError(self.path, name, "must be a table")
            tables.append(Table(self.path, item, name))
        return tables

    def done(self, result: T) -> T:
        """Hand back what was built from this table, once no unread key is left in it."""
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            raise self.error(unknown[0], f"unknown key; expected one of {sorted(self._read)}")
        return result
