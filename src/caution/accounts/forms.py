from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password

from caution.accounts.models import Organisation, User
from caution.accounts.roles import Role
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
