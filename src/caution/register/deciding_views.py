"""Pages from a report to a decision: the dashboard of what waits, assessing, interim
alerts, deciding, approving and panel meetings. Thin: each reads through a selector and
changes through an action; errors come back on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render

from caution.accounts import roles
from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.incidents.selectors import incident_get_for_user, positive_contacts_about
from caution.lib.forms import action_made, action_ran
from caution.lib.paging import page_links, page_of
from caution.people.adjusting import adjustments_in_force
from caution.policy.profiles import current
from caution.register import dashboard as queues
from caution.register import deciding, selectors
from caution.register.deciding_forms import (
    ApproveForm,
    AssessmentForm,
    AttendanceForm,
    DecisionForm,
    InterimAlertForm,
    MeetingForm,
    member_choices,
)
from caution.register.markers import markers_drift
from caution.register.models import Meeting


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def dashboard(request):
    context = {"sections": queues.dashboard(request.user)}
    if request.user.has_perm(roles.DECIDE):
        context["drift"] = markers_drift()
    return render(request, "register/dashboard.html", context)


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def queue(request, key):
    """One of the dashboard's queues in full, a page at a time."""
    found = queues.queue_get(request.user, key)
    page = page_of(request, found.rows)
    context = {
        "queue": found,
        "counts": found.counts(),
        "items": queues.queue_items_shown(request.user, found, page.object_list),
        "page": page,
        "links": page_links(page),
    }
    return render(request, "register/queue.html", context)


@permission_required(roles.ASSESS, raise_exception=True)
def assess(request, incident_id):
    incident = incident_get_for_user(incident_id, request.user)
    # No level is chosen for the assessor: the category's suggestion is shown beside the
    # question, never preselected (a default would be the most severe, or the easiest).
    category = current().category(incident.category)
    form = AssessmentForm(
        request.POST or None,
        initial={"version": incident.version},
        suggested=category.suggested_level if category else "",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: deciding.assessment_record(
                incident,
                severity=data["severity"],
                future_risk=data["future_risk"],
                recommended_level=data["recommended_level"],
                reasons=data["reasons"],
                context=data["context"],
                staff_support=data["staff_support"],
                police_referral=data["police_referral"],
                version=data["version"],
                by=request.user,
            ),
        ):
            messages.success(request, "The assessment has been saved.")
            return redirect("incidents:detail", incident.id)
    audit_record(
        by=request.user,
        verb=AuditEvent.Verb.VIEW,
        summary="Viewed a report to assess it",
        target=incident,
        people=[incident.person_id] if incident.person_id else [],
    )
    context = {"form": form, "incident": incident, "title": "Assess the report", "account": True}
    return render(request, "register/workflow_form.html", context)


@permission_required(roles.ASSESS, raise_exception=True)
def interim(request, incident_id):
    """An urgent alert pending full assessment (003 §8.7), or the instant ban
    (001 §12.2), where the profile has them for this kind of report."""
    if not current().decision.interim_alert:
        raise Http404
    incident = incident_get_for_user(incident_id, request.user)
    if not current().decision.interim_allowed(incident.category):
        raise Http404
    form = InterimAlertForm(request.POST or None, incident=incident)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: deciding.interim_alert_add(
                incident,
                level=data["level"],
                precautions=data["precautions"],
                reasons=data["reasons"],
                identity_reason=data["identity_reason"],
                by=request.user,
            ),
        ):
            messages.success(request, "The interim alert is on the register until the decision.")
            return redirect("incidents:detail", incident.id)
    context = {"form": form, "incident": incident, "title": "Add an urgent interim alert"}
    return render(request, "register/workflow_form.html", context)


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def decide(request, incident_id):
    incident = incident_get_for_user(incident_id, request.user)
    # The form only for whom the action would take it from (it asks again).
    deciding.refuse_if_not_decider(incident, request.user)
    meetings = Meeting.objects.filter(cases=incident)
    # What is agreed, never the need: the decider weighs the restrictions against it.
    adjustments = adjustments_in_force([incident.person_id]).get(incident.person_id, [])
    form = DecisionForm(
        request.POST or None,
        initial={
            "version": incident.version,
            # The report's answer, for the decider to confirm or change.
            "identified_by": incident.identified_by,
            "identity_confidence": incident.identity_confidence,
        },
        incident=incident,
        meetings=meetings,
        adjusted=bool(adjustments),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: deciding.decision_record(
                incident,
                outcome=data["outcome"],
                reasons=data["reasons"],
                terms=form.terms(),
                complex_case=data["complex_case"],
                meeting=data["meeting"],
                answers=form.answers(),
                identity=form.identity(),
                adjustment_reason=data["adjustment_reason"],
                version=data["version"],
                by=request.user,
            ),
        ):
            messages.success(request, "The decision has been recorded.")
            return redirect("incidents:detail", incident.id)
    context = {
        "form": form,
        "incident": incident,
        "contacts": positive_contacts_about(incident),
        "adjustments": adjustments,
    }
    return render(request, "register/decide.html", context)


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def approve(request, decision_id):
    decision = selectors.decision_awaiting_approval(decision_id, request.user)
    # The form only for whom the action would take it from (it asks again).
    deciding.refuse_if_not_approver(decision, request.user)
    approval = current().decision.approval
    # An approval as proposed posts no fields, so the form is bound by the method.
    form = ApproveForm(
        request.POST if request.method == "POST" else None,
        may_change_expiry=current().decision.approver_may_change_expiry,
        button=f"Approve as {approval.title}",
    )

    def change() -> None:
        expires_on = form.cleaned_data.get("expires_on")
        deciding.decision_approve(decision, expires_on=expires_on, by=request.user)

    if request.method == "POST" and form.is_valid() and action_ran(form, change):
        messages.success(request, "Approved: the caution is on the register.")
        return redirect("incidents:detail", decision.incident_id)
    return render(
        request,
        "register/approve.html",
        {
            "form": form,
            "decision": decision,
            "incident": decision.incident,
            "proposed_expiry": deciding.proposed_expiry(decision),
        },
    )


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def meetings(request):
    return render(request, "register/meetings.html", {"meetings": selectors.meetings_upcoming()})


@permission_required(roles.DECIDE, raise_exception=True)
def meeting_new(request):
    if current().decision.panel is None:
        raise Http404
    form = MeetingForm(
        request.POST or None, cases=selectors.cases_to_schedule(), members=member_choices()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = action_made(
            form,
            lambda: deciding.meeting_schedule(
                starts_at=form.starts_at(),
                place=data["place"],
                cases=list(data["cases"]),
                invited=list(data["invited"]),
                non_voting=list(data["non_voting"]),
                late_reason=data["late_reason"],
                by=request.user,
            ),
        )
        if created is not None:
            messages.success(request, "The meeting has been scheduled and members told.")
            return redirect("register:meeting", created.id)
    return render(
        request, "register/workflow_form.html", {"form": form, "title": "Schedule a meeting"}
    )


def meeting(request, meeting_id):
    meeting = selectors.meeting_get(meeting_id, request.user)
    form = AttendanceForm(
        request.POST or None,
        meeting=meeting,
        initial={"version": meeting.version, "attended": list(meeting.attended.all())},
    )
    if request.method == "POST" and request.user.has_perm(roles.DECIDE) and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: deciding.meeting_attendance_record(
                meeting, attended=list(data["attended"]), version=data["version"], by=request.user
            ),
        ):
            messages.success(request, "Attendance has been recorded.")
            return redirect("register:meeting", meeting.id)
    cases = [
        (case, deciding.quorum_problem(meeting, case), deciding.may_decide(case, request.user))
        for case in meeting.cases.all()
    ]
    context = {
        "meeting": meeting,
        "form": form,
        "cases": cases,
        "not_held": deciding.meeting_not_held_problem(meeting),
    }
    return render(request, "register/meeting.html", context)
