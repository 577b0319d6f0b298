"""The service's own 403, 404 and 500 pages: in its layout, saying what happened and what to
do, with a way back; never a traceback or anything about a record the user may not see."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

PLAIN_500 = (
    "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
    "<title>Sorry, there is a problem with the service</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    "<p><a href='/'>Go to the start page</a></p></body></html>"
)


def _back(request: HttpRequest) -> str:
    """The page the user came from, if it is one of ours (and not this one)."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or referer == request.build_absolute_uri():
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if safe else ""


def _reason(exception: Exception | None) -> str:
    """A refusal's own words, written for the user ("Your role does not include…")."""
    if exception is None or not exception.args:
        return ""
    text = exception.args[0]
    return text if isinstance(text, str) else ""


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {
        "reason": _reason(exception),
        "back": _back(request),
        # A refusal that is not about the user's role names itself, and where to go instead.
        "heading": getattr(exception, "heading", ""),
        "link": getattr(exception, "link", None),
    }
    body = loader.render_to_string("403.html", context, request)
    return HttpResponse(body, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"back": _back(request)}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered with no request context, so that a broken database, session or context
    processor cannot fail the error page too: the layout, the council's name from its profile
    (a file), and no navigation; plain HTML if even that fails."""
    try:
        from caution.policy.profiles import current

        context = {"profile": current(), "service_name": "Caution Register"}
        body = loader.render_to_string("500.html", context)
    except Exception:
        logger.exception("The 500 page could not be rendered; sent a plain one")
        body = PLAIN_500
    return HttpResponseServerError(body)
