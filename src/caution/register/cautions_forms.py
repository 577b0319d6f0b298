"""Forms for changing a caution (level, precautions, contact, expiry), ending it and
recording a breach, and the form helpers the register's forms share. They only collect and
clean input; the rules are in the actions (register/cautions.py)."""

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.utils import timezone

from caution.incidents.forms import TimeField
from caution.policy.profiles import current


def form_helper(*fields, button: str) -> FormHelper:
    """A GOV.UK form's layout: these fields, the version it was opened at, the button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    helper.layout = Layout(*fields, Field("version"), Submit("save", button))
    return helper


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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()
        self.helper = form_helper(
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
        self.helper = form_helper(
            Field("expires_on"), Field.textarea("reason", rows=3), button="Extend"
        )


class EndForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=3), button="End the caution")


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
