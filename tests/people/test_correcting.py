"""A person's details can be corrected (issue 15 finding 6): names and aliases, date of
birth, addresses, phones and e-mails, in one audited action that keeps what they said
before, with the check finding the person by the corrected details at once."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.lib.concurrency import ChangedSinceOpened
from caution.people.actions import AddressInput, NameInput
from caution.people.correcting import person_correct, person_details
from caution.people.matching import Query
from caution.people.models import Address, Person
from caution.privacy.rectification import rectification_record
from caution.register.check import check_run
from tests.factories import cautioned, make_person, make_user

pytestmark = pytest.mark.django_db

MILL_LANE = AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN")


@pytest.fixture
def person(db) -> Person:
    return cautioned(
        "Keith",
        "Marsden",
        born=dt.date(1979, 6, 21),
        address=MILL_LANE,
        phones=("07700 900461",),
    )


def corrected(person: Person, by, reason: str = "Showed a passport", **changes) -> Person:
    details = dataclasses.replace(person_details(person), **changes)
    return person_correct(person, changes=details, reason=reason, version=person.version, by=by)


def found(query: Query, by) -> list[Person]:
    return [match.person for match in check_run(query, by=by).people]


def test_002_4_3_the_check_finds_the_person_by_a_corrected_name_at_once(
    person, register_officer, reporter
):
    """002 §4.3: the PSR update form; the register is kept accurate (000 §8.5)."""
    corrected(person, register_officer, names=(NameInput("Kieran", "Ashworth"),))

    assert found(Query(name="Kieran Ashworth"), reporter) == [person]
    assert found(Query(name="Keith Marsden"), reporter) == []


def test_002_4_3_the_check_finds_the_person_by_a_corrected_phone_and_new_alias(
    person, register_officer, reporter
):
    """002 §4.3: the PSR update form changes the details the register holds."""
    names = (*person_details(person).names, NameInput("Kez", "Ashworth", "alias"))
    corrected(person, register_officer, names=names, contacts=(("phone", "07700 900999"),))

    assert found(Query(phone="07700900999"), reporter) == [person]
    assert found(Query(phone="07700900461"), reporter) == []
    assert found(Query(name="Kez Ashworth"), reporter) == [person]


def test_000_8_5_a_correction_keeps_who_corrected_when_and_what_it_said_before(
    person, register_officer
):
    """000 §8.5: the register is "accurate and up to date"; the correction is audited with
    what the record said before (UK GDPR Art. 5(1)(d))."""
    corrected(person, register_officer, date_of_birth=dt.date(1979, 7, 21), reason="Passport")

    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CORRECT, target_id=str(person.id))
    assert event.actor == register_officer
    assert event.details == {
        "reason": "Passport",
        "changes": {"Date of birth": ["21 June 1979", "21 July 1979"]},
    }
    assert list(event.people.all()) == [person]


def test_a_corrected_address_links_the_person_to_the_place_and_leaves_the_household_theirs(
    person, register_officer
):
    partner = make_person("Lisa", "Marsden", address=MILL_LANE)
    new_place = AddressInput(line1="9 Station Road", town="Lutterworth", postcode="LE17 4AP")

    corrected(person, register_officer, addresses=(new_place,))

    assert [a.line1 for a in Address.objects.filter(person_links__person=person)] == [
        "9 Station Road"
    ]
    assert [a.line1 for a in Address.objects.filter(person_links__person=partner)] == [
        "4 Mill Lane"
    ]


def test_a_typing_error_in_an_address_only_they_live_at_is_put_right_in_place(
    person, register_officer
):
    typo = dataclasses.replace(MILL_LANE, town="Lutterwoth")
    place = dataclasses.replace(MILL_LANE, town="Lutterworth")
    corrected(person, register_officer, addresses=(typo,))

    corrected(person, register_officer, addresses=(place,))

    assert list(Address.objects.values_list("town", flat=True)) == ["Lutterworth"]


def test_a_correction_over_someone_elses_newer_correction_is_refused(person, register_officer):
    opened = person_details(person)
    corrected(person, register_officer, date_of_birth=dt.date(1979, 7, 21))

    with pytest.raises(ChangedSinceOpened):
        person_correct(
            person,
            changes=dataclasses.replace(opened, date_of_birth=dt.date(1980, 6, 21)),
            reason="Birth certificate",
            version=1,
            by=register_officer,
        )
    assert Person.objects.get(id=person.id).date_of_birth == dt.date(1979, 7, 21)


def test_a_correction_needs_a_reason_and_a_name(person, register_officer):
    with pytest.raises(ValidationError) as refused:
        corrected(person, register_officer, names=(), reason="")

    assert set(refused.value.message_dict) == {"names", "reason"}


def test_a_correction_that_changes_nothing_is_refused(person, register_officer):
    with pytest.raises(ValidationError, match="Nothing has changed"):
        corrected(person, register_officer)


def test_a_panel_member_cannot_correct_a_persons_details(person):
    panel_member = make_user(Role.PANEL_MEMBER)

    with pytest.raises(PermissionDenied):
        corrected(person, panel_member, date_of_birth=None)


def test_the_data_protection_officer_corrects_details(person, dpo):
    corrected(person, dpo, date_of_birth=None, reason="Request to correct data")

    assert Person.objects.get(id=person.id).date_of_birth is None


# The pages


def _form(person: Person, **overrides) -> dict:
    """The correction form as it opens for the person, with some fields changed."""
    details = person_details(person)
    data = {"version": person.version, "reason": "Showed a passport"}
    rows = [*details.names, NameInput("", "", "alias")]
    for i, name in enumerate(rows):
        data |= {
            f"name_{i}_given": name.given_names,
            f"name_{i}_family": name.family_name,
            f"name_{i}_kind": name.kind,
        }
    places = [*details.addresses, AddressInput(line1="")]
    for i, place in enumerate(places):
        for part in ("line1", "line2", "town", "postcode", "relation"):
            data[f"address_{i}_{part}"] = getattr(place, part)
    for i, (kind, value) in enumerate([*details.contacts, ("phone", "")]):
        data |= {f"contact_{i}_kind": kind, f"contact_{i}_value": value}
    born = details.date_of_birth
    data |= {
        "date_of_birth_0": born.day,
        "date_of_birth_1": born.month,
        "date_of_birth_2": born.year,
    }
    return data | overrides


def test_002_4_3_the_register_officer_corrects_a_name_on_the_persons_page(
    person, register_officer, client
):
    """002 §4.3: the PSR update form, as a page of the register."""
    client.force_login(register_officer)
    page = client.get(f"/people/{person.id}/")
    assert f'href="/people/{person.id}/correct/"' in page.content.decode()

    response = client.post(
        f"/people/{person.id}/correct/",
        _form(person, name_0_family="Marsdon", name_1_given="Keef", name_1_family="Marsden"),
    )

    assert response.status_code == 302
    names = {n.full: n.kind for n in Person.objects.get(id=person.id).names.all()}
    assert names == {"Keith Marsdon": "primary", "Keef Marsden": "alias"}


def test_000_8_5_the_persons_page_shows_the_history_of_corrections(
    person, register_officer, client
):
    """000 §8.5: accurate and up to date, with what the record said before kept."""
    corrected(person, register_officer, contacts=(("email", "k.marsden@example.net"),))
    client.force_login(register_officer)

    page = client.get(f"/people/{person.id}/").content.decode()

    assert "Corrected the person&#x27;s details" in page
    assert "Phone: 07700 900461 → E-mail: k.marsden@example.net" in page


def test_a_panel_member_sees_the_person_but_neither_the_history_nor_the_correction(
    person, register_officer, client
):
    corrected(person, register_officer, date_of_birth=dt.date(1979, 7, 21))
    client.force_login(make_user(Role.PANEL_MEMBER))

    page = client.get(f"/people/{person.id}/").content.decode()

    assert "21 July 1979" in page
    assert "21 June 1979" not in page
    assert "/correct/" not in page
    assert client.get(f"/people/{person.id}/correct/").status_code == 403


def test_a_correction_page_without_a_reason_shows_the_error_summary(
    person, register_officer, client
):
    client.force_login(register_officer)

    page = client.post(f"/people/{person.id}/correct/", _form(person, reason="", name_0_given="K"))

    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert "Say what was wrong and how you know" in page.content.decode()
    assert Person.objects.get(id=person.id).display_name == "Keith Marsden"


def test_000_8_5_a_request_to_correct_data_links_to_the_correction_page(person, dpo, client):
    """000 §8.5 (UK GDPR Art. 16): the request's page leads to where the correction is made."""
    asked = rectification_record(
        person, received_on=clock.today(), request="My surname is Marsdon", by=dpo
    )
    client.force_login(dpo)

    page = client.get(f"/audit/data-protection/rectification/{asked.id}/").content.decode()

    assert f'href="/people/{person.id}/correct/"' in page


# The API


def test_002_4_3_the_api_corrects_the_date_of_birth_and_contacts(person, register_officer, client):
    """002 §4.3: the PSR update form through the API, as the page does."""
    client.force_login(register_officer)
    read = client.get(f"/api/people/{person.id}").json()

    response = client.post(
        f"/api/people/{person.id}/corrections",
        {
            "version": read["version"],
            "date_of_birth": "1979-07-21",
            "contacts": [{"kind": "email", "value": "k.marsden@example.net"}],
            "reason": "Showed a passport",
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["date_of_birth"] == "1979-07-21"
    assert body["contacts"] == [{"kind": "email", "value": "k.marsden@example.net"}]
    assert body["names"] == read["names"]


def test_the_api_refuses_a_malformed_email_with_a_field_message(person, register_officer, client):
    client.force_login(register_officer)

    response = client.post(
        f"/api/people/{person.id}/corrections",
        {
            "version": person.version,
            "contacts": [{"kind": "email", "value": "not an address"}],
            "reason": "Typo",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "e-mail address in the correct format" in response.json()["errors"]["contacts"][0]


def test_the_api_refuses_a_correction_from_a_panel_member(person, client):
    client.force_login(make_user(Role.PANEL_MEMBER))

    response = client.post(
        f"/api/people/{person.id}/corrections",
        {"version": person.version, "date_of_birth": None, "reason": "Typo"},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_a_correction_refused_by_the_api_leaves_no_view_of_the_person_in_the_audit(person, client):
    """Found by the battery's access matrix (issue 11): the person was read, and the read
    audited, before the role was asked."""
    client.force_login(make_user(Role.PANEL_MEMBER))
    before = AuditEvent.objects.count()

    client.post(
        f"/api/people/{person.id}/corrections",
        {"version": person.version, "date_of_birth": None, "reason": "Typo"},
        content_type="application/json",
    )

    assert AuditEvent.objects.count() == before
