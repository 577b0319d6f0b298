"""What every JSON API endpoint shares: the input base and the one error shape. The
NinjaAPI's exception handlers (caution/api.py) turn the actions' refusals into ErrorOut."""

import enum
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

# A NUL byte, or half of a UTF-16 surrogate pair that JSON's \u escapes can carry alone:
# no text a person types holds either, and PostgreSQL cannot store them.
UNREADABLE = re.compile("[\x00\ud800-\udfff]")
UNREADABLE_MESSAGE = "Remove the unreadable character (a NUL or a broken surrogate) from this text"


def _unreadable(value) -> bool:
    if isinstance(value, str):
        return bool(UNREADABLE.search(value))
    if isinstance(value, dict):
        return any(_unreadable(key) or _unreadable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_unreadable(item) for item in value)
    return False


class In(Schema):
    """Input: unknown fields are refused, surrounding spaces dropped (as the forms do), and
    text with a NUL or a lone surrogate refused with a message on its field (422)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)

    @field_validator("*", mode="before")
    @classmethod
    def _readable(cls, value):
        if _unreadable(value):
            raise PydanticCustomError("unreadable_text", UNREADABLE_MESSAGE)
        return value


class Choice:
    """`Choice[Incident.Kind]`: a field taking one of a model's choices, its values listed
    in place in the OpenAPI document. Django ninja gathers every schema's enumerations
    under their class's own name, so that `Incident.Kind`, `Letter.Kind` and the other
    `Kind`s (or `Outcome`s, `Channel`s) overwrote one another there: the document offered a
    letter's kinds for a report and a review's outcomes for a decision."""

    def __class_getitem__(cls, choices: type[enum.Enum]) -> object:
        values = [choice.value for choice in choices]
        title = choices.__qualname__.replace(".", " ")
        return Annotated[
            choices, WithJsonSchema({"type": "string", "enum": values, "title": title})
        ]


class VersionIn(In):
    version: int = Field(
        description="The record's `version` when you read it: if someone has changed it "
        "since, the answer is 409 and nothing is saved"
    )


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def refusals(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an endpoint can give (401 always), for its OpenAPI description."""
    return dict.fromkeys((401, *statuses), ErrorOut)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    """An action's refusal by field; one that names no field comes under "__all__"."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}
