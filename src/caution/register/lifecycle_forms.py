"""Forms for appeals and reviews. They only collect and clean input; the rules are in the
actions (register/appeals.py, register/reviews.py)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from caution.accounts.models import User
from caution.lib import clock
from caution.policy.profiles import current
from caution.register.appeals import handler_choices
from caution.register.models import Appeal, Caution, Review


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("save", button))
    return helper


def _required(form: forms.Form, **messages: str) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.display_name


class AppealForm(forms.Form):
    channel = forms.ChoiceField(
        label="How the appeal was made", choices=Appeal.Channel.choices, widget=forms.RadioSelect
    )
    received_on = DateInputField(label="Date received")
    grounds = forms.CharField(label="Grounds of the appeal", widget=forms.Textarea)
    notified_on = DateInputField(
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
    handler = UserChoiceField(queryset=User.objects.none(), label="Who handles the appeal")
    fallback = forms.BooleanField(required=False)

    def __init__(self, *args, caution: Caution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        appeal = current().appeal
        eligible = {user.id for user in handler_choices(caution)}
        if appeal.handler.fallback is not None:
            eligible |= {user.id for user in handler_choices(caution, fallback=True)}
        self.fields["handler"].queryset = User.objects.filter(id__in=eligible).order_by("last_name")
        self.fields["handler"].help_text = (
            f"The {appeal.handler.title} under this policy. Only those who may handle this "
            "appeal are listed: not whoever decided, was involved or was targeted."
        )
        _required(
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
        fallback = appeal.handler.fallback
        if fallback is None:
            del self.fields["fallback"]
        else:
            self.fields["fallback"].label = (
                f"The {appeal.handler.title} is the target of the behaviour or took part in "
                f"the decision, so the {fallback.title} handles this appeal"
            )
            fields.append(Field.checkbox("fallback", small=True))
        self.helper = _helper(*fields, button="Record the appeal")


class _TermsMixin:
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
        in_force = [
            (r.id, r.label + (f": {r.details}" if r.details else ""))
            for r in caution.restriction_set.all()
            if r.ends_on is None or r.ends_on >= clock.today()
        ]
        self.fields["lift"] = forms.TypedMultipleChoiceField(
            required=False,
            coerce=int,
            choices=in_force,
            label="Restrictions to lift",
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["expires_on"] = DateInputField(
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


class AppealDecisionForm(_TermsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Appeal.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea)

    def __init__(self, *args, caution: Caution, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _required(self, outcome="Choose the outcome", reasons="Give the reasons for the outcome")
        terms = self._add_terms(caution)
        self.helper = _helper(
            Field.radios("outcome"),
            Field.textarea("reasons", rows=5),
            *terms,
            Field("version"),
            button="Record the outcome",
        )


class ReviewForm(_TermsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Review.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea)
    justification = forms.CharField(
        required=False,
        label="The service's written justification for keeping it",
        help_text="Needed to keep a caution held for the person's circumstances (002 §4.7).",
        widget=forms.Textarea,
    )
    next_review = DateInputField(
        required=False,
        label="Next review",
        help_text="Leave empty for the policy's interval from today.",
    )

    def __init__(self, *args, caution: Caution, justification_needed: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _required(self, outcome="Choose the outcome", reasons="Give the reasons for the outcome")
        fields = [Field.radios("outcome"), Field.textarea("reasons", rows=5)]
        if justification_needed:
            fields.append(Field.textarea("justification", rows=4))
        else:
            del self.fields["justification"]
        fields.append(Field("next_review"))
        self.helper = _helper(
            *fields,
            *self._add_terms(caution),
            Field("version"),
            button="Record the review",
        )


class ReviewMeetingForm(forms.Form):
    held_on = DateInputField(label="Date of the meeting")
    place = forms.CharField(required=False, max_length=200, label="Where")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _required(self, held_on="Enter the date of the meeting")
        self.helper = _helper(
            Field("held_on"),
            Field.text("place", field_width=Fluid.TWO_THIRDS),
            button="Schedule the meeting",
        )
