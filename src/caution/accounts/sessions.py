"""Sessions end SESSION_MAX_HOURS after sign-in, however busy (SessionLifetimeMiddleware:
a stolen session cookie does not last for ever), and after SESSION_COOKIE_AGE without a
request. Django keeps that promise by
saving the session on every request (SESSION_SAVE_EVERY_REQUEST), so that every page, even
one that only reads, wrote to the database, and on SQLite waited for its write lock. The
session's expiry is renewed at most once a minute instead."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from caution.lib import clock

# Seconds between two renewals of a session's expiry.
RENEW_EVERY = 60
# In the session: when its expiry was last renewed, in seconds since the epoch.
RENEWED_AT = "_caution_renewed_at"
# In the session: when its user signed in, in seconds since the epoch.
SIGNED_IN_AT = "_caution_signed_in_at"


class SessionLifetimeMiddleware:
    """Signs a user out once SESSION_MAX_HOURS have passed since they signed in; the next
    page asks them to sign in again and the API answers 401. The sign-in time is stamped on
    the response that signed them in (whichever way they signed in). Goes after
    AuthenticationMiddleware and before LoginRequiredMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(clock.now().timestamp())
        signed_in_at = request.session.get(SIGNED_IN_AT)
        if signed_in_at is not None and now - signed_in_at >= settings.SESSION_MAX_HOURS * 3600:
            logout(request)
        response = self.get_response(request)
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            request.session[SIGNED_IN_AT] = now
        return response


class SessionRenewalMiddleware:
    """Renews a session's expiry when it was last renewed a minute ago or more, by marking
    the session changed: Django's SessionMiddleware then saves it with a new expiry. So a
    session ends between SESSION_COOKIE_AGE less a minute and SESSION_COOKIE_AGE after its
    last request: never later than the setting says. Goes after SessionMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A request that never looked at the session (signed-in or not) leaves it alone.
        if session is not None and session.accessed:
            _renew_if_due(session)
        return response


def _renew_if_due(session) -> None:
    renewed = session.get(RENEWED_AT, 0)
    # An empty session (signed out, expired, or a visitor who never signed in) is not
    # saved: renewing it would make one.
    if session.is_empty():
        return
    now = int(clock.now().timestamp())
    if now - renewed >= RENEW_EVERY:
        session[RENEWED_AT] = now
