"""Policy profiles: one council's rules as data, read from `profiles/<name>.toml`.

Each profile is checked when it is loaded; a broken one raises ProfileError naming the
file, the key and the reason, and the product refuses to start. The keys are described
in docs/operators/policy-profiles.md; the value types are in caution.policy.rules.
"""

import functools
import tomllib
from pathlib import Path

from django.conf import settings

from caution.policy.parsing import COUNCILLOR_ACCESS, parse
from caution.policy.reading import ProfileError, Table
from caution.policy.rules import (
    Actor,
    Appeal,
    Category,
    Deadline,
    Decision,
    Duration,
    Independence,
    Level,
    Notification,
    Panel,
    Precaution,
    Profile,
    RestrictionOption,
    Retention,
    Review,
    Seat,
    WarningRule,
)

__all__ = [
    "COUNCILLOR_ACCESS",
    "Actor",
    "Appeal",
    "Category",
    "Deadline",
    "Decision",
    "Duration",
    "Independence",
    "Level",
    "Notification",
    "Panel",
    "Precaution",
    "Profile",
    "ProfileError",
    "RestrictionOption",
    "Retention",
    "Review",
    "Seat",
    "WarningRule",
    "available",
    "current",
    "load_profile",
]

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"


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
    return parse(Table(path, data))


def current() -> Profile:
    """The profile this installation runs (setting CAUTION_PROFILE)."""
    return load_profile(settings.CAUTION_PROFILE)
