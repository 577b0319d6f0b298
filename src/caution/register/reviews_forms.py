"""Forms for reviews: the review of one caution and a standing review meeting. They only
collect and clean input; the rules are in the actions (register/reviews.py)."""

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from caution.lib.forms import DateField, form_helper
from caution.policy.citing import citations_lazy
from caution.register.cautions_forms import TermsFields, required_messages
from caution.register.deciding_forms import staff_choices
from caution.register.models import Caution, Review


class ReviewForm(TermsFields, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Review.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea)
    justification = forms.CharField(
        required=False,
        label="The service's written justification for keeping it",
        help_text=citations_lazy(
            "Needed to keep a caution held for the person's circumstances (002 §4.7)."
        ),
        widget=forms.Textarea,
    )
    next_review = DateField(
        future=True,
        what="the date of the next review",
        required=False,
        label="Next review",
        help_text="Leave empty for the policy's interval from today.",
    )

    def __init__(self, *args, caution: Caution, justification_needed: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_messages(
            self, outcome="Choose the outcome", reasons="Give the reasons for the outcome"
        )
        fields = [Field.radios("outcome"), Field.textarea("reasons", rows=5)]
        if justification_needed:
            fields.append(Field.textarea("justification", rows=4))
        else:
            del self.fields["justification"]
        fields.append(Field("next_review"))
        self.helper = form_helper(
            *fields, *self._add_terms(caution), button="Record the review", versioned=True
        )


class ReviewMeetingForm(forms.Form):
    held_on = DateField(label="Date of the meeting")
    place = forms.CharField(required=False, max_length=200, label="Where")
    non_voting = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Others asked to attend, who do not vote",
        help_text=citations_lazy(
            "For example a manager asked to attend the Review Panel (000 §2.1). Not counted "
            "for the quorum."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_messages(self, held_on="Enter the date of the meeting")
        self.fields["non_voting"].queryset = staff_choices()
        self.fields["non_voting"].label_from_instance = lambda u: u.display_name
        self.helper = form_helper(
            Field("held_on"),
            Field.text("place", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("non_voting", small=True),
            button="Schedule the meeting",
            versioned=False,
        )
