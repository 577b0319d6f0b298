"""Forms for the notification choices and marker subscriptions. They only collect input;
the rules are in notifications/actions.py."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from caution.notifications import events

CHANNELS = [("email", "By e-mail"), ("in_app", "In the service")]


class PreferencesForm(forms.Form):
    """One group of checkboxes per optional event: e-mail, in the service, or both."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for event in events.OPTIONAL_EVENTS:
            self.fields[event.key] = forms.MultipleChoiceField(
                label=event.label,
                help_text=event.hint,
                choices=CHANNELS,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(
                Field.checkboxes(e.key, small=True, inline=True, legend_size=Size.SMALL)
                for e in events.OPTIONAL_EVENTS
            ),
            Submit("save", "Save your choices"),
        )

    def chosen(self) -> dict[str, set[str]]:
        return {key: set(value) for key, value in self.cleaned_data.items()}


class MarkerForm(forms.Form):
    system = forms.CharField(
        max_length=120,
        required=False,
        label="The system that holds your team's marker",
        help_text="For example, the housing management system or the benefits system",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("system", field_width=Fluid.TWO_THIRDS),
            Submit("follow", "Follow additions and removals"),
        )
