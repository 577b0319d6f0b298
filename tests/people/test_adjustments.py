"""Reasonable adjustments (issue 16 item 1, ADR 0018): recorded by those who may, held as
special-category data, and shown in the check beside the restrictions they qualify, what
is agreed only, never the need."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.people.adjusting import adjustment_end, adjustment_record
from caution.people.matching import Query
from caution.people.models import Adjustment, Person
from caution.register.check import check_run
from tests.factories import cautioned, make_user

pytestmark = pytest.mark.django_db

AGREED = "Calls allowed through a named officer (Sam Patel)"
NEED = "Hearing impairment"


@pytest.fixture
def person(db) -> Person:
    return cautioned("Keith", "Marsden", born=dt.date(1979, 6, 21))


def recorded(person: Person, by, **fields) -> Adjustment:
    values = {
        "kind": Adjustment.Kind.CONTACT_ROUTE,
        "agreed": AGREED,
        "need": NEED,
        "agreed_on": clock.today(),
        "agreed_by": "Housing Team Leader",
    }
    return adjustment_record(person, **(values | fields), by=by)


def check_card(client, user) -> str:
    client.force_login(user)
    return client.post(reverse("register:check"), {"name": "Keith Marsden"}).content.decode()


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


# The service layer


def test_recording_an_adjustment_is_audited_without_the_need(person, register_officer):
    adjustment = recorded(person, register_officer)

    event = AuditEvent.objects.get(target_id=str(adjustment.id))
    assert event.actor == register_officer
    assert list(event.people.all()) == [person]
    assert NEED not in event.summary + str(event.details)


def test_an_adjustment_cannot_be_agreed_in_the_future(person, register_officer):
    with pytest.raises(ValidationError):
        recorded(person, register_officer, agreed_on=clock.today() + dt.timedelta(days=1))

    assert not Adjustment.objects.exists()


def test_ending_an_adjustment_takes_it_off_the_check(person, register_officer, reporter):
    adjustment = recorded(person, register_officer)

    adjustment_end(adjustment, by=register_officer)

    [match] = check_run(Query(name="Keith Marsden"), by=reporter).people
    assert match.adjustments == []
    assert Adjustment.objects.get().ended_on == clock.today()


def test_an_adjustment_cannot_be_ended_twice(person, register_officer):
    adjustment = adjustment_end(recorded(person, register_officer), by=register_officer)

    with pytest.raises(ValidationError):
        adjustment_end(adjustment, by=register_officer)


def test_the_check_gives_what_is_agreed_and_never_the_need(person, register_officer, reporter):
    recorded(person, register_officer)

    [match] = check_run(Query(name="Keith Marsden"), by=reporter).people

    assert [(a.kind_label, a.agreed) for a in match.adjustments] == [("Contact route", AGREED)]
    assert not hasattr(match.adjustments[0], "need")


# Who may


@pytest.mark.parametrize(
    "role", [Role.REGISTER_OFFICER, Role.DECISION_MAKER, Role.DATA_PROTECTION_OFFICER]
)
def test_those_who_decide_and_the_dpo_may_record_adjustments(role):
    assert make_user(role).has_perm("people.record_adjustment")


@pytest.mark.parametrize("role", [Role.REPORTER, Role.MANAGER, Role.PANEL_MEMBER, Role.PARTNER])
def test_those_who_only_check_may_not_see_the_needs(person, register_officer, client, role):
    recorded(person, register_officer)
    client.force_login(make_user(role))

    assert client.get(reverse("people:adjustments", args=[person.id])).status_code in (403, 404)


# The pages


def test_003_13_1_the_check_shows_staff_the_adjustment_beside_the_restrictions(
    settings, person, register_officer, reporter, client
):
    """003 §13.1: customers with a need are able to communicate with us and are treated in a
    manner that takes their needs into account."""
    settings.CAUTION_PROFILE = "dover"
    recorded(person, register_officer)

    page = check_card(client, reporter)

    assert "Adjustments agreed" in page
    assert f"Contact route: {AGREED}" in page
    assert NEED not in page


def test_the_register_officer_records_an_adjustment_on_the_persons_page(
    person, register_officer, reporter, client
):
    client.force_login(register_officer)
    record = client.get(reverse("people:detail", args=[person.id])).content.decode()
    assert reverse("people:adjustments", args=[person.id]) in record

    response = client.post(
        reverse("people:adjustments", args=[person.id]),
        {
            "kind": "large_print",
            "agreed": "Letters in large print",
            "need": "Partially sighted",
            "agreed_by": "Sam Patel, Tenancy Officer",
            **date_fields("agreed_on", clock.today()),
        },
    )

    assert response.status_code == 302
    assert "Letters in large print: Letters in large print" in check_card(client, reporter)


def test_the_adjustments_page_shows_the_need_and_audits_the_look(
    person, register_officer, dpo, client
):
    recorded(person, register_officer)
    client.force_login(dpo)

    page = client.get(reverse("people:adjustments", args=[person.id])).content.decode()

    assert NEED in page
    assert AuditEvent.objects.filter(
        actor=dpo, verb=AuditEvent.Verb.VIEW, people=person, summary__contains="adjustments"
    ).exists()


def test_an_adjustment_without_what_is_agreed_shows_the_error_summary(
    person, register_officer, client
):
    client.force_login(register_officer)

    page = client.post(
        reverse("people:adjustments", args=[person.id]),
        {"kind": "meetings", "agreed": "", "need": NEED, "agreed_by": "Sam Patel"}
        | date_fields("agreed_on", clock.today()),
    ).content.decode()

    assert "govuk-error-summary" in page
    assert "Enter what is agreed" in page
    assert not Adjustment.objects.exists()


def test_ending_an_adjustment_on_its_page(person, register_officer, client):
    adjustment = recorded(person, register_officer)
    client.force_login(register_officer)

    client.post(reverse("people:adjustment_end", args=[person.id, adjustment.id]))

    assert Adjustment.objects.get().ended_on == clock.today()
