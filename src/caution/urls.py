from django.contrib.auth import views as auth_views
from django.urls import include, path

from caution.accessibility import views as accessibility_views
from caution.accounts import second_factor_views
from caution.accounts.sso_views import SsoCallbackView, SsoStartView, sso_refused
from caution.accounts.views import PasswordChangeView, SignInView, home
from caution.api import api

urlpatterns = [
    path("", home, name="home"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-in/sso/", SsoStartView.as_view(), name="sso_start"),
    path("sign-in/sso/callback/", SsoCallbackView.as_view(), name="sso_callback"),
    path("sign-in/sso/refused/", sso_refused, name="sso_refused"),
    path("sign-in/second-factor/", second_factor_views.verify, name="second_factor_verify"),
    path("account/second-factor/", second_factor_views.set_up, name="second_factor_set_up"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", accessibility_views.statement, name="accessibility"),
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path("users/", include("caution.accounts.urls")),
    path("clients/", include("caution.accounts.client_urls")),
    path("agreements/", include("caution.accounts.agreement_urls")),
    path("people/", include("caution.people.urls")),
    path("reports/committee/", include("caution.reporting.urls")),
    path("reports/", include("caution.incidents.urls")),
    path("audit/", include("caution.privacy.urls")),
    path("policy/", include("caution.policy.urls")),
    path("letters/", include("caution.letters.urls")),
    path("notifications/", include("caution.notifications.urls")),
    path("webhooks/", include("caution.outbox.urls")),
    path("api/", api.urls),
    path("", include("caution.register.urls")),
]

handler403 = "caution.errors.permission_denied"
handler404 = "caution.errors.page_not_found"
handler500 = "caution.errors.server_error"
