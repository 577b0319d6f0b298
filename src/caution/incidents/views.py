"""Reporting pages. Thin: each reads through a selector and changes through an action."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.audit.selectors import history_of
from caution.incidents import actions
from caution.incidents.forms import (
    ContactForm,
    DetailsForm,
    EvidenceForm,
    FindPersonForm,
    KindForm,
    StaffForm,
    WitnessForm,
)
from caution.incidents.selectors import (
    evidence_get_for_user,
    incident_get_for_user,
    may_see_riddor_queue,
    report_get_for_user,
    reports_page,
    riddor_queue,
)
from caution.lib.concurrency import ChangedSinceOpened
from caution.lib.paging import page_links, page_of
from caution.lib.uploads import UploadRefused
from caution.people.actions import AddressInput
from caution.people.matching import Query
from caution.policy.profiles import current
from caution.register import deciding, reporting
from caution.register.access import check_access
from caution.register.check import check_run
from caution.register.reporting import person_choosable


@permission_required(roles.REPORT, raise_exception=True)
def index(request):
    mine, queue = reports_page(request.user)
    context = {"mine": mine, "queue": queue, "riddor": may_see_riddor_queue(request.user)}
    return render(request, "incidents/index.html", context)


def riddor(request):
    """Reports flagged RIDDOR-reportable, for the posts that lead or advise on their
    investigation (000 §2.2), a page at a time."""
    if not may_see_riddor_queue(request.user):
        raise PermissionDenied("Your post is not one the policy tells of RIDDOR reports.")
    page = page_of(request, riddor_queue(request.user))
    audit_record(
        by=request.user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed the RIDDOR queue",
        people=[incident.person for incident in page if incident.person_id],
    )
    return render(request, "incidents/riddor.html", {"page": page, "links": page_links(page)})


@permission_required(roles.REPORT, raise_exception=True)
def start(request):
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident = actions.incident_start(kind=form.cleaned_data["kind"], by=request.user)
        return redirect("incidents:details", incident.id)
    return render(request, "incidents/start.html", {"form": form})


def detail(request, incident_id):
    incident = report_get_for_user(incident_id, request.user)
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "problems": actions.submit_problems(incident) if incident.status == "draft" else {},
            "mine": incident.reported_by_id == request.user.id,
            "draft": incident.status == incident.Status.DRAFT,
            "category": current().category(incident.category),
            "history": history_of(incident)
            if request.user.has_perm(roles.VIEW_RESTRICTED)
            else None,
            # Only what the actions would let this user do.
            "may_assess": deciding.may_assess(incident, request.user),
            "may_decide": deciding.may_decide(incident, request.user),
            "may_add_interim": deciding.may_add_interim(incident, request.user),
            "may_approve": [
                d.id for d in incident.decisions.all() if deciding.may_approve(d, request.user)
            ],
        },
    )


class SubmittedAlready(PermissionDenied):
    """The reporter came back (Back, a bookmark) to change a report already submitted: the
    403 page says so, in these words, with a link to the report."""

    heading = "This report can no longer be changed"

    def __init__(self, message: str, *, incident) -> None:
        super().__init__(message)
        self.link = (reverse("incidents:detail", args=[incident.id]), "View the report")


def _draft_for(request, incident_id):
    incident = incident_get_for_user(incident_id, request.user)
    if incident.reported_by_id != request.user.id:
        raise Http404
    if incident.status != "draft":
        submitted = timezone.localtime(incident.submitted_at)
        raise SubmittedAlready(
            f"This report was submitted on {submitted:%-d %B %Y} and can no longer be "
            f"changed. Its reference is {incident.reference}.",
            incident=incident,
        )
    return incident


def _save(request, form, incident, template: str, change, **context):
    """Run an action from a valid form; show the form again with its errors otherwise,
    including "changed since you opened it"."""
    if request.method == "POST" and form.is_valid():
        try:
            change(form)
        except ChangedSinceOpened as error:
            form.add_error(None, str(error))
        except (ValidationError, UploadRefused) as error:
            _add_errors(form, error)
        else:
            return redirect("incidents:detail", incident.id)
    return render(request, template, {"form": form, "incident": incident, **context})


def _add_errors(form, error) -> None:
    if isinstance(error, UploadRefused):
        form.add_error("file", str(error))
    elif hasattr(error, "message_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def details(request, incident_id):
    incident = _draft_for(request, incident_id)
    initial = DetailsForm.initial_for(incident)
    form = DetailsForm(request.POST or None, initial=initial, incident=incident)

    def change(form):
        actions.incident_update(
            incident, form.details(), version=form.cleaned_data["version"], by=request.user
        )

    return _save(request, form, incident, "incidents/form.html", change, title="Details")


def witness_add(request, incident_id):
    incident = _draft_for(request, incident_id)
    form = WitnessForm(request.POST or None, initial={"version": incident.version})

    def change(form):
        data = form.cleaned_data
        actions.witness_add(
            incident,
            name=data["name"],
            statement=data["statement"],
            version=data["version"],
            by=request.user,
        )

    return _save(request, form, incident, "incidents/form.html", change, title="Add a witness")


def staff_add(request, incident_id):
    incident = _draft_for(request, incident_id)
    form = StaffForm(request.POST or None, initial={"version": incident.version})

    def change(form):
        data = form.cleaned_data
        actions.staff_add(
            incident,
            user=data["username"],
            name=data["name"],
            threatened=data["threatened"],
            version=data["version"],
            by=request.user,
        )

    return _save(
        request,
        form,
        incident,
        "incidents/form.html",
        change,
        title="Add a member of staff affected",
    )


def contact_add(request, incident_id):
    incident = _draft_for(request, incident_id)
    form = ContactForm(request.POST or None, initial={"version": incident.version})

    def change(form):
        actions.contact_add(
            incident,
            occurred_at=form.occurred_at(),
            channel=form.cleaned_data["channel"],
            summary=form.cleaned_data["summary"],
            version=form.cleaned_data["version"],
            by=request.user,
        )

    return _save(request, form, incident, "incidents/form.html", change, title="Add a contact")


def evidence_add(request, incident_id):
    incident = _draft_for(request, incident_id)
    form = EvidenceForm(
        request.POST or None, request.FILES or None, initial={"version": incident.version}
    )

    def change(form):
        upload = form.cleaned_data["file"]
        actions.evidence_add(
            incident,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            data=upload.read(),
            version=form.cleaned_data["version"],
            by=request.user,
        )

    return _save(
        request, form, incident, "incidents/form.html", change, title="Add evidence", multipart=True
    )


def evidence_download(request, evidence_id):
    evidence = evidence_get_for_user(evidence_id, request.user)
    incident = evidence.incident
    audit_record(
        by=request.user,
        verb=AuditEvent.Verb.VIEW,
        summary="Opened evidence",
        target=evidence,
        people=[incident.person] if incident.person_id else [],
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"evidence-{evidence.id}.{evidence.file.name.rsplit('.', 1)[-1]}",
        content_type=evidence.content_type,
    )


def person(request, incident_id):
    """Find the person with the check; add someone new only when it shows no match. Someone
    who may not search the register names the person, and is shown nobody (002 §5)."""
    incident = _draft_for(request, incident_id)
    searches = check_access(request.user).allowed
    form = FindPersonForm(
        request.POST or None, initial={"version": incident.version}, searches=searches
    )
    result = None
    if request.method == "POST" and form.is_valid():
        if not searches:
            return _person_chosen(request, incident, form, chosen="new")
        data = form.cleaned_data
        query = Query(
            name=f"{data['given_names']} {data['family_name']}".strip(),
            date_of_birth=data["date_of_birth"],
            address=", ".join(p for p in (data["line1"], data["postcode"]) if p),
        )
        if "chosen" in request.POST:
            return _person_chosen(request, incident, form)
        result = check_run(query, by=request.user, warned=True)
    return render(
        request,
        "incidents/person.html",
        {"form": form, "incident": incident, "result": result, "searches": searches},
    )


def _person_chosen(request, incident, form, chosen: str | None = None):
    data = form.cleaned_data
    chosen = chosen or request.POST["chosen"]
    try:
        if chosen == "new":
            address = (
                AddressInput(line1=data["line1"], postcode=data["postcode"])
                if data["line1"]
                else None
            )
            reporting.incident_person_create(
                incident,
                given_names=data["given_names"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                address=address,
                not_any_of=set(request.POST.getlist("shown")),
                version=data["version"],
                by=request.user,
            )
        else:
            chosen_person = person_choosable(chosen, request.user)
            actions.incident_person_choose(
                incident, chosen_person, version=data["version"], by=request.user
            )
    except reporting.PossibleMatches as matches:
        form.add_error(None, str(matches))
        return render(
            request,
            "incidents/person.html",
            {"form": form, "incident": incident, "result": matches.result},
        )
    except ChangedSinceOpened as error:
        form.add_error(None, str(error))
        return render(request, "incidents/person.html", {"form": form, "incident": incident})
    return redirect("incidents:detail", incident.id)


@require_POST
def submit(request, incident_id):
    incident = _draft_for(request, incident_id)
    try:
        actions.incident_submit(
            incident, version=int(request.POST.get("version", 0)), by=request.user
        )
    except (ChangedSinceOpened, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("incidents:detail", incident.id)
    return redirect("incidents:submitted", incident.id)


def submitted(request, incident_id):
    """The confirmation: the report's reference and what happens next."""
    incident = incident_get_for_user(incident_id, request.user)
    if incident.reported_by_id != request.user.id:
        raise Http404
    if incident.status == incident.Status.DRAFT:
        return redirect("incidents:detail", incident.id)
    return render(
        request,
        "incidents/submitted.html",
        {
            "incident": incident,
            "threatened": incident.staff.filter(threatened=True).exists(),
        },
    )
