"""Forms for assessing, deciding, meetings and changing cautions. They only collect and
clean input; the rules are in the actions (register/deciding.py, register/actions.py)."""

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms
from django.utils import timezone

from caution.accounts.models import Organisation, User
from caution.incidents.forms import TimeField
from caution.incidents.models import Incident
from caution.people.models import Address
from caution.policy.profiles import current
from caution.register.deciding import CautionTerms, RestrictionInput
from caution.register.models import Assessment, Decision

RESTRICTION_ROWS = 3


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    helper.layout = Layout(*fields, Field("version"), Submit("save", button))
    return helper


def _levels() -> list[tuple[str, str]]:
    return [(level.code, f"{level.code}: {level.label}") for level in current().levels_by_severity]


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
        help_text="For example, circumstances unlikely to be repeated (003 §8.3)",
    )
    staff_support = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Support the member of staff needs",
    )
    police_referral = forms.BooleanField(required=False, label="Refer to the police")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommended_level"].choices = _levels()
        for name, message in (
            ("severity", "Choose the severity"),
            ("future_risk", "Choose the future risk"),
            ("reasons", "Give the reasons for the assessment"),
        ):
            self.fields[name].error_messages["required"] = message
        self.helper = _helper(
            Field.radios("severity", inline=True),
            Field.radios("future_risk", inline=True),
            Field.select("recommended_level"),
            Field.textarea("reasons", rows=5),
            Field.textarea("context", rows=3),
            Field.textarea("staff_support", rows=3),
            Field.checkbox("police_referral", small=True),
            button="Save the assessment",
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
    starts_on = DateInputField(required=False, label="Starts (leave empty: today)")
    ends_on = DateInputField(required=False, label="Ends (leave empty: when the caution ends)")
    permanent = forms.BooleanField(required=False, label="Permanent (004 §5)")

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
        widget=forms.Textarea(attrs={"rows": 5}), label="Reasons (minuted)", help_text="000 §8.2"
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
        label="Share with partners (000 §8.6: only where there is a credible risk to their staff)",
    )
    partner_sourced = forms.BooleanField(
        required=False, label="The information came from a partner's own register (000 §8.6)"
    )
    on_address = forms.ModelChoiceField(
        required=False,
        queryset=None,
        empty_label="The person",
        label="Hold the caution on",
        help_text="An address: where the risk is from anyone there or from the premises "
        "itself, such as a dog or needles (003 §15.2). Everyone linked to it is covered.",
    )
    complex_case = forms.BooleanField(required=False, label="Complex or sensitive case")
    meeting = forms.ModelChoiceField(required=False, queryset=None, label="Meeting")

    def __init__(self, *args, incident: Incident, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        profile = current()
        self.fields["outcome"].error_messages["required"] = "Choose the outcome"
        self.fields["reasons"].error_messages["required"] = "Give the reasons for the decision"
        self.fields["level"].choices = [("", "Choose"), *_levels()]
        self.fields["precautions"].choices = [(p.label, p.label) for p in profile.precautions]
        self.fields["meeting"].queryset = meetings
        self.fields["on_address"].queryset = Address.objects.filter(
            person_links__person=incident.person_id
        ).order_by("line1")
        self.restriction_forms = [
            RestrictionForm(*args, prefix=f"restriction-{n}", **kwargs)
            for n in range(RESTRICTION_ROWS)
        ]
        fields = [
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("reasons", rows=5),
            Fieldset(
                Field.select("level"),
                Field.select("on_address"),
                Field.checkboxes("precautions", small=True),
                Field.text("other_precautions", field_width=Fluid.FULL),
                Field.text("key_contact", field_width=Fluid.TWO_THIRDS),
                Field.checkboxes("share_with", small=True),
                Field.checkbox("partner_sourced", small=True),
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
        self.helper = _helper(*fields, button="Record the decision")
        self.helper.layout = Layout(*fields, Field("version"))

    def is_valid(self) -> bool:
        return all([super().is_valid(), *(form.is_valid() for form in self.restriction_forms)])

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
            partner_sourced=data["partner_sourced"],
            on_address=data["on_address"],
        )


class MeetingForm(forms.Form):
    day = DateInputField(label="Date")
    time = TimeField(label="Time", help_text="For example, 10:00")
    place = forms.CharField(max_length=200, required=False)
    cases = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Reports to decide"
    )
    invited = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Members invited"
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
        self.fields["attended"].queryset = meeting.invited.all()
        self.fields["attended"].label_from_instance = lambda u: u.display_name
        self.helper = _helper(Field.checkboxes("attended", small=True), button="Record attendance")


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Reason for the change"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Give the reason for the change"


class AmendForm(ReasonForm):
    level = forms.ChoiceField()
    precautions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    key_contact = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _levels()
        self.helper = _helper(
            Field.select("level"),
            Field.textarea("precautions", rows=3),
            Field.text("key_contact", field_width=Fluid.TWO_THIRDS),
            Field.textarea("reason", rows=3),
            button="Save the change",
        )


class ExtendForm(ReasonForm):
    expires_on = DateInputField(label="New expiry date")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("expires_on"), Field.textarea("reason", rows=3), button="Extend"
        )


class EndForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3), button="End the caution")


class ApproveForm(forms.Form):
    """Approving a complex case; where the profile allows it, with a different expiry."""

    expires_on = DateInputField(
        label="Expiry date, if different",
        required=False,
        help_text="Leave blank to keep the expiry the decision proposed (002 §4.5.1).",
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


class BreachForm(forms.Form):
    restriction = forms.ModelChoiceField(queryset=None, required=False, label="Which restriction")
    occurred_on = DateInputField(label="Date")
    occurred_time = TimeField(required=False, label="Time")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What the person did"
    )

    def __init__(self, *args, caution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["restriction"].queryset = caution.restriction_set.all()
        self.fields["restriction"].empty_label = "Not one listed / the text restrictions"
        self.fields["description"].error_messages["required"] = "Describe what the person did"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("restriction"),
            Field("occurred_on"),
            Field.text("occurred_time", field_width=5),
            Field.textarea("description", rows=4),
            Submit("save", "Record the breach"),
        )

    def occurred_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(
            dt.datetime.combine(data["occurred_on"], data["occurred_time"] or dt.time(0))
        )


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


class InterimAlertForm(forms.Form):
    level = forms.ChoiceField()
    precautions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Precautions staff must take"
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why the threat is real and credible (003 §8.7)",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _levels()
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
            Submit("save", "Add the interim alert"),
        )
