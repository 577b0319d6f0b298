from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from caution.accounts import roles
from caution.accounts.actions import user_create, user_update
from caution.accounts.forms import PasswordChangeForm, SignInForm, UserAddForm, UserRolesForm
from caution.accounts.oidc import sso_enabled
from caution.accounts.second_factor import authenticator_of
from caution.accounts.selectors import user_get_for_admin, users_list
from caution.lib.forms import action_ran
from caution.lib.paging import page_links, page_of


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso": sso_enabled(),
            "sso_name": settings.OIDC_PROVIDER_NAME,
            "password_sign_in": settings.CAUTION_PASSWORD_SIGN_IN,
        }

    def post(self, request, *args, **kwargs):
        # Where the council has turned password sign-in off, only single sign-on signs in.
        if not settings.CAUTION_PASSWORD_SIGN_IN:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong current password counts as a failed sign-in (django-axes): someone holding a
    session cannot guess the password here either. At the limit, the account is locked as
    for sign-in, and the session that was guessing is ended."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("register:check")

    def post(self, request, *args, **kwargs):
        if AxesProxyHandler.is_locked(request, self._credentials()):
            return self._locked_out()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            credentials = self._credentials()
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            if AxesProxyHandler.is_locked(self.request, credentials):
                return self._locked_out()
        return super().form_invalid(form)

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def _locked_out(self):
        credentials = self._credentials()
        logout(self.request)
        return get_lockout_response(self.request, credentials=credentials)


def home(request):
    """Where each role starts: the check; a role that may report but not search the
    register, its reports (002 §5)."""
    if request.user.has_perm(roles.REPORT) and not request.user.has_perm(roles.CHECK):
        return redirect("incidents:index")
    return redirect("register:check")


@permission_required(roles.MANAGE_USERS, raise_exception=True)
def users(request):
    page = page_of(request, users_list())
    context = {"users": page.object_list, "page": page, "links": page_links(page)}
    return render(request, "accounts/users.html", context)


@permission_required(roles.ADD_USER, raise_exception=True)
def user_add(request):
    form = UserAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_create(
            username=data["username"],
            password=data["password"],
            roles=form.chosen_roles(),
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            organisation=data["organisation"],
            manager=data["manager"],
            by=request.user,
        )
        messages.success(request, f"{user.display_name} can now sign in as {user.username}.")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "editing": None})


def user_edit(request, user_id):
    account = user_get_for_admin(user_id, request.user)
    initial = {
        "roles": [role.value for role in roles.roles_of(account)],
        "organisation": account.organisation,
        "is_active": account.is_active,
        "manager": account.manager,
    }
    form = UserRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: user_update(
                account,
                roles=form.chosen_roles(),
                organisation=data["organisation"],
                is_active=data["is_active"],
                manager=data["manager"],
                by=request.user,
            ),
        ):
            messages.success(request, f"{account.display_name}'s account has been changed.")
            return redirect("accounts:users")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "editing": account, "authenticator": authenticator_of(account)},
    )
