import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms
from django.utils import timezone

from caution.incidents.actions import IncidentDetails
from caution.incidents.models import Evidence, Incident
from caution.lib import clock
from caution.lib.forms import (
    EARLIEST_BIRTH,
    LONG_AGO_YEARS,
    DateField,
    date_refuse,
    form_helper,
    long_date,
)
from caution.people.models import IdentifiedBy, IdentityConfidence
from caution.policy.citing import citations_lazy
from caution.policy.profiles import current


class VersionedForm(forms.Form):
    """Carries the version of the report the user opened, so a save over someone else's
    newer change is refused instead of silently overwriting it."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you reporting?",
        choices=Incident.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are reporting"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM), Submit("start", "Start the report")
        )


class TimeField(forms.CharField):
    """A time typed as 14:30, 2.30pm or 9am."""

    def to_python(self, value) -> dt.time | None:
        text = (super().to_python(value) or "").strip().lower().replace(".", ":")
        if not text:
            return None
        for fmt in ("%H:%M", "%I:%M%p", "%I%p", "%I:%M %p", "%I %p", "%H"):
            try:
                return dt.datetime.strptime(text, fmt).time()
            except ValueError:
                continue
        raise forms.ValidationError("Enter a time, like 14:30 or 2:30pm")


class DetailsForm(VersionedForm):
    occurred_on = DateField(
        required=False,
        past=True,
        what="the date it happened",
        label="Date",
        help_text="For example, 27 3 2026",
    )
    long_ago_confirmed = forms.BooleanField(
        required=False, label="Yes, the date is right: it happened that long ago"
    )
    occurred_time = TimeField(required=False, label="Time", help_text="For example, 14:30")
    location = forms.CharField(required=False, max_length=300, label="Where it happened")
    channel = forms.ChoiceField(
        required=False,
        label="How the contact happened",
        choices=[("", "Choose"), *Incident.Channel.choices],
    )
    service_area = forms.CharField(required=False, max_length=120, label="Service area")
    category = forms.ChoiceField(required=False, label="Kind of behaviour")
    description = forms.CharField(
        required=False,
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=citations_lazy(
            "Say what was said and done, in the order it happened. "
            "Keep to facts: no opinions or guesses (000 §8.5)."
        ),
    )
    on_behalf_of = forms.CharField(
        required=False,
        max_length=200,
        label="Reporting for someone else? Their name and role",
        help_text=citations_lazy(
            "For a colleague, councillor or contractor without access (002 §4.1)"
        ),
    )
    agency = forms.CharField(required=False, max_length=200, label="Agency that told us")
    police_involved = forms.BooleanField(required=False, label="The police were involved")
    police_reference = forms.CharField(required=False, max_length=60, label="Police reference")
    injury = forms.BooleanField(required=False, label="Someone was injured")
    first_aid = forms.BooleanField(required=False, label="First aid was given")
    riddor = forms.BooleanField(required=False, label="It is RIDDOR-reportable")
    identified_by = forms.ChoiceField(
        required=False,
        choices=IdentifiedBy.choices,
        widget=forms.RadioSelect,
        label="How did you know who it was?",
    )
    identity_confidence = forms.ChoiceField(
        required=False,
        choices=IdentityConfidence.choices,
        widget=forms.RadioSelect,
        label="How sure are you it was them?",
    )

    def __init__(self, *args, incident: Incident, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose")] + [
            (category.code, category.label) for category in current().categories
        ]
        self.incident = incident
        when = [Field("occurred_on")]
        if self._long_ago_asked():
            when.append(Field.checkbox("long_ago_confirmed", small=True))
        fields = [
            Fieldset(
                *when,
                Field.text("occurred_time", field_width=5),
                legend="When it happened",
                legend_size=Size.SMALL,
            ),
            Field.text("location", field_width=Fluid.TWO_THIRDS),
            Field.select("channel"),
            Field.text("service_area", field_width=Fluid.ONE_HALF),
            Field.select("category"),
            Field.textarea("description", rows=8),
            Field.text("on_behalf_of", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field.radios("identified_by", small=True, legend_size=Size.SMALL),
                Field.radios("identity_confidence", small=True, inline=True),
                legend="Who it was",
                legend_size=Size.SMALL,
            ),
        ]
        if incident.kind == Incident.Kind.THIRD_PARTY:
            fields.insert(0, Field.text("agency", field_width=Fluid.TWO_THIRDS))
        fields += [
            Fieldset(
                Field.checkbox("police_involved", small=True),
                Field.text("police_reference", field_width=10),
                Field.checkbox("injury", small=True),
                Field.checkbox("first_aid", small=True),
                Field.checkbox("riddor", small=True),
                legend="Police, injury and RIDDOR",
                legend_size=Size.SMALL,
            )
        ]
        self.helper = form_helper(*fields, button="Save and continue", versioned=True)

    def _long_ago_asked(self) -> bool:
        """Ask to confirm only once a date long ago has been typed."""
        if not self.is_bound:
            return False
        field = self.fields["occurred_on"]
        typed = field.widget.value_from_datadict(
            self.data, self.files, self.add_prefix("occurred_on")
        )
        try:
            when = field.clean(typed)
        except forms.ValidationError:
            return False
        return when is not None and when < long_ago()

    def clean(self):
        data = super().clean()
        when = data.get("occurred_on")
        if when is None:
            return data
        born = self.incident.person.date_of_birth if self.incident.person_id else None
        if born and when < born:
            date_refuse(
                self,
                "occurred_on",
                f"The date it happened must be the same as or after the person's date of "
                f"birth, {long_date(born)}",
            )
        elif when < long_ago() and not data.get("long_ago_confirmed"):
            date_refuse(
                self,
                "occurred_on",
                f"The date it happened is more than {LONG_AGO_YEARS} years ago: check the "
                "year, or confirm the date is right",
            )
        return data

    def details(self) -> IncidentDetails:
        data = self.cleaned_data
        when = None
        if data["occurred_on"]:
            moment = dt.datetime.combine(data["occurred_on"], data["occurred_time"] or dt.time(0))
            when = timezone.make_aware(moment)
        return IncidentDetails(
            occurred_at=when,
            location=data["location"].strip(),
            channel=data["channel"],
            service_area=data["service_area"].strip(),
            category=data["category"],
            description=data["description"].strip(),
            on_behalf_of=data["on_behalf_of"].strip(),
            agency=data["agency"].strip(),
            police_involved=data["police_involved"],
            police_reference=data["police_reference"].strip(),
            injury=data["injury"],
            first_aid=data["first_aid"],
            riddor=data["riddor"],
            identified_by=data["identified_by"],
            identity_confidence=data["identity_confidence"],
        )

    @staticmethod
    def initial_for(incident: Incident) -> dict:
        local = timezone.localtime(incident.occurred_at) if incident.occurred_at else None
        return {
            "version": incident.version,
            "occurred_on": local.date() if local else None,
            "occurred_time": f"{local:%H:%M}" if local else "",
            **{
                field: getattr(incident, field)
                for field in (
                    "location",
                    "channel",
                    "service_area",
                    "category",
                    "description",
                    "on_behalf_of",
                    "agency",
                    "police_involved",
                    "police_reference",
                    "injury",
                    "first_aid",
                    "riddor",
                    "identified_by",
                    "identity_confidence",
                )
            },
        }


class WitnessForm(VersionedForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the witness's name"})
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What they saw and heard, in their words",
        error_messages={"required": "Enter the witness's statement"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("statement", rows=6),
            button="Add witness",
            versioned=True,
        )


class StaffForm(VersionedForm):
    name = forms.CharField(max_length=200, label="Name of the member of staff")
    username = forms.CharField(
        required=False,
        max_length=150,
        label="Their username, if they use this service",
        help_text="So that they can be alerted and kept out of deciding the case",
    )
    threatened = forms.BooleanField(
        required=False,
        label="They were threatened by name (they and their manager are alerted at once)",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the name of the member of staff"
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("username", field_width=20, spellcheck="false"),
            Field.checkbox("threatened", small=True),
            button="Add member of staff",
            versioned=True,
        )

    def clean_username(self):
        from caution.accounts.models import User

        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise forms.ValidationError("There is no user with this username") from None


def long_ago() -> dt.date:
    """Before this, an incident's date is asked about (typed 1990 for 2019?)."""
    today = clock.today()
    return today.replace(year=today.year - LONG_AGO_YEARS, day=min(today.day, 28))


class ContactForm(VersionedForm):
    occurred_on = DateField(label="Date", what="the date of the contact", past=True)
    occurred_time = TimeField(required=False, label="Time")
    channel = forms.ChoiceField(choices=Incident.Channel.choices, label="How")
    summary = forms.CharField(max_length=500, label="What they wanted or said")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].error_messages["required"] = "Enter a short summary of the contact"
        self.helper = form_helper(
            Field("occurred_on"),
            Field.text("occurred_time", field_width=5),
            Field.select("channel"),
            Field.text("summary", field_width=Fluid.FULL),
            button="Add contact",
            versioned=True,
        )

    def occurred_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(
            dt.datetime.combine(data["occurred_on"], data["occurred_time"] or dt.time(0))
        )


class EvidenceForm(VersionedForm):
    kind = forms.ChoiceField(
        choices=Evidence.Kind.choices, widget=forms.RadioSelect, label="Kind of file"
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, text, JPG, PNG, WEBP, MP3, WAV, M4A or OGG, up to 20 MB",
        error_messages={"required": "Select a file"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of file"
        self.helper = form_helper(
            Field.radios("kind", small=True), Field("file"), button="Upload", versioned=True
        )


class FindPersonForm(VersionedForm):
    given_names = forms.CharField(max_length=200, required=False, label="Given names")
    family_name = forms.CharField(max_length=200, label="Family name")
    date_of_birth = DateField(
        required=False, past=True, earliest=EARLIEST_BIRTH, label="Date of birth (if known)"
    )
    line1 = forms.CharField(max_length=200, required=False, label="First line of address")
    postcode = forms.CharField(max_length=10, required=False)

    def __init__(self, *args, searches: bool = True, **kwargs) -> None:
        """`searches`: whether the user may check the register; if not, the form names the
        person and finds nobody (the report-only role, 002 §5)."""
        super().__init__(*args, **kwargs)
        self.fields["family_name"].error_messages["required"] = "Enter the person's family name"
        self.helper = form_helper(
            Field.text("given_names", field_width=Fluid.TWO_THIRDS),
            Field.text("family_name", field_width=Fluid.TWO_THIRDS),
            Field("date_of_birth"),
            Field.text("line1", field_width=Fluid.TWO_THIRDS),
            Field.text("postcode", field_width=10),
            button="Find" if searches else "Save and continue",
            versioned=True,
        )
