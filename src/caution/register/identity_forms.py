"""Forms for disputes about a person's identity. They only collect and clean input; the
rules are in the actions (register/identity.py)."""

from crispy_forms_gds.layout import Field
from django import forms

from caution.lib.forms import form_helper
from caution.register.models import IdentityDispute


class DisputeRaiseForm(forms.Form):
    account = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What does the person or officer say is wrong?",
        help_text="For example: not the person who came to the office; a different date of "
        "birth; the same name as someone else at another address",
        error_messages={"required": "Say what the person or officer says is wrong"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("account", rows=4), button="Raise the dispute")


class DisputeResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=IdentityDispute.Outcome.choices,
        widget=forms.RadioSelect,
        label="What did you find?",
        error_messages={"required": "Choose the outcome"},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="How the identity was confirmed or corrected",
        help_text="Correct the person's details themselves from their record",
        error_messages={"required": "Say how the identity was confirmed or corrected"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("outcome"), Field.textarea("note", rows=4), button="Resolve the dispute"
        )
