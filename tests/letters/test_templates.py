"""Letter templates: shipped for every profile and kind, editable by administrators with
a preview, and rendered safely: only the letter's own plain data, no code, no files."""

import http.server
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.letters import actions, rendering
from caution.letters.content import ELEMENT_VARIABLES, required_elements, sample_fields
from caution.letters.models import Letter
from caution.letters.selectors import template_source
from caution.policy.profiles import available, load_profile
from tests.letters.conftest import PROFILES, decided

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", Letter.Kind.values)
@pytest.mark.parametrize("profile_key", PROFILES)
def test_every_profile_ships_a_template_for_every_kind_with_its_elements(profile_key, kind):
    source = rendering.shipped_source(profile_key, kind)
    used = rendering.variables_used(source)
    for element in required_elements(kind, load_profile(profile_key)):
        assert ELEMENT_VARIABLES[element] in used, f"{profile_key}/{kind}: {element}"


def test_the_five_profiles_are_the_ones_shipped():
    assert sorted(PROFILES) == available()


def test_000_appendix_10_2_the_harborough_letter_follows_the_template_letter():
    source = rendering.shipped_source("harborough", "caution")
    for words in (
        "I am writing to inform you that you have been placed on the Council's",
        "Health and Safety at Work etc. Act 1974",
        "Customer Caution Review Panel have met and made the decision to add your details",
        "any future contact with this Council on this matter should be directed to me in writing",
    ):
        assert words in source


def test_values_are_escaped():
    body = rendering.render_body("<p>{{ reasons }}</p>", {"reasons": "<script>x</script>"})
    assert body == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.parametrize(
    "source",
    [
        '{% include "base.html" %}',
        '{% extends "base.html" %}',
        "{% load static %}",
        "{% debug %}",
        "{% url 'home' %}",
        "{{ reasons|safe }}",
        '<img src="http://example.org/x.png">',
        '<p onclick="x()">Hi</p>',
        "<script>alert(1)</script>",
    ],
)
def test_a_template_cannot_reach_beyond_the_letters_data(source):
    with pytest.raises(ValidationError):
        rendering.compile_template(source)


def test_the_pdf_renderer_fetches_nothing_from_the_network():
    asked = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    with http.server.HTTPServer(("127.0.0.1", 0), Recorder) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        html = f'<html><head><link rel="stylesheet" href="{url}/s.css"></head>'
        html += f'<body><img src="{url}/x.png"><p>Hello</p></body></html>'
        pdf = rendering.render_pdf(html)
        server.shutdown()

    assert pdf.startswith(b"%PDF")
    assert asked == []


def test_the_preview_data_is_made_up(settings):
    fields = sample_fields("caution", load_profile("harborough"))
    assert fields["person_name"] == "Sam Sample"


def test_the_preview_of_an_appeal_outcome_names_the_ombudsman_not_a_further_appeal():
    """003 §9.3: the appeal's answer is final within the council; the route beyond it is
    the Ombudsman."""
    fields = sample_fields("appeal_outcome", load_profile("cheltenham"))
    assert "Ombudsman" in fields["appeal"]
    assert "right to appeal" not in fields["appeal"]


def test_an_administrators_template_replaces_the_shipped_one(settings, administrator):
    settings.CAUTION_PROFILE = "cheltenham"
    actions.letter_template_save(kind="warning", source="<p>{{ action }}</p>", by=administrator)
    assert template_source("cheltenham", "warning") == "<p>{{ action }}</p>"
    actions.letter_template_reset(kind="warning", by=administrator)
    assert template_source("cheltenham", "warning") == rendering.shipped_source(
        "cheltenham", "warning"
    )


def test_only_administrators_edit_templates(settings, register_officer):
    with pytest.raises(PermissionDenied):
        actions.letter_template_save(kind="warning", source="<p></p>", by=register_officer)


def test_000_8_7_a_template_that_leaves_out_an_element_cannot_issue_letters(
    settings, administrator
):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    source = rendering.shipped_source("harborough", "restrictions").replace("{{ sharing }}", "")
    actions.letter_template_save(kind="restrictions", source=source, by=administrator)

    with pytest.raises(ValidationError) as refused:
        actions.letter_submit(case.letter, by=case.officer)

    assert refused.value.messages == [
        "The letter template leaves out: who the information is shared with ({{ sharing }})"
    ]
