"""What every JSON API endpoint shares: the input base and the one error shape. The
NinjaAPI's exception handlers (caution/api.py) turn the actions' refusals into ErrorOut."""

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import ConfigDict


class In(Schema):
    """Input: unknown fields are refused, surrounding spaces dropped (as the forms do)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)


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
