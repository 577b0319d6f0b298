"""The second factor's pages: set up an authenticator, give a code at sign-in, and an
administrator's reset. The rules are in accounts/second_factor.py."""

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from caution.accounts.second_factor import (
    authenticator_of,
    second_factor_required,
    second_factor_verify,
    secret_words,
    signed_in_by_sso,
    totp_device_confirm,
    totp_device_reset,
    totp_device_start,
)
from caution.accounts.selectors import user_get_for_admin


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, hint: str, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text(
                "code",
                field_width=10,
                autocomplete="one-time-code",
                spellcheck="false",
                inputmode="text",
            ),
            Submit("continue", button),
        )


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe and wanted else settings.LOGIN_REDIRECT_URL


def verify(request):
    """After the password: the code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified() or signed_in_by_sso(request) or not second_factor_required(user):
        return redirect(_next(request))
    if authenticator_of(user) is None:
        return redirect(f"{reverse('second_factor_set_up')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(
        request.POST or None,
        hint="The 6-digit code your authenticator app shows now. "
        "Without your phone, enter one of your recovery codes.",
        button="Continue",
    )
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.username}
        try:
            device = second_factor_verify(user, form.cleaned_data["code"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
            # A wrong code counts as a wrong password towards the account's lock.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                logout(request)
                return render(request, "accounts/locked_out.html", status=403)
        else:
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(_next(request))
    return render(request, "accounts/second_factor_verify.html", {"form": form})


def set_up(request):
    """Setting up an authenticator app: at the first sign-in of a user who needs one, or to
    replace one by a user who has just given a code from it."""
    user = request.user
    if signed_in_by_sso(request) or not second_factor_required(user):
        # Only asked of those who must give one: a device nobody asks for protects nothing.
        return redirect(_next(request))
    if authenticator_of(user) is not None and not user.is_verified():
        return redirect(f"{reverse('second_factor_verify')}?{urlencode({'next': _next(request)})}")
    device = totp_device_start(user)
    form = CodeForm(
        request.POST or None,
        hint="The 6-digit code your authenticator app shows for Caution Register.",
        button="Continue",
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_device_confirm(device, form.cleaned_data["code"], by=user)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            request.session.cycle_key()
            django_otp.login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_set_up.html",
        {
            "form": form,
            "qr_code": qr.svg_data_uri(scale=5, border=4),
            "secret": secret_words(device),
            "next": request.GET.get("next", ""),
        },
    )


@require_POST
def user_second_factor_reset(request, user_id):
    """An administrator's reset of a user's lost authenticator."""
    account = user_get_for_admin(user_id, request.user)
    totp_device_reset(account, by=request.user)
    messages.success(
        request,
        f"{account.display_name}'s second factor has been reset. "
        "They will set up a new authenticator app when they next sign in.",
    )
    return redirect("accounts:user_edit", user_id=account.id)
