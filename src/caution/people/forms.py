from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms


class MergeForm(forms.Form):
    """Choose the duplicate record to merge into the one being viewed."""

    duplicate = forms.ChoiceField(
        label="Which record is the same person?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the duplicate record"},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why these are the same person"},
    )

    def __init__(self, *args, candidates: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = candidates
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.legend_size = Size.MEDIUM
        self.helper.layout = Layout(
            Field.radios("duplicate", legend_size=Size.MEDIUM),
            Field.textarea("reason", rows=3),
            Submit("merge", "Merge into this record", css_class="govuk-button--warning"),
        )
