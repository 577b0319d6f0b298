"""The decision as GOV.UK question pages: before the questions, whether this user can
decide the report now (at which meeting: held, quorate, nobody counted who was involved);
then the outcome, the level, the precautions, the restrictions one at a time and the
profile's questions, each page with the report's account, the assessment and the person's
history beside it; then "check your answers", which calls the same action as the single
decision form (`deciding.decision_record`). The answers wait in the session, by report,
until then: nothing is recorded before the decider confirms."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from caution.accounts import roles
from caution.accounts.models import Organisation
from caution.incidents.selectors import incident_get_for_user
from caution.lib.forms import REFUSALS
from caution.people.adjusting import adjustments_in_force
from caution.people.models import Address, IdentifiedBy
from caution.policy.profiles import current
from caution.register import deciding, selectors
from caution.register.cautions_terms import RestrictionInput, restriction_label
from caution.register.deciding import CautionTerms, Identity, PromptAnswer
from caution.register.deciding_forms import (
    AddRestrictionForm,
    LevelForm,
    OutcomeForm,
    PrecautionsForm,
    QuestionsForm,
)
from caution.register.models import Decision, Meeting

SESSION_KEY = "decisions"
CAUTION_STEPS = ("level", "precautions", "restrictions", "questions")
TITLES = {
    "outcome": "What did the {body} decide?",
    "level": "The level of the caution",
    "precautions": "What staff must do",
    "restrictions": "Restrictions on what the person may do",
    "questions": "Before the caution goes on",
}
# Where a refusal of the action sends the decider to put it right.
FIELD_STEPS = {
    "outcome": "outcome",
    "reasons": "outcome",
    "level": "level",
    "on_address": "level",
    "restrictions": "restrictions",
    "share_with": "questions",
    "sharing_justification": "questions",
    "partner_told_person_on": "questions",
    "identity_reason": "questions",
    "adjustment_reason": "questions",
}


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def start(request, incident_id):
    """Before the questions: may this user decide the report now, and where."""
    case = selectors.decision_case_get(incident_id, request.user)
    incident = case.incident
    panel = current().decision.panel is not None
    meetings = _meetings(incident, request.user) if panel else []
    ready = [meeting for meeting, problem in meetings if not problem]
    problem = "" if panel else deciding.decider_problem(incident, None, request.user)
    if request.method == "POST" and (ready if panel else not problem):
        chosen = _chosen_meeting(request, ready) if panel else None
        if not panel or chosen is not None:
            _journeys(request)[str(incident.id)] = {
                "version": incident.version,
                "meeting": str(chosen.id) if chosen else None,
            }
            request.session.modified = True
            return redirect("register:decision_step", incident.id, "outcome")
    context = {
        "case": case,
        "incident": incident,
        "panel": panel,
        "meetings": meetings,
        "ready": ready,
        "problem": problem,
        "may_schedule": request.user.has_perm(roles.DECIDE),
    }
    return render(request, "register/decision_start.html", context)


def _meetings(incident, user) -> list[tuple[Meeting, str]]:
    """The meetings with this report on their agenda, each with why this user cannot
    record its decision there ("" if they can)."""
    found = Meeting.objects.filter(cases=incident).order_by("starts_at")
    return [(meeting, deciding.decider_problem(incident, meeting, user)) for meeting in found]


def _chosen_meeting(request, ready: list[Meeting]) -> Meeting | None:
    if len(ready) == 1:
        return ready[0]
    return next((m for m in ready if str(m.id) == request.POST.get("meeting")), None)


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def step(request, incident_id, step):
    if step not in TITLES:
        raise Http404
    case = _case_for_decider(request, incident_id)
    answers = _journeys(request).get(str(case.incident.id))
    if answers is None:
        return redirect("register:decision", case.incident.id)
    if step in CAUTION_STEPS and answers.get("outcome") != Decision.Outcome.CAUTION:
        return redirect("register:decision_step", case.incident.id, "outcome")
    if step == "restrictions":
        return _restrictions(request, case, answers)
    form = _form(step, _posted(request), answers, case.incident)
    if request.method == "POST" and form.is_valid():
        answers.update(_stored(step, form))
        request.session.modified = True
        return redirect(_next(request, case.incident, step, answers))
    return _page(request, case, step, form, answers)


def _case_for_decider(request, incident_id) -> selectors.DecisionCase:
    """The case, for those the report's page offers its decision (asked before the case
    is read, so a refusal leaves no read in the audit)."""
    incident = incident_get_for_user(incident_id, request.user)
    if not deciding.may_decide(incident, request.user):
        raise PermissionDenied("You cannot record the decision on this report.")
    return selectors.decision_case_get(incident_id, request.user)


def _posted(request):
    """The form's data on a POST, even an empty one (a page posted with nothing chosen
    shows its errors)."""
    return request.POST if request.method == "POST" else None


def _form(step: str, data, answers: dict, incident):
    initial = dict(answers)
    for code, (answer, note) in answers.get("prompts", {}).items():
        initial[f"prompt_{code}"], initial[f"prompt_{code}_note"] = answer, note
    if step == "outcome":
        return OutcomeForm(data, initial=initial)
    if step == "level":
        return LevelForm(data, initial=initial, incident=incident)
    if step == "precautions":
        return PrecautionsForm(data, initial=initial)
    initial.setdefault("identified_by", incident.identified_by)
    initial.setdefault("identity_confidence", incident.identity_confidence)
    if initial.get("partner_told_person_on"):
        initial["partner_told_person_on"] = dt.date.fromisoformat(initial["partner_told_person_on"])
    adjusted = bool(adjustments_in_force([incident.person_id]).get(incident.person_id))
    return QuestionsForm(data, initial=initial, incident=incident, adjusted=adjusted)


def _stored(step: str, form) -> dict:
    """A page's answers as the session keeps them (text, ids and ISO dates)."""
    data = form.cleaned_data
    if step == "level":
        address = data.get("on_address")
        return {"level": data["level"], "on_address": str(address.pk) if address else None}
    if step == "questions":
        return {
            "identified_by": data["identified_by"],
            "identity_confidence": data["identity_confidence"],
            "identity_reason": data["identity_reason"].strip(),
            "adjustment_reason": data.get("adjustment_reason", "").strip(),
            "share_with": [str(org.pk) for org in data.get("share_with", ())],
            "sharing_justification": data.get("sharing_justification", "").strip(),
            "partner_sourced": data["partner_sourced"],
            "partner_told_person_on": told.isoformat()
            if (told := data["partner_told_person_on"])
            else None,
            "complex_case": data.get("complex_case", False),
            "prompts": {
                prompt.code: [data[f"prompt_{prompt.code}"], data[f"prompt_{prompt.code}_note"]]
                for prompt in form.prompts
            },
        }
    return dict(data)


def _next(request, incident, step: str, answers: dict) -> str:
    """The next question, or back to "check your answers" once every question the
    outcome needs is answered and the decider came from there to change one."""
    caution = answers.get("outcome") == Decision.Outcome.CAUTION
    steps = ["outcome", *(CAUTION_STEPS if caution else ())]
    unanswered = [s for s in steps if not _answered(s, answers)]
    if request.GET.get("from") == "check" and not unanswered:
        return reverse("register:decision_check", args=[incident.id])
    following = steps[steps.index(step) + 1 :] if step in steps else []
    target = following[0] if following else "check"
    if target == "check":
        return reverse("register:decision_check", args=[incident.id])
    return reverse("register:decision_step", args=[incident.id, target])


def _answered(step: str, answers: dict) -> bool:
    keys = {
        "outcome": "outcome",
        "level": "level",
        "precautions": "precautions",
        "restrictions": "restrictions_done",
        "questions": "prompts",
    }
    return keys[step] in answers


def _restrictions(request, case, answers: dict):
    """One restriction at a time: those added so far, each with a way to remove it, and
    "Do you want to add another?" (GOV.UK's add-another pattern)."""
    added = answers.setdefault("restrictions", [])
    if request.method == "POST" and "remove" in request.POST:
        index = request.POST["remove"]
        if index.isdigit() and int(index) < len(added):
            added.pop(int(index))
            request.session.modified = True
        return redirect("register:decision_step", case.incident.id, "restrictions")
    form = AddRestrictionForm(_posted(request), added=len(added))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add"] == "yes":
            added.append(_restriction_stored(form.restriction()))
            request.session.modified = True
            return redirect("register:decision_step", case.incident.id, "restrictions")
        answers["restrictions_done"] = True
        request.session.modified = True
        return redirect(_next(request, case.incident, "restrictions", answers))
    words = [_restriction_words(item) for item in added]
    return _page(request, case, "restrictions", form, answers, added=words)


def _restriction_stored(restriction: RestrictionInput) -> dict:
    return {
        "type": restriction.type,
        "details": restriction.details,
        "named_contact": restriction.named_contact,
        "channels": list(restriction.channels),
        "service_area": restriction.service_area,
        "starts_on": restriction.starts_on.isoformat() if restriction.starts_on else None,
        "ends_on": restriction.ends_on.isoformat() if restriction.ends_on else None,
        "permanent": restriction.permanent,
    }


def _restriction_input(stored: dict) -> RestrictionInput:
    def day(value):
        return dt.date.fromisoformat(value) if value else None

    return RestrictionInput(
        type=stored["type"],
        details=stored["details"],
        named_contact=stored["named_contact"],
        channels=tuple(stored["channels"]),
        service_area=stored["service_area"],
        starts_on=day(stored["starts_on"]),
        ends_on=day(stored["ends_on"]),
        permanent=stored["permanent"],
    )


def _restriction_words(stored: dict) -> str:
    words = [restriction_label(stored["type"], current())]
    if stored["details"]:
        words.append(stored["details"])
    if stored["named_contact"]:
        words.append(f"contact: {stored['named_contact']}")
    if stored["starts_on"]:
        words.append(f"from {dt.date.fromisoformat(stored['starts_on']):%-d %B %Y}")
    if stored["ends_on"]:
        words.append(f"until {dt.date.fromisoformat(stored['ends_on']):%-d %B %Y}")
    if stored["permanent"]:
        words.append("permanent")
    return ", ".join(words)


def _page(request, case, step: str, form, answers: dict, **extra):
    context = {
        "case": case,
        "incident": case.incident,
        "form": form,
        "step": step,
        "title": TITLES[step].format(body=current().decision_body),
        "back": _back(case.incident, step, answers),
        **extra,
    }
    return render(request, "register/decision_step.html", context)


def _back(incident, step: str, answers: dict) -> str:
    steps = ["outcome", *CAUTION_STEPS]
    if step == "outcome":
        return reverse("register:decision", args=[incident.id])
    return reverse("register:decision_step", args=[incident.id, steps[steps.index(step) - 1]])


@permission_required(roles.VIEW_INCIDENTS, raise_exception=True)
def check(request, incident_id):
    """Check your answers, then record the decision with the same action as the form."""
    case = _case_for_decider(request, incident_id)
    incident = case.incident
    answers = _journeys(request).get(str(incident.id))
    if answers is None or "outcome" not in answers:
        return redirect("register:decision", incident.id)
    caution = answers["outcome"] == Decision.Outcome.CAUTION
    missing = [s for s in CAUTION_STEPS if caution and not _answered(s, answers)]
    if missing:
        return redirect("register:decision_step", incident.id, missing[0])
    problems = []
    if request.method == "POST":
        try:
            _record(incident, answers, request.user)
        except REFUSALS as refusal:
            problems = _problems(incident, refusal)
        else:
            del _journeys(request)[str(incident.id)]
            request.session.modified = True
            messages.success(request, "The decision has been recorded.")
            return redirect("incidents:detail", incident.id)
    context = {
        "case": case,
        "incident": incident,
        "rows": _rows(incident, answers),
        "problems": problems,
        "meeting": _meeting(answers),
        "letter": _letter_words(answers["outcome"], answers.get("restrictions")),
    }
    return render(request, "register/decision_check.html", context)


def _record(incident, answers: dict, user) -> Decision:
    caution = answers["outcome"] == Decision.Outcome.CAUTION
    return deciding.decision_record(
        incident,
        outcome=answers["outcome"],
        reasons=answers["reasons"],
        terms=_terms(incident, answers) if caution else None,
        complex_case=caution and answers.get("complex_case", False),
        meeting=_meeting(answers),
        answers={
            code: PromptAnswer(answer, note)
            for code, (answer, note) in answers.get("prompts", {}).items()
        },
        identity=Identity(
            identified_by=answers.get("identified_by", incident.identified_by),
            confidence=answers.get("identity_confidence", incident.identity_confidence),
            reason=answers.get("identity_reason", ""),
        ),
        adjustment_reason=answers.get("adjustment_reason", ""),
        version=answers["version"],
        by=user,
    )


def _meeting(answers: dict) -> Meeting | None:
    return Meeting.objects.filter(id=answers["meeting"]).first() if answers["meeting"] else None


def _terms(incident, answers: dict) -> CautionTerms:
    precautions = [*answers["precautions"], answers["other_precautions"].strip()]
    partners = Organisation.objects.filter(
        kind=Organisation.Kind.PARTNER, id__in=answers.get("share_with", [])
    )
    address = answers.get("on_address")
    return CautionTerms(
        level=answers["level"],
        precautions="\n".join(p for p in precautions if p),
        restrictions=tuple(_restriction_input(r) for r in answers.get("restrictions", [])),
        key_contact=answers["key_contact"].strip(),
        share_with=tuple(partners),
        sharing_justification=answers.get("sharing_justification", ""),
        partner_sourced=answers.get("partner_sourced", False),
        partner_told_person_on=dt.date.fromisoformat(told)
        if (told := answers.get("partner_told_person_on"))
        else None,
        on_address=Address.objects.filter(id=address).first() if address else None,
    )


def _problems(incident, refusal) -> list[tuple[str, str]]:
    """The action's refusal as the error summary's lines, each linking to the page that
    puts it right."""
    found = getattr(refusal, "error_dict", None)
    if not found:
        messages_ = getattr(refusal, "messages", [str(refusal)])
        start = reverse("register:decision", args=[incident.id])
        return [(message, start) for message in messages_]
    lines = []
    for field, problems in refusal.message_dict.items():
        step = "questions" if field.startswith("prompt_") else FIELD_STEPS.get(field)
        url = (
            reverse("register:decision_step", args=[incident.id, step])
            if step
            else reverse("register:decision", args=[incident.id])
        )
        lines += [(problem, url) for problem in problems]
    return lines


def _rows(incident, answers: dict) -> list[tuple[str, str, str]]:
    """Check your answers: each answer, in words, with the page that changes it."""

    def change(step: str) -> str:
        return reverse("register:decision_step", args=[incident.id, step]) + "?from=check"

    profile = current()
    outcome = Decision.Outcome(answers["outcome"]).label
    rows = [
        ("Outcome", outcome, change("outcome")),
        ("Reasons", answers["reasons"], change("outcome")),
    ]
    if answers["outcome"] != Decision.Outcome.CAUTION:
        return rows
    level = profile.level(answers["level"])
    address = answers.get("on_address")
    held_on = Address.objects.filter(id=address).first() if address else None
    precautions = [*answers["precautions"], answers["other_precautions"]]
    restrictions = [_restriction_words(r) for r in answers.get("restrictions", [])]
    partners = Organisation.objects.filter(id__in=answers.get("share_with", []))
    rows += [
        ("Level", f"{level.code}: {level.label}" if level else answers["level"], change("level")),
        ("Held on", held_on.one_line if held_on else "The person", change("level")),
        ("Precautions", "\n".join(p for p in precautions if p) or "None", change("precautions")),
        ("Key contact", answers["key_contact"] or "Not recorded", change("precautions")),
        ("Restrictions", "\n".join(restrictions) or "None", change("restrictions")),
    ]
    for prompt in profile.decision.prompts:
        answer, note = answers.get("prompts", {}).get(prompt.code, ["", ""])
        said = f"{answer.capitalize()}{f': {note}' if note else ''}"
        rows.append((prompt.question, said, change("questions")))
    identified = dict(IdentifiedBy.choices).get(answers.get("identified_by", ""), "Not said")
    if reason := answers.get("identity_reason"):
        identified += f"\nOne identifier is enough: {reason}"
    rows.append(("Who the person is", identified, change("questions")))
    if partners:
        rows.append(("Shared with", ", ".join(p.name for p in partners), change("questions")))
        why = answers.get("sharing_justification") or "Not given"
        rows.append(("Why it is shared", why, change("questions")))
    if why := answers.get("adjustment_reason"):
        rows.append(("Why still proportionate, given the adjustments", why, change("questions")))
    if told := answers.get("partner_told_person_on"):
        told_on = f"{dt.date.fromisoformat(told):%-d %B %Y}"
        rows.append(("The partner told the person on", told_on, change("questions")))
    if profile.decision.approval is not None:
        complex_case = "Yes" if answers.get("complex_case") else "No"
        rows.append(("Complex or sensitive case", complex_case, change("questions")))
    return rows


def _letter_words(outcome: str, restrictions) -> str:
    """What letter the decision starts (letters.actions.letter_kind_for), in words."""
    signatory = current().notification.signatory.title
    if outcome == Decision.Outcome.WARNING:
        kind = "A warning letter"
    elif outcome == Decision.Outcome.CAUTION:
        kind = "A letter setting out the restrictions" if restrictions else "A caution letter"
    else:
        return "None: the person is not written to about this outcome."
    return f"{kind} is drafted at once, for the {signatory} to sign before it is sent."


def _journeys(request) -> dict:
    """The decisions in progress in this session, by report."""
    return request.session.setdefault(SESSION_KEY, {})
