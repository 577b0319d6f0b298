"""Forms for letters. They collect and clean input only; the rules are in letters/actions.py."""

import datetime as dt

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from caution.accounts.models import User
from caution.incidents.forms import TimeField
from caution.letters import content
from caution.letters.models import Letter
from caution.lib.forms import DateField, form_helper
from caution.policy.profiles import current
from caution.policy.vocabulary import NOTIFICATION_EXEMPTIONS

LIST_FIELDS = ("address_lines", "restrictions")


class LetterFieldsForm(forms.Form):
    """The words of a draft letter: one box for each field its template uses."""

    def __init__(self, *args, letter: Letter, names: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        layout = []
        for name in names:
            value = letter.fields.get(name, "")
            is_list = name in LIST_FIELDS
            self.fields[name] = forms.CharField(
                required=False,
                label=content.VARIABLES[name],
                initial="\n".join(value) if is_list else value,
                help_text="One a line" if is_list else _help(name, letter),
                widget=forms.Textarea(attrs={"rows": 3 if is_list or len(str(value)) < 200 else 6}),
            )
            layout.append(Field.textarea(name))
        self.helper = form_helper(
            *layout,
            Submit("save", "Save changes", css_class="govuk-button--secondary"),
            Submit("submit", "Send for sign-off"),
        )

    def values(self) -> dict:
        return {
            name: value.splitlines() if name in LIST_FIELDS else value
            for name, value in self.cleaned_data.items()
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="What needs correcting", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say what needs correcting"
        self.helper = form_helper(
            Field.textarea("reason", rows=3),
            Submit("return", "Send back", css_class="govuk-button--secondary"),
        )


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label="How is the letter sent?", widget=forms.RadioSelect)
    email = forms.EmailField(
        required=False,
        label="E-mail address",
        help_text="For e-mail: leave empty to use the address on the person's record",
    )
    delivered_on = DateField(
        past=True, required=False, label="Date of hand delivery", help_text="For example, 27 3 2026"
    )
    delivered_time = TimeField(required=False, label="Time of hand delivery")
    officer = forms.ModelChoiceField(
        queryset=None, required=False, label="Officer who delivered it by hand"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        notification = current().notification
        methods = Letter.Method.choices
        if notification.delivery == "hand":
            methods = [(Letter.Method.HAND, Letter.Method.HAND.label)]
        self.fields["method"].choices = methods
        self.fields["method"].error_messages["required"] = "Choose how the letter is sent"
        self.fields["officer"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name"
        )
        self.fields["officer"].label_from_instance = lambda user: user.display_name
        self.helper = form_helper(
            Field.radios("method"),
            Field.text("email"),
            Field("delivered_on"),
            Field.text("delivered_time", field_width=5),
            Field.select("officer"),
            Submit("deliver", "Send the letter"),
        )

    def delivered_at(self) -> dt.datetime | None:
        data = self.cleaned_data
        if not data.get("delivered_on") or data.get("delivered_time") is None:
            return None
        moment = dt.datetime.combine(data["delivered_on"], data["delivered_time"])
        return timezone.make_aware(moment)


class ExemptionForm(forms.Form):
    exemption = forms.ChoiceField(
        label="Why will the person not be told?", widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label="Justification",
        help_text="Recorded on the caution and brought back at its review",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = current().notification.exemptions
        self.fields["exemption"].choices = [(key, NOTIFICATION_EXEMPTIONS[key]) for key in allowed]
        self.fields["exemption"].error_messages["required"] = "Choose the reason"
        self.fields["justification"].error_messages["required"] = "Give the justification"
        self.helper = form_helper(
            Field.radios("exemption"),
            Field.textarea("justification", rows=5),
            Submit(
                "exempt", "Record the decision not to notify", css_class="govuk-button--warning"
            ),
        )


class PrepareForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which letter?", choices=Letter.Kind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose which letter to prepare"
        self.helper = form_helper(Field.radios("kind"), Submit("prepare", "Prepare the letter"))


class TemplateForm(forms.Form):
    source = forms.CharField(
        label="Letter template",
        help_text="HTML with {{ variables }}; the tags if, for, with and firstof only",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].error_messages["required"] = "Enter the template"
        self.helper = form_helper(
            Field.textarea("source", rows=24),
            Submit("preview", "Preview", css_class="govuk-button--secondary"),
            Submit("save", "Save the template"),
            Submit("reset", "Go back to the shipped template", css_class="govuk-button--warning"),
        )


def _help(name: str, letter: Letter) -> str:
    """For the incident, the report's account beside the box: the officer summarises it
    in the council's words; the account itself never goes into the letter."""
    if name != "incident":
        return ""
    account = content.report_account(letter.decision)
    summarise = "Summarise what happened in your own words, for the person to read."
    if not account:
        return summarise
    # Help text is printed as markup: the reporter's words are escaped.
    return format_html("{} The report's account (not printed): {}", summarise, account)
