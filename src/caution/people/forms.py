from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms

from caution.lib.forms import EARLIEST_BIRTH, DateField, form_helper
from caution.people.actions import AddressInput, NameInput
from caution.people.correcting import PersonDetails
from caution.people.models import Adjustment, ContactPoint, PersonAddress, PersonName


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


class CorrectForm(forms.Form):
    """A person's details as they stand, each row editable, with one empty row more of each
    kind to add a name, an address or a contact; a row emptied is taken off. Works without
    JavaScript: the rows are plain fields."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    date_of_birth = DateField(
        required=False, past=True, earliest=EARLIEST_BIRTH, label="Date of birth (if known)"
    )
    reason = forms.CharField(
        label="What was wrong, and how do you know?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the person showed their passport; a request to correct data.",
        error_messages={"required": "Say what was wrong and how you know"},
    )

    def __init__(self, *args, details: PersonDetails, version: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = {
            "name": len(details.names) + 1,
            "address": len(details.addresses) + 1,
            "contact": len(details.contacts) + 1,
        }
        self.initial.setdefault("version", version)
        self.initial.setdefault("date_of_birth", details.date_of_birth)
        names = [self._name_row(i, details.names) for i in range(self.rows["name"])]
        places = [self._address_row(i, details.addresses) for i in range(self.rows["address"])]
        contacts = [self._contact_row(i, details.contacts) for i in range(self.rows["contact"])]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            Field("version"),
            Fieldset(*names, legend="Names", legend_size=Size.MEDIUM),
            Field("date_of_birth"),
            Fieldset(*places, legend="Addresses", legend_size=Size.MEDIUM),
            Fieldset(*contacts, legend="Phones, e-mails and social media", legend_size=Size.MEDIUM),
            Field.textarea("reason", rows=3),
            Submit("correct", "Save the correction"),
        )

    def _name_row(self, i: int, names) -> Fieldset:
        name = names[i] if i < len(names) else None
        kinds = PersonName.Kind.choices if i else [PersonName.Kind.choices[0]]
        given, family = (name.given_names, name.family_name) if name else ("", "")
        self._add(f"name_{i}_given", forms.CharField(label="Given names"), given)
        self._add(f"name_{i}_family", forms.CharField(label="Family name"), family)
        self._add(
            f"name_{i}_kind",
            forms.ChoiceField(label="Kind of name", choices=kinds),
            name.kind if name else PersonName.Kind.ALIAS,
        )
        legend = "Name" if i == 0 else ("Another name" if name else "Add another name")
        return Fieldset(
            Field.text(f"name_{i}_given", field_width=Fluid.TWO_THIRDS),
            Field.text(f"name_{i}_family", field_width=Fluid.TWO_THIRDS),
            Field.select(f"name_{i}_kind"),
            legend=legend,
        )

    def _address_row(self, i: int, addresses) -> Fieldset:
        place = addresses[i] if i < len(addresses) else None
        for part, label in (
            ("line1", "Address line 1"),
            ("line2", "Address line 2"),
            ("town", "Town"),
            ("postcode", "Postcode"),
        ):
            self._add(f"address_{i}_{part}", forms.CharField(label=label), getattr(place, part, ""))
        self._add(
            f"address_{i}_relation",
            forms.ChoiceField(label="How they are linked", choices=PersonAddress.Relation.choices),
            place.relation if place else PersonAddress.Relation.RESIDENT,
        )
        self._add(
            f"address_{i}_previous",
            forms.BooleanField(label="A previous address"),
            bool(place and not place.current),
        )
        legend = f"Address {i + 1} (empty its lines to take it off)" if place else "Add an address"
        return Fieldset(
            Field.text(f"address_{i}_line1", field_width=Fluid.TWO_THIRDS),
            Field.text(f"address_{i}_line2", field_width=Fluid.TWO_THIRDS),
            Field.text(f"address_{i}_town", field_width=Fluid.ONE_HALF),
            Field.text(f"address_{i}_postcode", field_width=10),
            Field.select(f"address_{i}_relation"),
            Field.checkbox(f"address_{i}_previous", small=True),
            legend=legend,
        )

    def _contact_row(self, i: int, contacts) -> Fieldset:
        kind, value = contacts[i] if i < len(contacts) else (ContactPoint.Kind.PHONE, "")
        self._add(
            f"contact_{i}_kind",
            forms.ChoiceField(label="Kind", choices=ContactPoint.Kind.choices),
            kind,
        )
        self._add(f"contact_{i}_value", forms.CharField(label="Number or address"), value)
        return Fieldset(
            Field.select(f"contact_{i}_kind"),
            Field.text(f"contact_{i}_value", field_width=Fluid.TWO_THIRDS),
            legend=f"Contact {i + 1}" if value else "Add a phone, e-mail or social media",
        )

    def _add(self, name: str, field: forms.Field, initial) -> None:
        field.required = False
        self.fields[name] = field
        self.initial.setdefault(name, initial or "")

    def details(self) -> PersonDetails:
        """The details as the form says they should be (blank rows dropped by the action)."""
        data = self.cleaned_data
        names = tuple(
            NameInput(data[f"name_{i}_given"], data[f"name_{i}_family"], data[f"name_{i}_kind"])
            for i in range(self.rows["name"])
        )
        addresses = tuple(
            AddressInput(
                line1=data[f"address_{i}_line1"],
                line2=data[f"address_{i}_line2"],
                town=data[f"address_{i}_town"],
                postcode=data[f"address_{i}_postcode"],
                relation=data[f"address_{i}_relation"],
                current=not data[f"address_{i}_previous"],
            )
            for i in range(self.rows["address"])
        )
        contacts = tuple(
            (data[f"contact_{i}_kind"], data[f"contact_{i}_value"])
            for i in range(self.rows["contact"])
        )
        return PersonDetails(names, data["date_of_birth"], addresses, contacts)


class AdjustmentForm(forms.Form):
    """A reasonable adjustment agreed with the person (ADR 0024)."""

    kind = forms.ChoiceField(
        label="What kind of adjustment is it?",
        choices=Adjustment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of adjustment it is"},
    )
    agreed = forms.CharField(
        label="What is agreed",
        help_text="What staff do differently, as the check will show it to everyone who checks",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what is agreed"},
    )
    need = forms.CharField(
        label="The need it meets",
        help_text="Health or disability information: shown only to those who record adjustments",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the need it meets"},
    )
    agreed_on = DateField(label="Date agreed", what="the date it was agreed", past=True)
    agreed_by = forms.CharField(
        label="Agreed by",
        help_text="The name or post of who agreed it with the person",
        max_length=200,
        error_messages={"required": "Enter who agreed it"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("agreed", rows=2),
            Field.textarea("need", rows=2),
            Field("agreed_on"),
            Field("agreed_by"),
            button="Record the adjustment",
        )
