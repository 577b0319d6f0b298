"""Appeals through the pages and the JSON API: the same actions, the same refusals."""

import datetime as dt

import pytest
from django.urls import reverse

from caution.lib import clock
from caution.register.models import Appeal, Caution
from tests.api.conftest import send
from tests.appeals.conftest import caution_decided

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def caution(settings, reporter, customer, line_manager):
    settings.CAUTION_PROFILE = "dover"
    return caution_decided(reporter, customer, line_manager, "VIOLENCE", "3")


def test_a_register_officer_records_an_appeal_on_the_page(
    client, caution, senior, register_officer
):
    client.force_login(register_officer)
    answer = client.post(
        reverse("register:appeal_new", args=[caution.id]),
        {
            "channel": "letter",
            **date_fields("received_on", clock.today()),
            "grounds": "It was a misunderstanding.",
            "handler": senior.id,
        },
    )

    appeal = Appeal.objects.get()
    assert answer.url == reverse("register:appeal", args=[appeal.id])
    page = client.get(answer.url).content.decode()
    assert "Appeal in progress" in page
    assert "It was a misunderstanding." in page


def test_a_late_appeal_without_a_reason_comes_back_with_the_error(
    client, caution, senior, register_officer
):
    client.force_login(register_officer)
    page = client.post(
        reverse("register:appeal_new", args=[caution.id]),
        {
            "channel": "email",
            **date_fields("received_on", clock.today()),
            **date_fields("notified_on", clock.today() - dt.timedelta(days=20)),
            "grounds": "I was away.",
            "handler": senior.id,
        },
    ).content.decode()

    assert "govuk-error-summary" in page
    assert "give the reason it is accepted late" in page
    assert not Appeal.objects.exists()


def test_the_handler_decides_on_the_appeal_page(client, caution, senior, register_officer):
    appeal = Appeal.objects.create(
        caution=caution,
        channel="letter",
        received_on=clock.today(),
        grounds="x",
        notified_on=clock.today(),
        handler=senior,
        handler_title="Senior manager",
    )
    client.force_login(senior)
    client.post(
        reverse("register:appeal", args=[appeal.id]),
        {"version": appeal.version, "outcome": "upheld", "reasons": "No evidence.", "level": "3"},
    )

    assert Caution.objects.get(id=caution.id).status == Caution.Status.REMOVED


def test_a_reporter_can_neither_record_nor_open_an_appeal(client, caution, senior, reporter):
    appeal = Appeal.objects.create(
        caution=caution,
        channel="letter",
        received_on=clock.today(),
        grounds="x",
        notified_on=clock.today(),
        handler=senior,
        handler_title="Senior manager",
    )
    client.force_login(reporter)

    assert client.get(reverse("register:appeal_new", args=[caution.id])).status_code == 403
    assert client.get(reverse("register:appeal", args=[appeal.id])).status_code == 404


def test_an_appeal_through_the_api_from_receipt_to_outcome(
    client, caution, senior, register_officer
):
    client.force_login(register_officer)
    created = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/appeals",
        {
            "channel": "phone",
            "received_on": clock.today().isoformat(),
            "grounds": "Wrong person.",
            "handler": senior.username,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["answer_due"] == (clock.today() + dt.timedelta(days=14)).isoformat()

    client.force_login(senior)
    decided = send(
        client,
        "post",
        f"/api/appeals/{body['id']}/decision",
        {"version": body["version"], "outcome": "refused", "reasons": "Identity confirmed."},
    )

    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "refused"


def test_the_api_refuses_a_handler_outside_the_management_line(
    client, caution, elsewhere, register_officer
):
    client.force_login(register_officer)
    refused = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/appeals",
        {
            "channel": "letter",
            "received_on": clock.today().isoformat(),
            "grounds": "x",
            "handler": elsewhere.username,
        },
    )

    assert refused.status_code == 422
    assert "handler" in refused.json()["errors"]


def test_refusing_on_the_page_keeps_precautions_written_over_several_lines(
    client, caution, senior, register_officer
):
    Caution.objects.filter(id=caution.id).update(precautions="Visit in pairs\nNo home visits")
    appeal = Appeal.objects.create(
        caution=caution,
        channel="letter",
        received_on=clock.today(),
        grounds="x",
        notified_on=clock.today(),
        handler=senior,
        handler_title="Senior manager",
    )
    client.force_login(senior)
    client.post(
        reverse("register:appeal", args=[appeal.id]),
        {
            "version": appeal.version,
            "outcome": "refused",
            "reasons": "Risk remains.",
            "level": "3",
            "precautions": "Visit in pairs\r\nNo home visits",
        },
    )

    assert Appeal.objects.get(id=appeal.id).outcome == "refused"


def test_003_9_the_outcome_names_no_ombudsman_where_the_policy_names_none(
    client, caution, senior, register_officer
):
    """003 §9.3 ends with the more senior manager's answer and names no ombudsman."""
    client.force_login(register_officer)
    created = send(
        client,
        "post",
        f"/api/cautions/{caution.id}/appeals",
        {
            "channel": "letter",
            "received_on": clock.today().isoformat(),
            "grounds": "x",
            "handler": senior.username,
        },
    ).json()
    client.force_login(senior)
    send(
        client,
        "post",
        f"/api/appeals/{created['id']}/decision",
        {"version": created["version"], "outcome": "refused", "reasons": "Risk remains."},
    )

    page = client.get(reverse("register:appeal", args=[created["id"]])).content.decode()
    assert "This policy names no external body." in page
