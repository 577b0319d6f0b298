"""Single sign-on's pages: off to the provider, back from it, and why it did not work.
The checks are in accounts/oidc.py."""

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from caution.accounts.oidc import endpoint, sso_enabled, sso_refusal_record


@method_decorator(login_not_required, name="dispatch")
class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a new state, nonce and PKCE challenge."""

    def __init__(self, **kwargs) -> None:
        # The library reads the provider's endpoint here; it is read on each request.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("authorization_endpoint")
        except (requests.RequestException, ValueError, KeyError):
            return redirect(f"{reverse('sso_refused')}?reason=unreachable")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code, which the backend turns into
    a user (or a refusal, audited)."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            sso_refusal_record("the answer's state is not one this browser was given")
            return self.login_failure()

    def login_failure(self):
        user = getattr(self, "user", None)
        reason = "waiting" if user is not None and not user.is_active else "refused"
        return redirect(f"{reverse('sso_refused')}?reason={reason}")


@login_not_required
def sso_refused(request):
    reason = request.GET.get("reason", "refused")
    return render(
        request,
        "accounts/sso_refused.html",
        {"reason": reason if reason in {"waiting", "unreachable"} else "refused"},
    )
