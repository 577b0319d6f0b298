"""How an appeal may be made and what it is logged as: Harborough logs each appeal as a
formal complaint, so it records the complaint reference (000 §8.8); Workington takes
appeals in writing only (004 §6)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.lib import clock
from caution.register.appeals import appeal_record
from caution.register.models import Appeal
from tests.api.conftest import send
from tests.appeals.test_pages_and_api import date_fields
from tests.factories import make_caution

pytestmark = pytest.mark.django_db


@pytest.fixture
def harborough_caution(settings, customer):
    settings.CAUTION_PROFILE = "harborough"
    return make_caution(customer, level="1")


@pytest.fixture
def workington_caution(settings, customer):
    settings.CAUTION_PROFILE = "workington"
    return make_caution(customer, level="TEMPORARY")


def appeal_form(handler, **values) -> dict:
    return {
        "channel": "letter",
        **date_fields("received_on", clock.today()),
        "grounds": "It was a misunderstanding.",
        "handler": handler.id,
        **values,
    }


def test_000_8_8_the_appeal_records_its_formal_complaint_reference(
    client, harborough_caution, elsewhere, register_officer
):
    client.force_login(register_officer)
    url = reverse("register:appeal_new", args=[harborough_caution.id])
    client.post(url, appeal_form(elsewhere, complaint_reference="CMP/2026/117"))

    appeal = Appeal.objects.get()
    assert appeal.complaint_reference == "CMP/2026/117"
    page = client.get(reverse("register:appeal", args=[appeal.id])).content.decode()
    assert "CMP/2026/117" in page


def test_000_8_8_an_appeal_without_its_complaint_reference_is_refused_on_the_page(
    client, harborough_caution, elsewhere, register_officer
):
    client.force_login(register_officer)
    url = reverse("register:appeal_new", args=[harborough_caution.id])
    response = client.post(url, appeal_form(elsewhere))

    assert "govuk-error-summary" in response.content.decode()
    assert "Give the reference of the formal complaint" in response.content.decode()
    assert not Appeal.objects.exists()


def test_000_8_8_the_api_refuses_an_appeal_without_its_complaint_reference(
    client, harborough_caution, elsewhere, register_officer
):
    client.force_login(register_officer)
    answer = send(
        client,
        "post",
        f"/api/cautions/{harborough_caution.id}/appeals",
        {
            "channel": "letter",
            "received_on": clock.today().isoformat(),
            "grounds": "Wrong person.",
            "handler": elsewhere.username,
        },
    )
    assert answer.status_code == 422
    assert "complaint_reference" in answer.content.decode()
    assert not Appeal.objects.exists()


def test_where_appeals_are_not_complaints_no_reference_is_asked(
    client, workington_caution, elsewhere, register_officer
):
    client.force_login(register_officer)
    page = client.get(reverse("register:appeal_new", args=[workington_caution.id]))
    assert "Complaint reference" not in page.content.decode()


def test_004_6_an_appeal_by_phone_is_refused(workington_caution, elsewhere, register_officer):
    with pytest.raises(ValidationError) as refused:
        appeal_record(
            workington_caution,
            channel=Appeal.Channel.PHONE,
            received_on=clock.today(),
            grounds="Rang to complain.",
            handler=elsewhere,
            by=register_officer,
        )
    assert "channel" in refused.value.message_dict
    assert not Appeal.objects.exists()


def test_004_6_the_appeal_page_offers_only_written_channels(
    client, workington_caution, register_officer
):
    client.force_login(register_officer)
    page = client.get(reverse("register:appeal_new", args=[workington_caution.id]))
    assert 'value="phone"' not in page.content.decode()
    assert 'value="letter"' in page.content.decode()


def test_004_6_an_appeal_in_writing_is_accepted(workington_caution, elsewhere, register_officer):
    appeal = appeal_record(
        workington_caution,
        channel=Appeal.Channel.EMAIL,
        received_on=clock.today(),
        grounds="I wrote to say it was not me.",
        handler=elsewhere,
        by=register_officer,
    )
    assert appeal.channel == "email"
