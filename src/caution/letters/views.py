"""Pages for letters to the person. Thin: each reads through a selector and changes
through an action; a refusal comes back on the form as a GOV.UK error summary."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caution.accounts import roles
from caution.letters import access, actions, content, rendering, selectors
from caution.letters.forms import (
    DeliveryForm,
    ExemptionForm,
    LetterFieldsForm,
    PrepareForm,
    ReturnForm,
    TemplateForm,
)
from caution.letters.models import Letter
from caution.lib import clock
from caution.lib.forms import action_made, action_ran
from caution.lib.paging import page_links, page_of
from caution.policy.profiles import current, load_profile
from caution.register.selectors import caution_get_for_user


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def index(request):
    if not access.may_see_letters(request.user):
        raise Http404
    page = page_of(request, selectors.letters_waiting())
    context = {
        "due": [selectors.LetterDue(letter, letter.due_on) for letter in page.object_list],
        "page": page,
        "links": page_links(page),
        "to_post": selectors.print_pack_letters().count(),
    }
    return render(request, "letters/index.html", context)


def _field_names(letter: Letter, source: str) -> list[str]:
    used = rendering.variables_used(source)
    elements = content.required_elements(letter.kind, load_profile(letter.profile))
    required = {content.ELEMENT_VARIABLES[element] for element in elements}
    return [name for name in actions.EDITABLE_FIELDS if name in used or name in required]


@require_http_methods(["GET", "POST"])
def detail(request, letter_id):
    letter = selectors.letter_get_for_user(letter_id, request.user, audit=request.method == "GET")
    source = selectors.template_source(letter.profile, letter.kind)
    editable = not letter.issued and letter.status != Letter.Status.NOT_SENT
    form = LetterFieldsForm(
        request.POST if "save" in request.POST or "submit" in request.POST else None,
        letter=letter,
        names=_field_names(letter, source),
    )
    return_form = ReturnForm(request.POST if "return" in request.POST else None)
    if request.method == "POST":
        done = _detail_post(request, letter, form, return_form, editable)
        if done:
            return redirect("letters:detail", letter.id)
    signatories = list(actions.signatories_for(letter))
    return render(
        request,
        "letters/detail.html",
        {
            "letter": letter,
            "form": form if editable else None,
            "return_form": return_form,
            "errors_form": form if form.errors else return_form,
            "preview": rendering.issued_body(letter.html)
            if letter.issued
            else rendering.render_body(source, letter.fields),
            "missing": actions.missing_elements(letter) if editable else [],
            "signatories": signatories,
            "may_sign": letter.status == Letter.Status.AWAITING_SIGNOFF
            and request.user in signatories,
            "may_exempt": editable
            and bool(current().notification.exemptions)
            and request.user.has_perm(roles.DECIDE),
            "overdue": letter.overdue_on(clock.today()),
        },
    )


def _detail_post(request, letter, form, return_form, editable) -> bool:
    """One of: save the words, send for sign-off, sign, send back, or set the print size.
    True when done."""
    if "print" in request.POST and editable:
        large = request.POST["print"] == "large"
        try:
            actions.letter_print_set(letter, large_print=large, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return True
        messages.success(request, f"The letter will be printed in {_print_words(large)}.")
        return True
    if "sign" in request.POST:
        try:
            actions.letter_sign(letter, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return True
        messages.success(request, "The letter is signed and issued. Now send it.")
        return True
    if "return" in request.POST:
        if return_form.is_valid() and action_ran(
            return_form,
            lambda: actions.letter_return(
                letter, reason=return_form.cleaned_data["reason"], by=request.user
            ),
        ):
            messages.success(request, "The letter has been sent back to be corrected.")
            return True
        return False
    if not editable or not form.is_valid():
        return False
    if not action_ran(
        form, lambda: actions.letter_update(letter, fields=form.values(), by=request.user)
    ):
        return False
    if "submit" in request.POST:
        if not action_ran(form, lambda: actions.letter_submit(letter, by=request.user)):
            return False
        messages.success(request, "The letter has been sent for sign-off.")
        return True
    messages.success(request, "Your changes have been saved.")
    return True


def _print_words(large: bool) -> str:
    return "large print" if large else "standard print"


def pdf(request, letter_id):
    """The issued letter as kept on file (its hash checked), or a draft rendered now."""
    letter = selectors.letter_get_for_user(letter_id, request.user)
    if letter.issued:
        try:
            data = selectors.verified_pdf(letter)
        except selectors.TamperedLetter as error:
            context = {"letter": letter, "error": error}
            return render(request, "letters/tampered.html", context, status=409)
        return _pdf_response(data, f"letter-{letter.reference}.pdf")
    source = selectors.template_source(letter.profile, letter.kind)
    profile = load_profile(letter.profile)
    body = rendering.render_body(source, letter.fields)
    document = rendering.letter_html(
        letter.fields, body, profile, final=False, large_print=letter.large_print
    )
    return _pdf_response(rendering.render_pdf(document), f"draft-{letter.reference}.pdf")


def _letter_form(request, letter_id, form_class, title, change, success, allowed):
    letter = selectors.letter_get_for_user(letter_id, request.user, audit=False)
    if not allowed(letter):
        raise Http404
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and action_ran(form, lambda: change(letter, form))
    ):
        messages.success(request, success)
        return redirect("letters:detail", letter.id)
    return render(request, "letters/form.html", {"form": form, "title": title, "letter": letter})


@require_http_methods(["GET", "POST"])
def deliver(request, letter_id):
    return _letter_form(
        request,
        letter_id,
        DeliveryForm,
        "Send the letter",
        lambda letter, form: actions.letter_deliver(
            letter,
            method=form.cleaned_data["method"],
            email=form.cleaned_data["email"],
            delivered_at=form.delivered_at(),
            officer=form.cleaned_data["officer"],
            by=request.user,
        ),
        "The letter's delivery has been recorded.",
        lambda letter: letter.status == Letter.Status.ISSUED and not letter.delivery_status,
    )


@require_http_methods(["GET", "POST"])
def exempt(request, letter_id):
    return _letter_form(
        request,
        letter_id,
        ExemptionForm,
        "Do not notify the person",
        lambda letter, form: actions.letter_exempt(
            letter,
            exemption=form.cleaned_data["exemption"],
            justification=form.cleaned_data["justification"],
            by=request.user,
        ),
        "The decision not to notify the person has been recorded.",
        lambda letter: bool(current().notification.exemptions) and not letter.issued,
    )


@require_http_methods(["GET", "POST"])
def prepare(request, caution_id):
    # Asked before the caution is read: a refused request leaves no view in the audit.
    if not access.may_handle_letters(request.user):
        raise Http404
    caution = caution_get_for_user(caution_id, request.user)
    if caution.person_id is None:
        raise Http404
    form = PrepareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        made = action_made(form, lambda: _prepare_for(caution, kind, request.user))
        if made is not None:
            messages.success(request, "The letter has been drafted: check its words.")
            return redirect("letters:detail", made.id)
    return render(
        request,
        "letters/form.html",
        {"form": form, "title": "Prepare a letter", "caution": caution},
    )


def _prepare_for(caution, kind: str, user) -> Letter:
    return actions.letter_prepare(
        kind=kind,
        person=caution.person,
        caution=caution,
        decision=getattr(caution, "decision", None),
        by=user,
    )


def post(request):
    """The print pack: letters issued and waiting to be posted."""
    if not access.may_see_letters(request.user):
        raise Http404
    letters = list(selectors.print_pack_letters())
    return render(request, "letters/post.html", {"letters": letters})


def post_pack(request):
    if not access.may_see_letters(request.user):
        raise Http404
    letters = list(selectors.print_pack_letters())
    if not letters:
        raise Http404
    try:
        data = selectors.print_pack_pdf(letters, by=request.user)
    except selectors.TamperedLetter as error:
        return render(request, "letters/tampered.html", {"error": error}, status=409)
    return _pdf_response(data, f"print-pack-{clock.today():%Y-%m-%d}.pdf")


@require_POST
def post_mark(request):
    if not access.may_see_letters(request.user):
        raise Http404
    count = actions.letters_mark_posted(request.POST.getlist("letter"), by=request.user)
    messages.success(request, f"{count} letter{'s' if count != 1 else ''} marked as posted.")
    return redirect("letters:post")


@permission_required(roles.EDIT_LETTER_TEMPLATES, raise_exception=True)
def templates(request):
    profile = current()
    kinds = [
        (kind, label, selectors.template_is_own(profile.key, kind))
        for kind, label in Letter.Kind.choices
    ]
    return render(request, "letters/templates.html", {"kinds": kinds})


@require_http_methods(["GET", "POST"])
@permission_required(roles.EDIT_LETTER_TEMPLATES, raise_exception=True)
def template_edit(request, kind):
    if kind not in Letter.Kind.values:
        raise Http404
    profile = current()
    form = TemplateForm(
        request.POST or None, initial={"source": selectors.template_source(profile.key, kind)}
    )
    preview = missing = None
    if request.method == "POST" and "reset" in request.POST:
        actions.letter_template_reset(kind=kind, by=request.user)
        messages.success(request, "The shipped template is in use again.")
        return redirect("letters:template", kind)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        if "save" not in request.POST:
            preview, missing = _preview(form, source, kind)
        elif action_ran(
            form, lambda: actions.letter_template_save(kind=kind, source=source, by=request.user)
        ):
            messages.success(request, "The template has been saved.")
            return redirect("letters:template", kind)
    elif request.method == "GET":
        preview, missing = _preview(form, form.initial["source"], kind)
    return render(
        request,
        "letters/template_edit.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": Letter.Kind(kind).label,
            "preview": preview,
            "missing": missing or [],
            "variables": content.VARIABLES,
            "own": selectors.template_is_own(profile.key, kind),
        },
    )


@require_POST
@permission_required(roles.EDIT_LETTER_TEMPLATES, raise_exception=True)
def template_preview(request, kind):
    """The preview alone, for the live preview as the administrator types."""
    if kind not in Letter.Kind.values:
        raise Http404
    form = TemplateForm(request.POST)
    preview = missing = None
    if form.is_valid():
        preview, missing = _preview(form, form.cleaned_data["source"], kind)
    problems = [problem for errors in form.errors.values() for problem in errors]
    context = {"preview": preview, "missing": missing or [], "problems": problems}
    return render(request, "letters/_template_preview.html", context)


def _preview(form, source: str, kind: str):
    """The template rendered with made-up data, and the required elements it leaves out."""
    profile = current()
    try:
        used = rendering.variables_used(source)
        body = rendering.render_body(source, content.sample_fields(kind, profile))
    except ValidationError as error:
        for problems in error.message_dict.values():
            form.add_error("source", problems)
        return None, None
    missing = [
        content.LETTER_ELEMENTS[element]
        for element in content.required_elements(kind, profile)
        if content.ELEMENT_VARIABLES[element] not in used
    ]
    return body, missing
