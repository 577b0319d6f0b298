from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password

from caution.accounts.agreements import AgreementTerms, category_choices
from caution.accounts.models import (
    CLIENT_FIELDS,
    CLIENT_OPERATIONS,
    CLIENT_REPORT_FIELDS,
    Client,
    LawfulBasis,
    Organisation,
    User,
)
from caution.accounts.roles import Role
from caution.lib.forms import DateField, form_helper
from caution.policy.citing import citations_lazy


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=20, autocomplete="username", spellcheck="false"),
            Field.text("password", field_width=20, autocomplete="current-password"),
            Submit("submit", "Sign in"),
        )
        self.helper.label_size = Size.SMALL


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class UserRolesForm(forms.Form):
    """Roles, organisation and whether the account may sign in."""

    roles = forms.MultipleChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="None (council staff)",
        help_text="A partner's users see only cautions shared with their organisation",
    )
    manager = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
        required=False,
        empty_label="None recorded",
        label="Line manager",
        help_text=citations_lazy(
            "Told at once when this user is threatened (003 §6.3); signs the letters about "
            "this user's reports where the policy says the line manager does (003 §9.1)"
        ),
    )
    is_active = forms.BooleanField(required=False, initial=True, label="The user may sign in")

    def clean(self):
        data = super().clean()
        partner = Role.PARTNER.value in data.get("roles", [])
        if partner and not data.get("organisation"):
            self.add_error("organisation", "Choose the partner organisation this user works for")
        return data

    def chosen_roles(self) -> list[Role]:
        return [Role(value) for value in self.cleaned_data["roles"]]

    def _layout(self, *fields) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            *fields,
            Field.checkboxes("roles", small=True),
            Field.select("organisation"),
            Field.select("manager"),
            Field.checkbox("is_active", small=True),
            Submit("save", "Save"),
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layout()


class UserAddForm(UserRolesForm):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter a username"})
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter a first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter a last name"})
    email = forms.EmailField(
        required=False, error_messages={"invalid": "Enter an e-mail address, like name@example.com"}
    )
    password = forms.CharField(
        label="First password",
        widget=forms.PasswordInput,
        help_text="At least 12 characters. Tell the user in person; they can change it.",
        error_messages={"required": "Enter a first password"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layout(
            Field.text("username", field_width=20, spellcheck="false", autocomplete="off"),
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=20, autocomplete="new-password"),
        )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with this username already exists")
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("old_password", field_width=20, autocomplete="current-password"),
            Field.text("new_password1", field_width=20, autocomplete="new-password"),
            Field.text("new_password2", field_width=20, autocomplete="new-password"),
            Submit("change", "Change password"),
        )


class ClientForm(forms.Form):
    """Another system that will call the API: who answers for it, and why it calls."""

    name = forms.CharField(
        label="Name of the system",
        max_length=120,
        error_messages={"required": "Enter the name of the system"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="The team or person answerable for the system, like ‘Housing repairs team’",
        error_messages={"required": "Enter the system's owner"},
    )
    purpose = forms.CharField(
        label="Why it needs the register",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the system needs the register"},
    )
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="None (a council system)",
        help_text="A partner's system sees only cautions shared with that partner",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.textarea("purpose"),
            Field.select("organisation"),
            button="Register the system",
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Client.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A system with this name is already registered")
        return name


VALID_DAYS = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "A year")]


class ClientTokenForm(forms.Form):
    """What a new token may do and see, and for how long."""

    operations = forms.MultipleChoiceField(
        label="What the token may do",
        choices=CLIENT_OPERATIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the token may do"},
    )
    fields = forms.MultipleChoiceField(
        label="What its answers and reports may hold",
        choices=CLIENT_FIELDS + CLIENT_REPORT_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every answer says whether the register holds a caution. Choose only "
        "what the system's users need beside that; for a partner's reports, only what its "
        "reports may give beside the person's name and what happened",
    )
    valid_days = forms.TypedChoiceField(
        label="Valid for",
        choices=VALID_DAYS,
        coerce=int,
        initial=90,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long the token is valid for"},
    )
    per_minute = forms.IntegerField(
        label="Calls a minute",
        min_value=1,
        max_value=6000,
        initial=60,
        help_text="More calls in a minute are refused until the next minute",
        error_messages={
            "required": "Enter how many calls a minute the token may make",
            "invalid": "Enter a whole number of calls, like 60",
            "min_value": "Allow at least 1 call a minute",
            "max_value": "Allow at most 6000 calls a minute",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.checkboxes("operations", small=True),
            Field.checkboxes("fields", small=True),
            Field.radios("valid_days", small=True, inline=True),
            Field.text("per_minute", field_width=4),
            button="Issue the token",
        )


class ClientTokenRotateForm(forms.Form):
    overlap_hours = forms.TypedChoiceField(
        label="When the old token stops working",
        choices=[(0, "At once"), (24, "In 24 hours"), (168, "In 7 days")],
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
        help_text="Give the system time to switch to the new token, unless the old one "
        "may have leaked",
        error_messages={"required": "Choose when the old token stops working"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("overlap_hours", small=True), button="Rotate the token"
        )


class AgreementForm(forms.Form):
    """An information-sharing agreement with a partner (ADR 0017)."""

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title"}
    )
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER),
        error_messages={"required": "Choose the partner organisation"},
    )
    purpose = forms.CharField(
        label="Purpose of sharing",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Enter the purpose of sharing"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=LawfulBasis.choices,
        error_messages={"required": "Choose the lawful basis"},
    )
    condition = forms.CharField(
        label="Condition for special-category or criminal offence data",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
        help_text="Such as the Data Protection Act 2018, Schedule 1, paragraph 10",
    )
    categories = forms.MultipleChoiceField(
        label="What is shared",
        help_text="The partner is told of a caution shared with it only in these categories",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one category the partner is told of"},
    )
    onward_disclosure = forms.CharField(
        label="Onward disclosure",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text="Whether, and to whom, the partner may pass on what it is told",
        error_messages={"required": "Enter the onward disclosure rule"},
    )
    starts_on = DateField(label="Start date")
    review_on = DateField(label="Review date")
    ends_on = DateField(label="End date", help_text="Sharing stops at midnight at its end")
    document = forms.FileField(
        label="The signed agreement (PDF)",
        required=False,
        help_text="Leave empty to keep the one already uploaded",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()
        self.helper = form_helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.select("organisation"),
            Field.textarea("purpose"),
            Field.radios("lawful_basis"),
            Field.textarea("condition"),
            Field.checkboxes("categories", small=True),
            Field.textarea("onward_disclosure"),
            Field("starts_on"),
            Field("review_on"),
            Field("ends_on"),
            Field("document"),
            button="Save the agreement",
        )

    def terms(self) -> AgreementTerms:
        data = dict(self.cleaned_data)
        data.pop("document", None)
        data["categories"] = tuple(data["categories"])
        return AgreementTerms(**data)

    def document_bytes(self) -> bytes | None:
        upload = self.cleaned_data.get("document")
        return upload.read() if upload else None
