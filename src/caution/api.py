"""The JSON API: the same actions as the pages, through the same service functions.
OpenAPI documentation at /api/docs for signed-in users."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from caution.register.api import router as register_router

api = NinjaAPI(
    title="Caution Register API",
    version="1",
    description="Every action the pages offer, with the same permissions. "
    "Sign in first: the API uses your session (and its CSRF token).",
    auth=django_auth,
    docs_decorator=login_required,
    urls_namespace="api",
)
api.add_router("/", register_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """422 with a message for each field, in the same shape as the service's own checks."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(location) or "__all__", []).append(error.get("msg", "Invalid"))
    return api.create_response(
        request, {"detail": "Check the fields listed", "errors": errors}, status=422
    )
