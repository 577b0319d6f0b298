"""Forms for subject access, rectification, legal holds and leaving the service. They only
collect and clean input; the rules are in the actions."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from caution.lib.forms import DateField, form_helper
from caution.privacy.models import RectificationRequest, SubjectAccessRequest


class AccessRequestForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did the request come in?",
        choices=SubjectAccessRequest.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the request came in"},
    )
    received_on = DateField(
        past=True,
        what="the date the request was received",
        label="Date received",
        help_text="The deadline is one calendar month from this date.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("channel", legend_size=Size.SMALL),
            Field("received_on"),
            button="Record the request",
        )


class ReviewForm(forms.Form):
    """The officer confirms they have read the export, as shown, before it is released."""

    redact = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read every passage, with the other people named in it, and the export "
        "may be released",
        error_messages={"required": "Confirm that you have reviewed the export"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("redact"), Field("confirm"), button="Confirm the review")
        self.helper.layout[-1].name = "review"


class ExportForm(forms.Form):
    """Download the export, once reviewed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(button="Download the export")
        self.helper.layout[-1].name = "export"


class RectificationForm(forms.Form):
    received_on = DateField(
        past=True, what="the date the request was received", label="Date received"
    )
    request = forms.CharField(
        label="What does the person say is wrong?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the person says is wrong"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("received_on"), Field.textarea("request", rows=4), button="Record the request"
        )


class RectificationOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (RectificationRequest.Outcome.CORRECTED, "Corrected"),
            (RectificationRequest.Outcome.REFUSED, "Refused"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the data was corrected or not"},
    )
    reason = forms.CharField(
        label="What was corrected, or why the request is refused",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was corrected, or why the request is refused"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("outcome", legend_size=Size.SMALL, inline=True),
            Field.textarea("reason", rows=4),
            button="Record the outcome",
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Give the reason"}
    )

    def __init__(self, *args, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=3), button=button)


class LeftServiceForm(forms.Form):
    left_on = DateField(
        what="the date the tenancy or licence ended",
        label="Date the tenancy or licence ended",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("left_on"), button="End the cautions")
