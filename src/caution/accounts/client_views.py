"""Administrators' pages for client systems: register one, issue it tokens, rotate and
revoke them (docs/operators/clients.md). A token is shown once, on the answer to the POST
that made it: never in a URL, a message cookie or a page that can be opened again."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from caution.accounts import selectors
from caution.accounts.clients import (
    client_register,
    client_token_issue,
    client_token_revoke,
    client_token_rotate,
)
from caution.accounts.forms import ClientForm, ClientTokenForm, ClientTokenRotateForm
from caution.lib.forms import action_made


def clients(request):
    return render(
        request, "accounts/clients.html", {"clients": selectors.clients_list(request.user)}
    )


def client_add(request):
    selectors.clients_list(request.user)  # administrators only
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = action_made(form, lambda: client_register(**form.cleaned_data, by=request.user))
        if made is not None:
            messages.success(request, f"{made.name} has been registered. Issue it a token.")
            return redirect("clients:client", made.id)
    return render(request, "accounts/client_form.html", {"form": form})


def client(request, client_id):
    found = selectors.client_get_for_admin(client_id, request.user)
    form = ClientTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = action_made(
            form, lambda: client_token_issue(found, **form.cleaned_data, by=request.user)
        )
        if issued is not None:
            return _show_token(request, issued, new=True)
    context = {"client": found, "form": form, "calls": selectors.client_calls(found)}
    return render(request, "accounts/client.html", context)


def token_rotate(request, token_id):
    token = selectors.client_token_get_for_admin(token_id, request.user)
    form = ClientTokenRotateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = action_made(
            form, lambda: client_token_rotate(token, **form.cleaned_data, by=request.user)
        )
        if issued is not None:
            return _show_token(request, issued, new=False)
    return render(request, "accounts/client_token_rotate.html", {"token": token, "form": form})


@require_POST
def token_revoke(request, token_id):
    token = selectors.client_token_get_for_admin(token_id, request.user)
    if token.revoked_at is None:
        client_token_revoke(token, by=request.user)
        messages.success(request, f"Token {token.prefix} has been revoked: it no longer works.")
    return redirect("clients:client", token.client_id)


def _show_token(request, issued, *, new: bool):
    context = {"token": issued.token, "client": issued.token.client, "secret": issued.secret}
    context["new"] = new
    return render(request, "accounts/client_token.html", context)
