"""Not telling the person: only for the reasons the profile allows (000 §8.7, 003 §9.4),
with a written justification and who approved it, shown on the caution."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caution.letters import actions
from caution.lib import clock
from caution.register.models import Caution
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db

WHY = "The police advise that a letter would provoke a violent reaction at the address."


def test_000_8_7_a_risk_of_violent_reaction_lets_the_panel_not_notify(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    letter = actions.letter_exempt(
        case.letter, exemption="violent_reaction", justification=WHY, by=case.officer
    )
    case.caution.refresh_from_db()
    assert case.caution.notified == "no"
    assert (letter.status, letter.exemption_approved_by) == ("not_sent", case.officer)
    assert letter.exemption_justification == WHY


def test_000_8_7_harborough_allows_no_other_reason(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    with pytest.raises(ValidationError, match="the only reasons are"):
        actions.letter_exempt(
            case.letter, exemption="agency_request", justification=WHY, by=case.officer
        )


def test_003_9_4_dover_does_not_notify_at_the_request_of_the_police(settings):
    settings.CAUTION_PROFILE = "dover"
    case = decided("dover")
    letter = actions.letter_exempt(
        case.letter, exemption="agency_request", justification=WHY, by=case.officer
    )
    assert letter.exemption_label.startswith("The police, Probation Service or a court order")


def test_002_3_cheltenham_always_tells_the_person(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    with pytest.raises(ValidationError, match="always told"):
        actions.letter_exempt(
            case.letter, exemption="violent_reaction", justification=WHY, by=case.officer
        )


def test_a_decision_not_to_notify_needs_a_justification(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    with pytest.raises(ValidationError) as refused:
        actions.letter_exempt(
            case.letter, exemption="address_unknown", justification="n/a", by=case.officer
        )
    assert "justification" in refused.value.message_dict


def test_a_panel_member_cannot_approve_not_notifying(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    with pytest.raises(PermissionDenied):
        actions.letter_exempt(
            case.letter, exemption="address_unknown", justification=WHY, by=case.outsider
        )


def test_an_issued_letter_cannot_be_withdrawn_as_exempt(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    letter = actions.letter_sign(
        actions.letter_submit(case.letter, by=case.officer), by=case.signatory
    )
    with pytest.raises(ValidationError, match="issued"):
        actions.letter_exempt(
            letter, exemption="address_unknown", justification=WHY, by=case.officer
        )


def test_000_8_7_the_decision_not_to_notify_is_brought_back_at_every_review(settings, client):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    actions.letter_exempt(
        case.letter, exemption="violent_reaction", justification=WHY, by=case.officer
    )
    # A review since the exemption: it is still weighed at the next one.
    Caution.objects.filter(id=case.caution.id).update(
        last_reviewed=clock.today() + dt.timedelta(days=1)
    )
    client.force_login(case.officer)

    html = client.get(reverse("register:review", args=[case.caution.id])).content.decode()

    assert "Not notified (1)" in html
    assert WHY in html


def test_000_8_7_the_panel_decides_not_to_notify_at_its_meeting_with_its_members_present(
    settings, client
):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    meeting = case.decision.meeting
    letter = actions.letter_exempt(
        case.letter, exemption="violent_reaction", justification=WHY, by=case.officer
    )

    assert letter.exemption_meeting == meeting
    assert set(letter.exemption_members.all()) == set(meeting.members_present())
    client.force_login(case.officer)
    page = client.get(reverse("register:caution", args=[case.caution.id])).content.decode()
    assert "Decided by the Review Panel at its meeting of" in page


def test_000_8_7_not_notifying_is_refused_once_the_panel_is_no_longer_quorate(settings):
    settings.CAUTION_PROFILE = "harborough"
    case = decided("harborough")
    meeting = case.decision.meeting
    meeting.attended.set(list(meeting.attended.all())[:1])
    with pytest.raises(ValidationError, match="not quorate"):
        actions.letter_exempt(
            case.letter, exemption="violent_reaction", justification=WHY, by=case.officer
        )
    case.letter.refresh_from_db()
    assert case.letter.status != "not_sent"
