from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms

from caution.lib.forms import EARLIEST_BIRTH, DateField
from caution.people.matching import Query
from caution.register.check import query_problems


class CheckForm(forms.Form):
    """Any mix of what staff know about the person they are about to contact."""

    name = forms.CharField(
        required=False,
        max_length=200,
        help_text="Any names in any order, for example ‘Bob Smith’ or ‘Smith, Robert’",
    )
    date_of_birth = DateField(
        past=True,
        earliest=EARLIEST_BIRTH,
        required=False,
        label="Date of birth",
        help_text="For example, 27 3 1980",
    )
    address = forms.CharField(
        required=False,
        max_length=300,
        label="First line of address",
        help_text="For example, 12 High Street. Add the postcode below if you know it",
    )
    postcode = forms.CharField(required=False, max_length=10)
    phone = forms.CharField(required=False, max_length=40, label="Phone number")
    email = forms.CharField(required=False, max_length=254, label="E-mail address")
    social = forms.CharField(required=False, max_length=100, label="Social media handle")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text(
                "name", field_width=Fluid.TWO_THIRDS, spellcheck="false", autocomplete="off"
            ),
            Field("date_of_birth", legend_size=Size.SMALL),
            Fieldset(
                Field.text("address", field_width=Fluid.TWO_THIRDS, autocomplete="off"),
                Field.text("postcode", field_width=10, autocomplete="off"),
                legend="Address",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("phone", field_width=20, autocomplete="off"),
                Field.text("email", field_width=Fluid.TWO_THIRDS, autocomplete="off"),
                Field.text("social", field_width=20, autocomplete="off"),
                legend="Contact details",
                legend_size=Size.SMALL,
            ),
            Submit("check", "Check"),
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for field, message in query_problems(self.query()).items():
            self.add_error(None if field == "__all__" else field, message)
        return data

    def query(self) -> Query:
        data = self.cleaned_data
        return Query(
            name=data["name"].strip(),
            date_of_birth=data["date_of_birth"],
            address=data["address"].strip(),
            postcode=data["postcode"].strip(),
            phone=data["phone"].strip(),
            email=data["email"].strip(),
            social=data["social"].strip(),
        )
