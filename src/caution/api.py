"""The JSON API: the same actions as the pages, through the same service functions.
OpenAPI documentation at /api/docs for signed-in users.

Endpoints stay thin: an action's refusal is turned into its HTTP answer here, once."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RefusedByAction
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from caution.accounts.clients import RateLimited
from caution.incidents.api import router as incidents_router
from caution.lib.api_schemas import field_errors
from caution.lib.concurrency import ChangedSinceOpened
from caution.lib.uploads import UploadRefused
from caution.register.cautions_api import router as cautions_router
from caution.register.check import CheckRefused
from caution.register.check_api import router as check_router
from caution.register.deciding_api import router as deciding_router

# What django-ninja answers, before any endpoint runs, for a body it cannot parse (not JSON,
# or not the form data it should be): documented on every operation that reads a body.
UNREADABLE_BODY = {
    "description": "The request body could not be parsed",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


class CautionAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    operation["responses"].setdefault(400, UNREADABLE_BODY)
        return schema


api = CautionAPI(
    title="Caution Register API",
    version="1",
    description="Every action the pages offer, with the same permissions. "
    "Sign in first: the API uses your session (and its CSRF token). "
    "Other systems call the client-system endpoints (`/api/alerts`) with a client token "
    "an administrator issued them, as `Authorization: Bearer crt_…`: it answers 401 once "
    "revoked or expired, 403 for an operation outside its scope and 429 over its rate limit. "
    "Refusals answer 400 (a body that cannot be parsed), 403 (your role may not), "
    "404 (not found, or outside what you may see), 409 (changed since you opened it) "
    "or 422 with a message for each field.",
    auth=django_auth,
    docs_decorator=login_required,
    urls_namespace="api",
)
api.add_router("/", check_router)
api.add_router("/", incidents_router)
api.add_router("/", deciding_router)
api.add_router("/", cautions_router)
api.add_router("/", "caution.register.appeals_api.router")
api.add_router("/", "caution.register.reviews_api.router")
api.add_router("/", "caution.letters.api.router")
api.add_router("/", "caution.notifications.api.router")
api.add_router("/", "caution.privacy.api.router")
api.add_router("/", "caution.people.api.router")
api.add_router("/", "caution.register.identity_api.router")
api.add_router("/", "caution.outbox.api.router")
api.add_router("/", "caution.register.alerts_api.router")


def _error(request, status: int, detail: str, errors: dict[str, list[str]] | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """422 with a message for each field, in the same shape as the service's own checks."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(error.get("msg", "Invalid"))
    return _error(request, 422, "Check the fields listed", errors)


def _field(location) -> str:
    """The field a parsing error is about, named as the client sent it: ("body", "payload",
    "new", "family_name") is new.family_name, ("form", "kind") is kind."""
    parts = [str(part) for part in location]
    if parts[:1] and parts[0] in ("body", "form", "file", "path", "query"):
        parts = parts[1:]
    if parts[:1] == ["payload"]:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(RefusedByAction)
def refused_by_action(request, exc: RefusedByAction):
    """An action refused the change: 422 with its messages by field."""
    errors = field_errors(exc)
    detail = " ".join(errors["__all__"]) if list(errors) == ["__all__"] else None
    return _error(request, 422, detail or "Check the fields listed", errors)


@api.exception_handler(UploadRefused)
def upload_refused(request, exc: UploadRefused):
    return _error(request, 422, str(exc), {"file": [str(exc)]})


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    """Missing, or outside what this user may see: the same answer, so it tells nothing."""
    return _error(request, 404, "Not found")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return _error(request, 403, str(exc) or "Your role does not allow this.")


@api.exception_handler(CheckRefused)
def check_refused(request, exc: CheckRefused):
    return _error(request, 403, str(exc))


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    response = _error(request, 429, str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ChangedSinceOpened)
def changed_since_opened(request, exc: ChangedSinceOpened):
    return _error(request, 409, str(exc))
