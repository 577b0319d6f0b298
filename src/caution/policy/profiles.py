"""Policy profiles: one council's rules as data, read from `profiles/<name>.toml`.

Each profile is checked when it is loaded; a broken one raises ProfileError naming the
file, the key and the reason, and the product refuses to start.
"""

import dataclasses
import functools
import tomllib
from pathlib import Path
from typing import Any

from django.conf import settings

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
COUNCILLOR_ACCESS = ("check", "none")


class ProfileError(Exception):
    def __init__(self, path: Path, key: str, reason: str) -> None:
        super().__init__(f"{path.name}: {key}: {reason}")
        self.path, self.key, self.reason = path, key, reason


@dataclasses.dataclass(frozen=True)
class Level:
    code: str
    label: str
    severity: int  # higher is more severe, whatever the council's numbering
    description: str


@dataclasses.dataclass(frozen=True)
class Profile:
    key: str
    seed: str
    council: str
    register_name: str
    levels: tuple[Level, ...]
    councillor_access: str
    councillor_note: str
    review_interval_months: int
    maximum_months: int | None

    def level(self, code: str) -> Level | None:
        return next((level for level in self.levels if level.code == code), None)

    @property
    def levels_by_severity(self) -> tuple[Level, ...]:
        return tuple(sorted(self.levels, key=lambda level: -level.severity))


def available() -> list[str]:
    return sorted(path.stem for path in PROFILE_DIR.glob("*.toml"))


@functools.cache
def load_profile(name: str) -> Profile:
    path = PROFILE_DIR / f"{name}.toml"
    if not path.exists():
        raise ProfileError(path, "profile", f"no such profile; choose one of {available()}")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(path, "file", f"not valid TOML: {error}") from None
    return _parse(path, data)


def current() -> Profile:
    """The profile this installation runs (setting CAUTION_PROFILE)."""
    return load_profile(settings.CAUTION_PROFILE)


def _require(path: Path, data: dict[str, Any], key: str, kind: type, prefix: str = "") -> Any:
    if key not in data:
        raise ProfileError(path, prefix + key, "missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ProfileError(path, prefix + key, f"must be {kind.__name__}, not {value!r}")
    return value


def _parse(path: Path, data: dict[str, Any]) -> Profile:
    meta = _require(path, data, "profile", dict)
    access = _require(path, data, "access", dict)
    review = _require(path, data, "review", dict)
    councillors = _require(path, access, "councillors", str, "access.")
    if councillors not in COUNCILLOR_ACCESS:
        raise ProfileError(path, "access.councillors", f"must be one of {COUNCILLOR_ACCESS}")
    interval = _require(path, review, "interval_months", int, "review.")
    if interval < 1:
        raise ProfileError(path, "review.interval_months", "must be at least 1")
    maximum = review.get("maximum_months")
    if maximum is not None and (not isinstance(maximum, int) or maximum < interval):
        raise ProfileError(
            path, "review.maximum_months", "must be a whole number no less than the interval"
        )
    return Profile(
        key=_require(path, meta, "key", str, "profile."),
        seed=_require(path, meta, "seed", str, "profile."),
        council=_require(path, meta, "council", str, "profile."),
        register_name=_require(path, meta, "register_name", str, "profile."),
        levels=_parse_levels(path, data),
        councillor_access=councillors,
        councillor_note=access.get("councillor_note", ""),
        review_interval_months=interval,
        maximum_months=maximum,
    )


def _parse_levels(path: Path, data: dict[str, Any]) -> tuple[Level, ...]:
    raw = _require(path, data, "levels", list)
    if not raw:
        raise ProfileError(path, "levels", "at least one level is needed")
    levels = []
    for index, item in enumerate(raw):
        prefix = f"levels[{index}]."
        if not isinstance(item, dict):
            raise ProfileError(path, f"levels[{index}]", "must be a table")
        levels.append(
            Level(
                code=_require(path, item, "code", str, prefix),
                label=_require(path, item, "label", str, prefix),
                severity=_require(path, item, "severity", int, prefix),
                description=_require(path, item, "description", str, prefix),
            )
        )
    codes = [level.code for level in levels]
    if len(set(codes)) != len(codes):
        raise ProfileError(path, "levels", "level codes must be unique")
    if len({level.severity for level in levels}) != len(levels):
        raise ProfileError(path, "levels", "each level needs its own severity")
    return tuple(levels)
