"""Forms for appeals: recording one as received and deciding it. They only collect and
clean input; the rules are in the actions (register/appeals.py)."""

from crispy_forms_gds.layout import Field
from django import forms

from caution.accounts.models import User
from caution.lib.forms import DateField, form_helper
from caution.policy.profiles import current
from caution.register.appeals import handler_choices
from caution.register.cautions_forms import TermsFields, required_messages
from caution.register.models import Appeal, Caution


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.display_name


class AppealForm(forms.Form):
    channel = forms.ChoiceField(
        label="How the appeal was made", choices=Appeal.Channel.choices, widget=forms.RadioSelect
    )
    received_on = DateField(
        label="Date received", what="the date the appeal was received", past=True
    )
    grounds = forms.CharField(label="Grounds of the appeal", widget=forms.Textarea)
    notified_on = DateField(
        past=True,
        what="the date the person was told",
        required=False,
        label="Date the person was told of the caution",
        help_text="The appeal window runs from this date. Leave empty to use the date recorded.",
    )
    late_reason = forms.CharField(
        required=False,
        label="Why a late appeal is accepted",
        help_text="Only if the appeal came after the window closed.",
        widget=forms.Textarea,
    )
    complaint_reference = forms.CharField(
        required=False,
        max_length=60,
        label="Complaint reference",
        help_text="The formal complaint the appeal is logged as",
    )
    handler = UserChoiceField(queryset=User.objects.none(), label="Who handles the appeal")
    fallback = forms.BooleanField(required=False)

    def __init__(self, *args, caution: Caution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        appeal = current().appeal
        self.fields["channel"].choices = [
            (value, label) for value, label in Appeal.Channel.choices if value in appeal.channels
        ]
        eligible = {user.id for user in handler_choices(caution)}
        if appeal.handler.fallback is not None:
            eligible |= {user.id for user in handler_choices(caution, fallback=True)}
        self.fields["handler"].queryset = User.objects.filter(id__in=eligible).order_by("last_name")
        self.fields["handler"].help_text = (
            f"The {appeal.handler.title} under this policy. Only those who may handle this "
            "appeal are listed: not whoever decided, was involved or was targeted."
        )
        required_messages(
            self,
            channel="Choose how the appeal was made",
            received_on="Enter the date the appeal was received",
            grounds="Give the grounds of the appeal",
            handler="Choose who handles the appeal",
        )
        fields = [
            Field.radios("channel", inline=True),
            Field("received_on"),
            Field.textarea("grounds", rows=5),
            Field("notified_on"),
            Field.textarea("late_reason", rows=3),
            Field.select("handler"),
        ]
        if appeal.complaint_reference:
            self.fields["complaint_reference"].required = True
            required_messages(
                self,
                complaint_reference="Give the reference of the formal complaint it is logged as",
            )
            fields.insert(1, Field.text("complaint_reference", field_width=10))
        else:
            del self.fields["complaint_reference"]
        fallback = appeal.handler.fallback
        if fallback is None:
            del self.fields["fallback"]
        else:
            self.fields["fallback"].label = (
                f"The {appeal.handler.title} is the target of the behaviour or took part in "
                f"the decision, so the {fallback.title} handles this appeal"
            )
            fields.append(Field.checkbox("fallback", small=True))
        self.helper = form_helper(*fields, button="Record the appeal")


class AppealDecisionForm(TermsFields, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Appeal.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea)

    def __init__(self, *args, caution: Caution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_messages(
            self, outcome="Choose the outcome", reasons="Give the reasons for the outcome"
        )
        terms = self._add_terms(caution)
        self.helper = form_helper(
            Field.radios("outcome"),
            Field.textarea("reasons", rows=5),
            *terms,
            button="Record the outcome",
            versioned=True,
        )
