"""Screens cite only the active council's own policy, in its own words: "Customer Caution
Register policy, section 8.5", never another council's "003 §8.3"."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from caution.incidents import actions
from caution.incidents.models import Incident
from caution.policy.citing import citations
from caution.policy.profiles import available, load_profile

HARBOROUGH = load_profile("harborough")
DOVER = load_profile("dover")


def test_the_councils_own_reference_is_named_as_it_names_its_policy():
    assert (
        citations("Keep to facts (000 §8.5).", HARBOROUGH)
        == "Keep to facts (Customer Caution Register policy, section 8.5)."
    )


def test_another_councils_reference_is_left_out():
    assert citations("Context that lowers the level (003 §8.3)", HARBOROUGH) == (
        "Context that lowers the level"
    )


def test_of_several_references_only_the_councils_own_stays():
    assert citations("Consider it (000 §8.7, 003 §9.4).", DOVER) == (
        "Consider it (Customer Alerts policy, section 9.4)."
    )


def test_a_profile_may_name_its_document_itself():
    workington = load_profile("workington")
    assert citations("Permanent (004 §5)", workington) == (
        "Permanent (Unacceptable customer behaviour policy, section 5)"
    )


def _form_classes():
    import caution

    for module_info in pkgutil.walk_packages(caution.__path__, "caution."):
        if module_info.name.endswith(("forms", "_forms")) and "lib" not in module_info.name:
            module = importlib.import_module(module_info.name)
            for _, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.Form) and value.__module__ == module.__name__:
                    yield value


@pytest.mark.parametrize("profile", available())
def test_no_form_label_or_hint_shows_another_councils_section_numbers(settings, profile):
    settings.CAUTION_PROFILE = profile
    seed = load_profile(profile).seed
    assert len(list(_form_classes())) > 20
    shown = [
        f"{form.__name__}.{name}: {text}"
        for form in _form_classes()
        for name, field in form.base_fields.items()
        for text in (str(field.label or ""), str(field.help_text or ""))
        if "§" in text
    ]
    assert shown == [], f"{seed} screens would show: {shown}"


@pytest.mark.django_db
def test_the_report_form_cites_harboroughs_own_policy_by_name(client, reporter):
    client.force_login(reporter)
    incident = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    page = client.get(reverse("incidents:details", args=[incident.id])).content.decode()
    assert (
        "Keep to facts: no opinions or guesses (Customer Caution Register policy, section 8.5)."
        in page
    )
    assert "§" not in page
