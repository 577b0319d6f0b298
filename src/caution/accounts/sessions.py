"""Sessions end after SESSION_COOKIE_AGE without a request. Django keeps that promise by
saving the session on every request (SESSION_SAVE_EVERY_REQUEST), so that every page, even
one that only reads, wrote to the database, and on SQLite waited for its write lock. The
session's expiry is renewed at most once a minute instead."""

from django.http import HttpRequest, HttpResponse

from caution.lib import clock

# Seconds between two renewals of a session's expiry.
RENEW_EVERY = 60
# In the session: when its expiry was last renewed, in seconds since the epoch.
RENEWED_AT = "_caution_renewed_at"


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
