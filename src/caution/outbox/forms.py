from crispy_forms_gds.layout import Field, Fluid
from django import forms

from caution.accounts.models import Organisation
from caution.lib.forms import form_helper
from caution.outbox.models import EVENT_CHOICES


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label="Name of the system",
        max_length=120,
        error_messages={"required": "Enter the name of the system"},
    )
    url = forms.URLField(
        label="Address events are sent to",
        max_length=500,
        assume_scheme="https",
        help_text="Given by the system's developer, like https://housing.example.gov.uk/hooks",
        error_messages={
            "required": "Enter the address events are sent to",
            "invalid": "Enter a web address starting https://",
        },
    )
    events = forms.MultipleChoiceField(
        label="Events to send",
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event"},
    )
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="None (a council system: hears of every caution)",
        help_text="A partner's system hears only of cautions shared with that partner",
    )
    active = forms.BooleanField(label="Send events to this system", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = [
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("url", field_width=Fluid.FULL, spellcheck="false"),
            Field.checkboxes("events", small=True),
            Field.select("organisation"),
        ]
        if editing:
            fields.append(Field.checkbox("active", small=True))
        else:
            del self.fields["active"]
        self.helper = form_helper(*fields, button="Save" if editing else "Add the subscriber")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address starting https://")
        return url


class ReferenceForm(forms.Form):
    record = forms.UUIDField(
        label="ID of the person, or of one of their cautions",
        help_text="The long code at the end of the address of their page in this service",
        error_messages={
            "required": "Enter the ID of the person or caution",
            "invalid": "Enter the ID as shown in the page address, like 9b2e4c8a-2d1f-…",
        },
    )
    reference = forms.CharField(
        label="The system's own reference for the person",
        max_length=100,
        required=False,
        help_text="Their tenancy or customer number. Leave empty to remove the reference.",
        error_messages={"max_length": "A reference is at most 100 characters"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("record", field_width=Fluid.FULL, spellcheck="false", autocomplete="off"),
            Field.text("reference", field_width=20, spellcheck="false", autocomplete="off"),
            button="Save the reference",
        )
