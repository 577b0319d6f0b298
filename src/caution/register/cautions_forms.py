"""Forms for changing a caution (level, precautions, contact, expiry), ending it,
recording a breach or legal action; the terms an appeal or review may change; and the form
helpers the register's forms share. They only collect and clean input; the rules are in
the actions (register/cautions.py)."""

import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.utils import timezone

from caution.incidents.forms import TimeField
from caution.lib import clock
from caution.lib.forms import DateField, form_helper
from caution.policy.profiles import current
from caution.register.models import Caution, Correspondence, LegalAction


def required_messages(form: forms.Form, **messages: str) -> None:
    """What each required field says when left empty."""
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


def level_choices() -> list[tuple[str, str]]:
    """The profile's levels, the most serious first."""
    return [(level.code, f"{level.code}: {level.label}") for level in current().levels_by_severity]


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
    lift = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        label="Restrictions to lift",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, caution: Caution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()
        in_force = restrictions_in_force(caution)
        fields = [
            Field.select("level"),
            Field.textarea("precautions", rows=3),
            Field.text("key_contact", field_width=Fluid.TWO_THIRDS),
            Field.textarea("reason", rows=3),
        ]
        if in_force:
            self.fields["lift"].choices = in_force
            fields.insert(2, Field.checkboxes("lift", small=True))
        else:
            del self.fields["lift"]
        self.helper = form_helper(*fields, button="Save the change", versioned=True)


def restrictions_in_force(caution: Caution) -> list[tuple[int, str]]:
    """The caution's restrictions in force today, to choose from."""
    return [
        (r.id, r.label + (f": {r.details}" if r.details else ""))
        for r in caution.restriction_set.all()
        if r.ends_on is None or r.ends_on >= clock.today()
    ]


class CorrectForm(ReasonForm):
    """A typing error put right by the register officer: the words, never the terms."""

    precautions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    key_contact = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "The typing error"
        self.fields["reason"].error_messages["required"] = "Say what the typing error was"
        self.helper = form_helper(
            Field.textarea("precautions", rows=3),
            Field.text("key_contact", field_width=Fluid.TWO_THIRDS),
            Field.textarea("reason", rows=3),
            button="Correct it",
            versioned=True,
        )


class ChangeDecideForm(forms.Form):
    """The decider's decision on a proposed change, minuted with its reasons."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    made = forms.TypedChoiceField(
        choices=[("yes", "Make the change"), ("no", "Refuse it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Decision",
    )
    meeting = forms.ModelChoiceField(required=False, queryset=None, label="Meeting that decided")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons")

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_messages(
            self,
            made="Choose whether to make the change",
            reasons="Give the reasons for the decision: they are minuted",
        )
        fields = [Field.radios("made", small=True), Field.textarea("reasons", rows=3)]
        if meetings is None:
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = meetings
            self.fields["meeting"].required = True
            self.fields["meeting"].error_messages["required"] = "Choose the meeting that decided"
            fields.insert(0, Field.select("meeting"))
        self.helper = form_helper(*fields, button="Record the decision", versioned=True)


class ExtendForm(ReasonForm):
    expires_on = DateField(label="New expiry date")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("expires_on"), Field.textarea("reason", rows=3), button="Extend", versioned=True
        )


class EndForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("reason", rows=3), button="End the caution", versioned=True
        )


class BreachForm(forms.Form):
    restriction = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="uuid", label="Which restriction"
    )
    occurred_on = DateField(label="Date")
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


class LegalActionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=LegalAction.Kind.choices, widget=forms.RadioSelect, label="Kind of legal action"
    )
    status = forms.ChoiceField(
        choices=LegalAction.Status.choices, widget=forms.RadioSelect, label="Where it stands"
    )
    on = DateField(label="Date", help_text="When it was considered, sought, granted or refused")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note",
        help_text="The court, the reference, what was asked for",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_messages(
            self,
            kind="Choose the kind of legal action",
            status="Choose where the legal action stands",
        )
        self.helper = form_helper(
            Field.radios("kind", small=True),
            Field.radios("status", small=True),
            Field("on"),
            Field.textarea("note", rows=3),
            button="Record the legal action",
        )


class CorrespondenceForm(forms.Form):
    received_on = DateField(label="Date received", what="the date it was received", past=True)
    channel = forms.ChoiceField(
        choices=Correspondence.Channel.choices, widget=forms.RadioSelect, label="How it came in"
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What it says")
    significant_new_information = forms.BooleanField(
        required=False, label="It gives significant new information"
    )
    acknowledged = forms.BooleanField(required=False, label="It was acknowledged or answered")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_messages(
            self,
            received_on="Enter the date it was received",
            channel="Choose how it came in",
            summary="Summarise what it says",
        )
        self.helper = form_helper(
            Field("received_on"),
            Field.radios("channel", small=True, inline=True),
            Field.textarea("summary", rows=4),
            Field.checkbox("significant_new_information", small=True),
            Field.checkbox("acknowledged", small=True),
            button="Log the correspondence",
        )


class TermsFields:
    """Level, precautions, restrictions to lift and expiry: what an appeal or review may
    change."""

    def _add_terms(self, caution: Caution) -> list:
        profile = current()
        self.fields["level"] = forms.ChoiceField(
            label="Level",
            choices=[(lv.code, f"{lv.code}: {lv.label}") for lv in profile.levels_by_severity],
            initial=caution.level,
        )
        self.fields["precautions"] = forms.CharField(
            required=False, label="Precautions", widget=forms.Textarea, initial=caution.precautions
        )
        in_force = restrictions_in_force(caution)
        self.fields["lift"] = forms.TypedMultipleChoiceField(
            required=False,
            coerce=int,
            choices=in_force,
            label="Restrictions to lift",
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["expires_on"] = DateField(
            required=False,
            label="New expiry date",
            help_text=f"Now: {caution.expires_on:%-d %B %Y}."
            if caution.expires_on
            else "Now: no expiry.",
        )
        fields = [
            Field.select("level"),
            Field.textarea("precautions", rows=3),
            Field("expires_on"),
        ]
        if in_force:
            fields.insert(2, Field.checkboxes("lift", small=True))
        else:
            del self.fields["lift"]
        return fields

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data.get("level") or None,
            "precautions": data.get("precautions"),
            "lift": data.get("lift") or (),
            "expires_on": data.get("expires_on"),
        }
