"""The one layout every GOV.UK form on the service uses, and the one date field.

Pages run an action for a valid form; when the action refuses, the refusal goes on the
form, by field where it names one, so the page shows it in its error summary."""

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, Field, Layout, Size, Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened

T = TypeVar("T")

REFUSALS = (ValidationError, PermissionDenied, ChangedSinceOpened)


def refusal_to_form(form: forms.Form, error: Exception) -> None:
    """Put an action's refusal on the form: a field's message on that field, the rest at
    the top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))


def action_made(form: forms.Form, make: Callable[[], T]) -> T | None:
    """Run an action that makes something (a record, a token) for a valid form: what it
    made, or None when it refused (the refusal is then on the form)."""
    try:
        return make()
    except REFUSALS as error:
        refusal_to_form(form, error)
        return None


def action_ran(form: forms.Form, change: Callable[[], object]) -> bool:
    """Run an action for a valid form; put any refusal on the form. True if it ran."""
    try:
        change()
    except REFUSALS as error:
        refusal_to_form(form, error)
        return False
    return True


# Dates, as the GOV.UK Design System's date input asks
# (https://design-system.service.gov.uk/components/date-input/): one message per date, in
# its words, with only the wrong part of the date highlighted; never Python's own text.

PARTS = ("day", "month", "year")
# No one on the register was born before this: a date of birth before it is a typing slip.
EARLIEST_BIRTH = dt.date(1900, 1, 1)
# An incident further back than this many years asks the reporter to confirm the year.
LONG_AGO_YEARS = 10


class DateWidget(DateInputWidget):
    """Highlights only the parts of the date its field found wrong (`wrong`); when a form
    refused the date as a whole, all three (crispy-forms-gds's way)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.wrong: tuple[int, ...] | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.wrong is not None:
            for index, subwidget in enumerate(context["widget"]["subwidgets"]):
                classes = subwidget["attrs"].get("class", "").split()
                classes = [c for c in classes if c != "govuk-input--error"]
                if index in self.wrong:
                    classes.append("govuk-input--error")
                subwidget["attrs"]["class"] = " ".join(classes)
        return context


class DateField(DateInputField):
    """A GOV.UK date input. `what` names the date in messages ("the date of birth": "Enter
    the date of birth", "The date of birth must include a month"); `past` and `future`
    allow today, `earliest` and `latest` bound it (a date, or a function giving one)."""

    widget = DateWidget

    def __init__(
        self,
        *,
        what: str | None = None,
        past: bool = False,
        future: bool = False,
        earliest: dt.date | Callable[[], dt.date] | None = None,
        latest: dt.date | Callable[[], dt.date] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        label = str(kwargs.get("label") or "date").split(" (")[0]
        self.what = what or f"the {label[0].lower()}{label[1:]}"
        self.error_messages["required"] = f"Enter {self.what}"  # a form may say otherwise
        self.past, self.future = past, future
        self.earliest, self.latest = earliest, latest

    def clean(self, value):
        self._reset()
        parts = [str(part or "").strip() for part in (value or ("", "", ""))][:3]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                self._refuse(self.error_messages["required"], (0, 1, 2), code="required")
            return None
        missing = [index for index, part in enumerate(parts) if not part]
        if missing:
            names = " and ".join(PARTS[index] for index in missing)
            self._refuse(f"{self._What} must include a {names}", missing, code="incomplete")
        not_numbers = [index for index, part in enumerate(parts) if not part.isdigit()]
        if not_numbers:
            self._refuse(f"{self._What} must be a real date", not_numbers)
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            self._refuse("Year must include 4 numbers", (2,))
        if not 1 <= month <= 12:
            self._refuse(f"{self._What} must be a real date", (1,))
        try:
            when = dt.date(year, month, day)
        except ValueError:
            self._refuse(f"{self._What} must be a real date", (0,))
        today = clock.today()
        if self.past and when > today:
            self._refuse(f"{self._What} must be today or in the past")
        if self.future and when < today:
            self._refuse(f"{self._What} must be today or in the future")
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        if earliest and when < earliest:
            self._refuse(f"{self._What} must be the same as or after {long_date(earliest)}")
        latest = self.latest() if callable(self.latest) else self.latest
        if latest and when > latest:
            self._refuse(f"{self._What} must be the same as or before {long_date(latest)}")
        self.run_validators(when)
        return when

    @property
    def _What(self) -> str:  # capitalised: the name as a sentence begins
        return self.what[0].upper() + self.what[1:]

    def _reset(self) -> None:
        self.widget.wrong = None
        for field in self.fields:
            field.widget.errors = []

    def _refuse(self, message: str, wrong=(0, 1, 2), code: str = "invalid"):
        """One message for the date: on its first wrong part (where the error summary
        links), highlighting the wrong parts only."""
        self.widget.wrong = tuple(wrong)
        self.fields[self.widget.wrong[0]].widget.errors = [message]
        raise ValidationError(message, code=code)


def date_refuse(form: forms.Form, name: str, message: str) -> None:
    """Refuse a form's date as a whole, for a rule across fields ("not before the person's
    birth"): the message once, linked from the summary to the day, all three highlighted."""
    field = form.fields[name]
    field.widget.wrong = (0, 1, 2)
    field.fields[0].widget.errors = [message]
    form.add_error(name, message)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class RevealQuestion(ConditionalQuestion):
    """A choice of crispy-forms-gds's `ConditionalRadios`, revealing its fields when chosen
    (GOV.UK's conditional reveal). Unlike `ConditionalQuestion`, a choice that reveals
    nothing names nothing for the radio to control (ARIA would refer to no element)."""

    template = "forms/conditional_question.html"


def form_helper(*fields, button: str | None = None, versioned: bool = False) -> FormHelper:
    """A GOV.UK form's layout, inside the page's own <form>: these fields, the version the
    record was opened at when the form is versioned (so a save over a newer change is
    refused), and the button when there is one."""
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    version = [Field("version")] if versioned else []
    submit = [Submit("save", button)] if button else []
    helper.layout = Layout(*fields, *version, *submit)
    return helper
