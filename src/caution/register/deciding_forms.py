"""Forms for assessing, deciding, approving, panel meetings and interim alerts. They only
collect and clean input; the rules are in the actions (register/deciding.py)."""

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalRadios,
    Field,
    Fieldset,
    Fluid,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.utils import timezone

from caution.accounts.models import Organisation, User
from caution.incidents.forms import TimeField
from caution.incidents.models import Incident
from caution.lib.forms import DateField, RevealQuestion, form_helper
from caution.people.models import Address, IdentifiedBy, IdentityConfidence
from caution.policy.citing import citations_lazy
from caution.policy.profiles import current
from caution.register.cautions_forms import level_choices
from caution.register.deciding import CautionTerms, Identity, PromptAnswer, RestrictionInput
from caution.register.identity import has_second_identifier
from caution.register.models import Assessment, Decision

RESTRICTION_ROWS = 3


class AssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    severity = forms.ChoiceField(
        label="Severity of the incident",
        choices=Assessment.Rating.choices,
        widget=forms.RadioSelect,
    )
    future_risk = forms.ChoiceField(
        label="Future risk the person poses",
        choices=Assessment.Rating.choices,
        widget=forms.RadioSelect,
    )
    recommended_level = forms.ChoiceField(label="Recommended level")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Reasons")
    context = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Context that lowers the level",
        help_text=citations_lazy("For example, circumstances unlikely to be repeated (003 §8.3)"),
    )
    staff_support = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Support the member of staff needs",
    )
    police_referral = forms.BooleanField(required=False, label="Refer to the police")

    def __init__(self, *args, suggested: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommended_level"].choices = [("", "Choose a level"), *level_choices()]
        if suggested:
            self.fields[
                "recommended_level"
            ].help_text = f"The policy suggests level {suggested} for this kind of behaviour"
        for name, message in (
            ("severity", "Choose the severity"),
            ("future_risk", "Choose the future risk"),
            ("recommended_level", "Choose the recommended level"),
            ("reasons", "Give the reasons for the assessment"),
        ):
            self.fields[name].error_messages["required"] = message
        self.helper = form_helper(
            Field.radios("severity", inline=True),
            Field.radios("future_risk", inline=True),
            Field.select("recommended_level"),
            Field.textarea("reasons", rows=5),
            Field.textarea("context", rows=3),
            Field.textarea("staff_support", rows=3),
            Field.checkbox("police_referral", small=True),
            button="Save the assessment",
            versioned=True,
        )


class RestrictionForm(forms.Form):
    type = forms.ChoiceField(required=False, label="Restriction")
    details = forms.CharField(
        required=False, max_length=500, label="Particulars (days, times, topics)"
    )
    named_contact = forms.CharField(required=False, max_length=200, label="Named contact")
    channels = forms.MultipleChoiceField(
        required=False,
        choices=Incident.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Contact still allowed by",
    )
    service_area = forms.CharField(
        required=False, max_length=120, label="Only for this service (leave empty for all)"
    )
    starts_on = DateField(
        required=False, label="Starts (leave empty: today)", what="the start date"
    )
    ends_on = DateField(
        required=False, label="Ends (leave empty: when the caution ends)", what="the end date"
    )
    permanent = forms.BooleanField(required=False, label=citations_lazy("Permanent (004 §5)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        profile = current()
        self.fields["type"].choices = [("", "None")] + [
            (r.type, r.label) for r in profile.restrictions
        ]
        fields = [
            Field.select("type"),
            Field.text("details", field_width=Fluid.FULL),
            Field.text("named_contact", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("channels", small=True),
            Field.text("service_area", field_width=Fluid.ONE_HALF),
            Field("starts_on", legend_size=Size.SMALL),
            Field("ends_on", legend_size=Size.SMALL),
        ]
        if profile.duration.permanent_allowed:
            fields.append(Field.checkbox("permanent", small=True))
        else:
            del self.fields["permanent"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*fields)

    def restriction(self) -> RestrictionInput | None:
        data = self.cleaned_data
        if not data.get("type"):
            return None
        return RestrictionInput(
            type=data["type"],
            details=data["details"].strip(),
            named_contact=data["named_contact"].strip(),
            channels=tuple(data["channels"]),
            service_area=data["service_area"].strip(),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            permanent=data.get("permanent", False),
        )


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Reasons (minuted)",
        help_text=citations_lazy("Every decision is minuted (000 §8.2)"),
    )
    level = forms.ChoiceField(required=False, label="Level of the caution")
    precautions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Precautions staff must take"
    )
    other_precautions = forms.CharField(required=False, max_length=500, label="Other precautions")
    key_contact = forms.CharField(required=False, max_length=200, label="Key contact")
    share_with = forms.ModelMultipleChoiceField(
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER),
        widget=forms.CheckboxSelectMultiple,
        label=citations_lazy(
            "Share with partners: only where there is a credible risk to their staff (000 §8.6)"
        ),
    )
    sharing_justification = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why share it with them",
        help_text=citations_lazy(
            "Needed when you share: the justification must be documented (000 §8.2). Only "
            "partners with a sharing agreement covering the category can be chosen."
        ),
    )
    partner_sourced = forms.BooleanField(
        required=False,
        label=citations_lazy("The information came from a partner's own register (000 §8.6)"),
    )
    partner_told_person_on = DateField(
        required=False,
        past=True,
        label="When the partner told the person of its entry",
        what="the date the partner told the person",
        help_text=citations_lazy(
            "For information from a partner: a partner's entry goes on only once the partner "
            "has told the person (000 §8.6)"
        ),
    )
    on_address = forms.ModelChoiceField(
        required=False,
        queryset=None,
        empty_label="The person",
        label="Hold the caution on",
        help_text=citations_lazy(
            "An address: where the risk is from anyone there or from the premises itself, "
            "such as a dog or needles (003 §15.2). Everyone linked to it is covered."
        ),
    )
    complex_case = forms.BooleanField(required=False, label="Complex or sensitive case")
    adjustment_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why the restrictions are still proportionate, given the adjustments agreed",
        help_text="Needed when a restriction works against an adjustment agreed with the person",
    )
    meeting = forms.ModelChoiceField(required=False, queryset=None, label="Meeting")
    identified_by = forms.ChoiceField(
        required=False,
        choices=IdentifiedBy.choices,
        widget=forms.RadioSelect,
        label="How the person was identified",
    )
    identity_confidence = forms.ChoiceField(
        required=False,
        choices=IdentityConfidence.choices,
        widget=forms.RadioSelect,
        label="How sure the identification is",
    )
    identity_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why one identifier is enough",
    )

    def __init__(
        self, *args, incident: Incident, meetings, adjusted: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        profile = current()
        self.fields["identity_reason"].help_text = _identity_hint(incident)
        self.fields["outcome"].error_messages["required"] = "Choose the outcome"
        self.fields["reasons"].error_messages["required"] = "Give the reasons for the decision"
        self.fields["level"].choices = [("", "Choose"), *level_choices()]
        self.fields["precautions"].choices = [(p.label, p.label) for p in profile.precautions]
        self.fields["meeting"].queryset = meetings
        self.fields["on_address"].queryset = Address.objects.filter(
            person_links__person=incident.person_id
        ).order_by("line1")
        self.restriction_forms = [
            RestrictionForm(*args, prefix=f"restriction-{n}", **kwargs)
            for n in range(RESTRICTION_ROWS)
        ]
        self.prompts = profile.decision.prompts
        fields = [
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("reasons", rows=5),
            Fieldset(
                Field.radios("identified_by", small=True, legend_size=Size.SMALL),
                Field.radios("identity_confidence", small=True, inline=True),
                Field.textarea("identity_reason", rows=2),
                legend="Who the person is",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("level"),
                Field.select("on_address"),
                Field.checkboxes("precautions", small=True),
                Field.text("other_precautions", field_width=Fluid.FULL),
                Field.text("key_contact", field_width=Fluid.TWO_THIRDS),
                Field.checkboxes("share_with", small=True),
                Field.textarea("sharing_justification", rows=3),
                Field.checkbox("partner_sourced", small=True),
                Field("partner_told_person_on", legend_size=Size.SMALL),
                *prompt_fields(self, self.prompts, required=False),
                *([Field.textarea("adjustment_reason", rows=3)] if adjusted else []),
                legend="If the outcome is a caution",
                legend_size=Size.MEDIUM,
            ),
        ]
        if profile.decision.approval is not None:
            fields.append(Field.checkbox("complex_case", small=True))
            approver = profile.decision.approval.title
            self.fields["complex_case"].label = f"Complex or sensitive case: needs the {approver}"
        if profile.decision.panel is not None:
            fields.insert(0, Field.select("meeting"))
            self.fields["meeting"].required = True
            self.fields["meeting"].error_messages["required"] = "Choose the meeting that decided"
            self.fields["meeting"].empty_label = "Choose the meeting that decided"
            self.fields["meeting"].label_from_instance = lambda m: (
                f"{timezone.localtime(m.starts_at):%-d %B %Y, %H:%M}"
                + (f", {m.place}" if m.place else "")
            )
        self.helper = form_helper(*fields, button="Record the decision", versioned=True)
        self.helper.layout = Layout(*fields, Field("version"))

    def answers(self) -> dict[str, PromptAnswer]:
        data = self.cleaned_data
        return {
            prompt.code: PromptAnswer(
                data[f"prompt_{prompt.code}"], data[f"prompt_{prompt.code}_note"]
            )
            for prompt in self.prompts
            if data.get(f"prompt_{prompt.code}")
        }

    def is_valid(self) -> bool:
        return all([super().is_valid(), *(form.is_valid() for form in self.restriction_forms)])

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            identified_by=data["identified_by"],
            confidence=data["identity_confidence"],
            reason=data["identity_reason"],
        )

    @property
    def restriction_forms_with_errors(self) -> list[RestrictionForm]:
        """The restriction rows with a mistake, for the page's error summary."""
        return [form for form in self.restriction_forms if form.errors]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.CAUTION and not data.get("level"):
            self.add_error("level", "Choose the level of the caution")
        return data

    def terms(self) -> CautionTerms | None:
        data = self.cleaned_data
        if data["outcome"] != Decision.Outcome.CAUTION:
            return None
        precautions = [*data["precautions"], data["other_precautions"].strip()]
        return CautionTerms(
            level=data["level"],
            precautions="\n".join(p for p in precautions if p),
            restrictions=tuple(r for f in self.restriction_forms if (r := f.restriction())),
            key_contact=data["key_contact"].strip(),
            share_with=tuple(data["share_with"]),
            sharing_justification=data["sharing_justification"].strip(),
            partner_sourced=data["partner_sourced"],
            partner_told_person_on=data["partner_told_person_on"],
            on_address=data["on_address"],
        )


def _identity_hint(incident: Incident) -> str:
    """What the decider needs to know before adding a caution: whether the register can
    tell this person apart by a date of birth or a current address."""
    if incident.person_id is None or has_second_identifier(incident.person):
        return "Needed only for a caution on someone with no date of birth or current address"
    return (
        f"{incident.person.display_name} has no date of birth or current address on record: "
        "a caution on them needs this reason"
    )


class MeetingForm(forms.Form):
    day = DateField(label="Date", what="the date of the meeting")
    time = TimeField(label="Time", help_text="For example, 10:00")
    place = forms.CharField(max_length=200, required=False)
    cases = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Reports to decide"
    )
    invited = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Members invited"
    )
    non_voting = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Others invited, who do not vote",
        help_text=citations_lazy(
            "For example the manager of the department involved, who informs the panel "
            "(000 §8.2 step 4). Not counted for the quorum."
        ),
    )
    late_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="If the meeting is after the deadline, why",
    )

    def __init__(self, *args, cases, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda i: (
            f"{i.person.display_name if i.person else 'Unknown'}: {i.get_kind_display()}, "
            f"submitted {timezone.localtime(i.submitted_at):%-d %B}"
        )
        self.fields["invited"].queryset = members
        self.fields["invited"].label_from_instance = lambda u: u.display_name
        self.fields["non_voting"].queryset = staff_choices()
        self.fields["non_voting"].label_from_instance = lambda u: u.display_name
        self.fields["cases"].error_messages["required"] = (
            "Choose the reports the meeting will decide"
        )
        self.fields["invited"].error_messages["required"] = "Choose the members to invite"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("day"),
            Field.text("time", field_width=5),
            Field.text("place", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("cases", small=True, legend_size=Size.SMALL),
            Field.checkboxes("invited", small=True, legend_size=Size.SMALL),
            Field.checkboxes("non_voting", small=True, legend_size=Size.SMALL),
            Field.textarea("late_reason", rows=2),
            Submit("save", "Schedule the meeting"),
        )

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )


class AttendanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Present"
    )

    def __init__(self, *args, meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        invited = meeting.invited.all()
        invited = (invited | meeting.non_voting.all()).distinct()
        self.fields["attended"].queryset = invited
        self.fields["attended"].label_from_instance = lambda u: u.display_name
        self.helper = form_helper(
            Field.checkboxes("attended", small=True), button="Record attendance", versioned=True
        )


class ApproveForm(forms.Form):
    """Approving a complex case; where the profile allows it, with a different expiry."""

    expires_on = DateField(
        what="the expiry date",
        label="Expiry date, if different",
        required=False,
        help_text=citations_lazy(
            "Leave blank to keep the expiry the decision proposed (002 §4.5.1)."
        ),
    )

    def __init__(self, *args, may_change_expiry: bool, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = [Field("expires_on")] if may_change_expiry else []
        if not may_change_expiry:
            del self.fields["expires_on"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*fields, Submit("save", button))


def member_choices(profile=None):
    """Users who may sit on the decision panel."""
    from caution.accounts.roles import Role

    profile = profile or current()
    panel = profile.decision.panel
    role_values = {profile.decision.decider_role, *(seat.role for seat in panel.seats)}
    labels = [Role(value).label for value in role_values]
    return (
        User.objects.filter(groups__name__in=labels, is_active=True)
        .distinct()
        .order_by("last_name")
    )


def staff_choices():
    """Staff who may be invited to a panel meeting to inform it: those who see reports."""
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="view_incident")
        .distinct()
        .order_by("last_name")
    )


class InterimAlertForm(forms.Form):
    level = forms.ChoiceField()
    precautions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Precautions staff must take"
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=citations_lazy("Why the threat is real and credible (003 §8.7)"),
    )
    identity_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why one identifier is enough",
    )

    def __init__(self, *args, incident: Incident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()
        self.fields["identity_reason"].help_text = _identity_hint(incident)
        self.fields["precautions"].error_messages["required"] = "Say what staff must do"
        self.fields["reasons"].error_messages["required"] = (
            "Say why the threat is real and credible"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("level"),
            Field.textarea("precautions", rows=3),
            Field.textarea("reasons", rows=3),
            Field.textarea("identity_reason", rows=2),
            Submit("save", "Add the interim alert"),
        )


# The decision as question pages (deciding_journey_views.py): each page asks one part of
# what the single DecisionForm asks, and "check your answers" calls the same action.


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Decision.Outcome.choices, widget=forms.RadioSelect, label="Outcome"
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Reasons (minuted)",
        help_text=citations_lazy("Every decision is minuted (000 §8.2)"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = "Choose the outcome"
        self.fields["reasons"].error_messages["required"] = "Give the reasons for the decision"
        self.helper = form_helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("reasons", rows=5),
            button="Continue",
        )


class LevelForm(forms.Form):
    level = forms.ChoiceField(widget=forms.RadioSelect, label="Level of the caution")
    on_address = forms.ModelChoiceField(
        required=False,
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        label="Hold the caution on",
        help_text=citations_lazy(
            "An address: where the risk is from anyone there or from the premises itself, "
            "such as a dog or needles (003 §15.2). Everyone linked to it is covered."
        ),
    )

    def __init__(self, *args, incident: Incident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()
        self.fields["level"].error_messages["required"] = "Choose the level of the caution"
        addresses = Address.objects.filter(person_links__person=incident.person_id)
        fields = [Field.radios("level", legend_size=Size.MEDIUM)]
        if addresses.exists():
            self.fields["on_address"].queryset = addresses.order_by("line1")
            self.fields["on_address"].label_from_instance = lambda a: f"The address {a.one_line}"
            fields.append(Field.radios("on_address", small=True))
        else:
            del self.fields["on_address"]
        self.helper = form_helper(*fields, button="Continue")


class PrecautionsForm(forms.Form):
    precautions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Precautions staff must take"
    )
    other_precautions = forms.CharField(required=False, max_length=500, label="Other precautions")
    key_contact = forms.CharField(
        required=False,
        max_length=200,
        label="Key contact",
        help_text="The officer staff speak to about this person",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["precautions"].choices = [(p.label, p.label) for p in current().precautions]
        self.helper = form_helper(
            Field.checkboxes("precautions", small=True, legend_size=Size.MEDIUM),
            Field.text("other_precautions", field_width=Fluid.FULL),
            Field.text("key_contact", field_width=Fluid.TWO_THIRDS),
            button="Continue",
        )


class AddRestrictionForm(RestrictionForm):
    """One restriction at a time: "Add a restriction?", and its particulars revealed under
    "Yes" (GOV.UK's conditional reveal; without JavaScript they show beneath)."""

    add = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        label="Do you want to add a restriction on what the person may do?",
    )

    def __init__(self, *args, added: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = self.fields["type"].choices[1:]
        self.fields["type"].label = "Restriction"
        self.fields["add"].error_messages["required"] = "Choose yes or no"
        if added:
            self.fields["add"].label = "Do you want to add another restriction?"
        revealed = [name for name in self.fields if name != "add"]
        self.helper.layout = Layout(
            ConditionalRadios("add", RevealQuestion("Yes", *revealed), RevealQuestion("No")),
            Submit("save", "Continue"),
        )

    def clean(self):
        data = super().clean()
        if data.get("add") == "yes" and not data.get("type"):
            self.add_error("type", "Choose the restriction")
        return data


def prompt_fields(form: forms.Form, prompts, *, required: bool) -> list:
    """The profile's questions for the decider (002 §2.3, §4.5; 001 §10.2; 003 §11), added to
    the form: each a yes or no with a note. Required on the question page; on the single form
    the action checks them, as only a caution answers them."""
    layout = []
    for prompt in prompts:
        name = f"prompt_{prompt.code}"
        form.fields[name] = forms.ChoiceField(
            required=required,
            label=prompt.question,
            help_text=citations_lazy(prompt.hint) if prompt.hint else "",
            choices=[("yes", "Yes"), ("no", "No")],
            widget=forms.RadioSelect,
            error_messages={"required": f"Answer the question: {prompt.question}"},
        )
        form.fields[f"{name}_note"] = forms.CharField(
            required=False, max_length=1000, label="Notes on your answer (optional)"
        )
        layout += [
            Field.radios(name, small=True, inline=True, legend_size=Size.SMALL),
            Field.text(f"{name}_note", field_width=Fluid.FULL),
        ]
    return layout


class QuestionsForm(forms.Form):
    """Who the person is, the profile's questions for the decider, sharing, and whether the
    case needs the profile's approver: the last of the caution's terms. Its fields are the
    single decision form's own."""

    identified_by = DecisionForm.base_fields["identified_by"]
    identity_confidence = DecisionForm.base_fields["identity_confidence"]
    identity_reason = DecisionForm.base_fields["identity_reason"]
    share_with = DecisionForm.base_fields["share_with"]
    sharing_justification = DecisionForm.base_fields["sharing_justification"]
    partner_sourced = DecisionForm.base_fields["partner_sourced"]
    partner_told_person_on = DecisionForm.base_fields["partner_told_person_on"]
    complex_case = DecisionForm.base_fields["complex_case"]
    adjustment_reason = DecisionForm.base_fields["adjustment_reason"]

    def __init__(self, *args, incident: Incident, adjusted: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        profile = current()
        self.fields["identity_reason"].help_text = _identity_hint(incident)
        self.prompts = profile.decision.prompts
        fields = [
            Fieldset(
                Field.radios("identified_by", small=True, legend_size=Size.SMALL),
                Field.radios("identity_confidence", small=True, inline=True),
                Field.textarea("identity_reason", rows=2),
                legend="Who the person is",
                legend_size=Size.MEDIUM,
            )
        ]
        fields += prompt_fields(self, self.prompts, required=True)
        if self.fields["share_with"].queryset.exists():
            fields.append(Field.checkboxes("share_with", small=True))
            fields.append(Field.textarea("sharing_justification", rows=3))
        else:
            del self.fields["share_with"]
            del self.fields["sharing_justification"]
        fields.append(Field.checkbox("partner_sourced", small=True))
        fields.append(Field("partner_told_person_on", legend_size=Size.SMALL))
        if adjusted:
            fields.append(Field.textarea("adjustment_reason", rows=3))
        else:
            del self.fields["adjustment_reason"]
        if profile.decision.approval is not None:
            approver = profile.decision.approval.title
            self.fields["complex_case"].label = f"Complex or sensitive case: needs the {approver}"
            fields.append(Field.checkbox("complex_case", small=True))
        else:
            del self.fields["complex_case"]
        self.helper = form_helper(*fields, button="Continue")
