"""The letter pages: preview, sign-off, download, sending, not notifying, the print pack,
the template editor (its preview works without JavaScript) and the caution page."""

import datetime as dt

import pytest
from django.urls import reverse

from caution.letters import actions
from caution.letters.models import Letter
from caution.lib import clock
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(settings):
    settings.CAUTION_PROFILE = "harborough"
    return decided("harborough")


def test_the_signatory_signs_on_the_page_and_downloads_the_pdf(client, case):
    letter = actions.letter_submit(case.letter, by=case.officer)
    client.force_login(case.signatory)
    url = reverse("letters:detail", args=[letter.id])

    page = client.get(url)
    assert "Sign and issue the letter" in page.content.decode()
    client.post(url, {"sign": "1"})

    download = client.get(reverse("letters:pdf", args=[letter.id]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert "Gary" not in download["Content-Disposition"]  # no personal data in file names


def test_sending_for_sign_off_with_an_element_missing_names_it_in_the_error_summary(client, case):
    client.force_login(case.officer)
    url = reverse("letters:detail", args=[case.letter.id])
    fields = {name: "" for name in ("appeal",)}

    page = client.post(url, {"submit": "1", **fields})

    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "The letter does not yet say: the right of appeal and how to appeal" in html
    assert Letter.objects.get(id=case.letter.id).status == "draft"


def test_someone_who_does_not_handle_letters_gets_not_found(client, case, reporter):
    client.force_login(reporter)
    assert client.get(reverse("letters:detail", args=[case.letter.id])).status_code == 404


def test_opening_a_letter_is_audited(client, case):
    client.force_login(case.officer)
    client.get(reverse("letters:detail", args=[case.letter.id]))
    assert case.decision.person.audit_events.filter(summary="Viewed a letter").exists()


def test_hand_delivery_is_recorded_on_the_page(client, settings):
    settings.CAUTION_PROFILE = "dover"
    dover = decided("dover")
    letter = actions.letter_sign(
        actions.letter_submit(dover.letter, by=dover.officer), by=dover.signatory
    )
    client.force_login(dover.officer)

    with clock.frozen_at(clock.now() + dt.timedelta(hours=3)):
        sent = client.post(
            reverse("letters:deliver", args=[letter.id]),
            {
                "method": "hand",
                "delivered_on_0": "2",
                "delivered_on_1": "3",
                "delivered_on_2": "2026",
                "delivered_time": "11:15",
                "officer": str(dover.signatory.id),
            },
        )
    assert sent.status_code == 302, sent.content.decode()
    page = client.get(reverse("letters:detail", args=[letter.id])).content.decode()
    assert "Hand delivered on 2 March 2026 at 11:15" in page


def test_the_print_pack_is_downloaded_then_marked_as_posted(client, case):
    letter = actions.letter_sign(
        actions.letter_submit(case.letter, by=case.officer), by=case.signatory
    )
    actions.letter_deliver(letter, method="post", by=case.officer)
    client.force_login(case.officer)

    assert client.get(reverse("letters:post_pack")).content.startswith(b"%PDF")
    client.post(reverse("letters:post_mark"), {"letter": [str(letter.id)]})

    assert Letter.objects.get(id=letter.id).delivery_status == "posted"


def test_the_caution_page_shows_why_the_person_was_not_notified(client, case):
    actions.letter_exempt(
        case.letter,
        exemption="address_unknown",
        justification="No address known; the person moved away and left none.",
        by=case.officer,
    )
    client.force_login(case.officer)
    html = client.get(reverse("register:caution", args=[case.caution.id])).content.decode()
    assert "Not notified: Their address is unknown." in html
    assert "the person moved away and left none" in html


def test_the_dashboard_lists_the_letters_due(client, case):
    client.force_login(case.officer)
    html = client.get(reverse("register:dashboard")).content.decode()
    assert "Letters due" in html
    assert reverse("letters:detail", args=[case.letter.id]) in html


def test_the_template_preview_works_without_javascript_and_saves_nothing(
    client, administrator, settings
):
    settings.CAUTION_PROFILE = "harborough"
    client.force_login(administrator)
    url = reverse("letters:template", args=["caution"])

    page = client.post(url, {"source": "<p>{{ person_name }}: {{ reasons }}</p>", "preview": "1"})

    html = page.content.decode()
    assert "Sam Sample: The behaviour caused distress" in html
    assert "cannot be issued: it leaves out" in html
    assert not client.get(reverse("letters:templates")).content.decode().count("Changed by")


def test_the_live_preview_answers_the_preview_alone_as_the_administrator_types(
    client, administrator, settings
):
    settings.CAUTION_PROFILE = "harborough"
    client.force_login(administrator)
    url = reverse("letters:template_preview", args=["caution"])

    html = client.post(url, {"source": "<p>{{ person_name }}</p>"}).content.decode()

    assert "Sam Sample" in html
    assert "cannot be issued: it leaves out" in html
    assert "<html" not in html


def test_the_live_preview_says_why_a_template_cannot_be_shown(client, administrator):
    client.force_login(administrator)
    url = reverse("letters:template_preview", args=["caution"])

    html = client.post(url, {"source": '{% include "base.html" %}'}).content.decode()

    assert "No preview:" in html


def test_only_administrators_get_the_live_preview(client, register_officer):
    client.force_login(register_officer)
    url = reverse("letters:template_preview", args=["caution"])
    assert client.post(url, {"source": "<p></p>"}).status_code == 403


def test_a_template_with_code_is_refused_with_an_error_summary(client, administrator):
    client.force_login(administrator)
    page = client.post(
        reverse("letters:template", args=["caution"]),
        {"source": '{% include "base.html" %}', "save": "1"},
    )
    assert "govuk-error-summary" in page.content.decode()


def test_an_issued_letter_shows_as_it_was_issued_after_the_template_changes(
    client, case, administrator
):
    letter = actions.letter_sign(
        actions.letter_submit(case.letter, by=case.officer), by=case.signatory
    )
    actions.letter_template_save(
        kind="restrictions", source="<p>New wording {{ action }}</p>", by=administrator
    )
    client.force_login(case.officer)
    html = client.get(reverse("letters:detail", args=[letter.id])).content.decode()
    assert "Health and Safety at Work etc. Act 1974" in html
    assert "New wording" not in html
