"""Pages run an action for a valid form; when the action refuses, the refusal goes on the
form, by field where it names one, so the page shows it in its error summary."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from caution.lib.concurrency import ChangedSinceOpened

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


def action_ran(form: forms.Form, change: Callable[[], object]) -> bool:
    """Run an action for a valid form; put any refusal on the form. True if it ran."""
    try:
        change()
    except REFUSALS as error:
        refusal_to_form(form, error)
        return False
    return True
