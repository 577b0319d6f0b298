"""The person as the hub (issue 12): from a name, every caution of theirs (active and past)
with the ways to act on it, and the reports about them; every page about a caution leads
back to the person; the whole record is one audited read."""

import datetime as dt

import pytest
from django.urls import reverse

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.register.cautions import caution_close
from tests.deciding.conftest import submitted
from tests.factories import make_caution, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_person("Leanne", "Hughes", born=dt.date(1988, 2, 1))


def record_page(client, user, person) -> str:
    client.force_login(user)
    answer = client.get(reverse("people:detail", args=[person.id]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_record_links_to_each_caution_active_and_past(client, register_officer, person):
    active = make_caution(person, level="1")
    past = make_caution(person, level="3")
    caution_close(past, status="removed", reason="Reviewed: no longer needed", by=register_officer)

    page = record_page(client, register_officer, person)

    assert reverse("register:caution", args=[active.id]) in page
    assert reverse("register:caution", args=[past.id]) in page


def test_the_record_offers_the_register_officer_the_actions_on_an_active_caution(
    client, register_officer, person
):
    caution = make_caution(person, level="1")

    page = record_page(client, register_officer, person)

    for name in ("caution_amend", "caution_extend", "caution_end", "review", "appeal_new"):
        assert reverse(f"register:{name}", args=[caution.id]) in page


def test_the_record_offers_no_action_on_an_ended_caution(client, register_officer, person):
    caution = make_caution(person, level="1")
    caution_close(
        caution, status="removed", reason="Reviewed: no longer needed", by=register_officer
    )

    page = record_page(client, register_officer, person)

    assert reverse("register:caution_end", args=[caution.id]) not in page
    assert reverse("register:review", args=[caution.id]) not in page


def test_the_record_lists_the_reports_about_the_person(client, register_officer, person):
    report = submitted(make_user(Role.REPORTER), person, "VIOLENCE")

    page = record_page(client, register_officer, person)

    assert reverse("incidents:detail", args=[report.id]) in page
    assert report.reference in page


def test_the_record_lists_no_other_persons_reports(client, register_officer, person):
    other = submitted(make_user(Role.REPORTER), make_person("Gary", "Prentice"), "VIOLENCE")

    page = record_page(client, register_officer, person)

    assert reverse("incidents:detail", args=[other.id]) not in page


def test_the_caution_page_links_back_to_its_person(client, register_officer, person):
    caution = make_caution(person, level="1")
    client.force_login(register_officer)

    page = client.get(reverse("register:caution", args=[caution.id])).content.decode()

    assert reverse("people:detail", args=[person.id]) in page


def test_the_change_page_links_back_to_the_person(client, register_officer, person):
    caution = make_caution(person, level="1")
    client.force_login(register_officer)

    page = client.get(reverse("register:caution_extend", args=[caution.id])).content.decode()

    assert reverse("people:detail", args=[person.id]) in page


def test_opening_the_record_is_audited_as_one_read_saying_what_it_showed(
    client, register_officer, person
):
    make_caution(person, level="1")
    submitted(make_user(Role.REPORTER), person, "VIOLENCE")

    record_page(client, register_officer, person)

    read = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW, summary__contains="full record")
    assert read.details["shown"] == {"cautions": 1, "reports": 1, "letters": 0}
