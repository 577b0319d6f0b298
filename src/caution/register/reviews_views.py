"""Pages for reviews: what is due, a review meeting's agenda, and the review of one
caution with what happened since the last one."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from caution.accounts import roles
from caution.lib import clock
from caution.lib.forms import action_made, action_ran
from caution.lib.paging import page_links, page_of
from caution.policy.profiles import current
from caution.register import reviews
from caution.register.access import require_reviewer
from caution.register.deciding_forms import AttendanceForm
from caution.register.models import Caution, ReviewMeeting
from caution.register.reviews_forms import ReviewForm, ReviewMeetingForm
from caution.register.selectors import review_caution_get


def review_list(request):
    require_reviewer(request.user)
    profile = current()
    page = page_of(request, reviews.reviews_due().prefetch_related("person__names"))
    context = {
        "due": page.object_list,
        "page": page,
        "links": page_links(page),
        "profile": profile,
        "meetings": reviews.review_meetings_to_come(),
        "has_meetings": profile.review.meeting_interval_months is not None,
        "today": clock.today(),
    }
    return render(request, "register/review_list.html", context)


def review(request, caution_id):
    caution = review_caution_get(caution_id, request.user)
    context = reviews.since_last_review(caution)
    meeting = None
    if request.GET.get("meeting"):
        meeting = ReviewMeeting.objects.filter(id=_uuid_or_none(request.GET["meeting"])).first()
    # Where a group approves every review, it is recorded from a meeting's agenda only.
    meeting_needed = meeting is None and reviews.review_body() is not None
    form = None
    if caution.status == Caution.Status.ACTIVE and not meeting_needed:
        form = ReviewForm(
            request.POST or None,
            caution=caution,
            justification_needed=context.justification_needed,
            initial={"version": caution.version, "outcome": context.preselected},
        )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: reviews.review_record(
                caution,
                outcome=data["outcome"],
                reasons=data["reasons"],
                justification=data.get("justification", ""),
                next_review=data["next_review"],
                meeting=meeting,
                version=data["version"],
                by=request.user,
                **form.terms(),
            ),
        ):
            messages.success(request, "The review has been recorded.")
            if meeting is not None:
                return redirect("register:review_meeting", meeting.id)
            return redirect("register:reviews")
    page = {
        "caution": caution,
        "since": context,
        "form": form,
        "meeting": meeting,
        "meeting_needed": meeting_needed,
        "meetings": reviews.review_meetings_to_come() if meeting_needed else [],
        "at_a_meeting_only": reviews.at_a_meeting_only(current()),
        "profile": current(),
        "history": reviews.reviews_history(caution),
    }
    return render(request, "register/review_form.html", page)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def review_meeting_new(request):
    require_reviewer(request.user)
    profile = current()
    if profile.review.meeting_interval_months is None:
        raise Http404
    form = ReviewMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = action_made(
            form,
            lambda: reviews.review_meeting_schedule(
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                non_voting=list(form.cleaned_data["non_voting"]),
                by=request.user,
            ),
        )
        if created is not None:
            messages.success(request, "The review meeting has been scheduled and members told.")
            return redirect("register:review_meeting", created.id)
    title = f"Schedule a review meeting of the {profile.review.by.title}"
    return render(request, "register/workflow_form.html", {"form": form, "title": title})


def review_meeting(request, meeting_id):
    """The agenda, the group invited and present, whether it is quorate to approve reviews
    (000 §8.4, 002 §3.4), and the reviews it approved."""
    require_reviewer(request.user)
    meeting = ReviewMeeting.objects.filter(id=meeting_id).first()
    if meeting is None:
        raise Http404
    form = AttendanceForm(
        request.POST or None,
        meeting=meeting,
        initial={"version": meeting.version, "attended": list(meeting.attended.all())},
    )
    records = request.user.has_perm(roles.DECIDE)
    if request.method == "POST" and records and form.is_valid():
        data = form.cleaned_data
        if action_ran(
            form,
            lambda: reviews.review_meeting_attendance_record(
                meeting, attended=list(data["attended"]), version=data["version"], by=request.user
            ),
        ):
            messages.success(request, "Attendance has been recorded.")
            return redirect("register:review_meeting", meeting.id)
    context = {
        "meeting": meeting,
        "agenda": reviews.agenda(meeting),
        "reviewed": reviews.meeting_reviews(meeting),
        "today": clock.today(),
        "profile": current(),
        "form": form if records else None,
        "quorum_problem": reviews.review_quorum_problem(meeting),
        "body": reviews.review_body(),
    }
    return render(request, "register/review_meeting.html", context)
