"""Merging a duplicate record into the record that stays (register officers only)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.incidents.models import Incident
from caution.people.actions import AddressInput
from caution.people.matching import Query
from caution.people.merging import duplicate_candidates, person_merge
from caution.people.models import Person
from caution.register.check import check_run
from caution.register.models import Caution
from tests.deciding.conftest import submitted
from tests.factories import make_caution, make_person

pytestmark = pytest.mark.django_db

MILL_LANE = AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN")


@pytest.fixture
def kept():
    person = make_person("Robert", "Smith", born=dt.date(1970, 5, 1), address=MILL_LANE)
    make_caution(person)
    return person


@pytest.fixture
def duplicate():
    return make_person("Bob", "Smyth", address=MILL_LANE, phones=("07700 900123",))


def test_a_merge_moves_reports_and_cautions_and_deletes_the_duplicate(
    kept, duplicate, reporter, register_officer
):
    duplicate_id = duplicate.id
    report = submitted(reporter, duplicate, "VIOLENCE")
    caution = make_caution(duplicate, level="1")

    person_merge(duplicate, into=kept, reason="Same date of birth and flat", by=register_officer)

    assert not Person.objects.filter(id=duplicate_id).exists()
    assert Incident.objects.get(id=report.id).person_id == kept.id
    assert Caution.objects.get(id=caution.id).person_id == kept.id


def test_after_a_merge_the_check_finds_the_person_by_the_duplicates_name_and_phone(
    kept, duplicate, reporter, register_officer
):
    person_merge(duplicate, into=kept, reason="Same person", by=register_officer)

    by_name = check_run(Query(name="Bob Smyth"), by=reporter).people
    by_phone = check_run(Query(phone="07700900123"), by=reporter).people
    assert by_name[0].person == kept
    assert by_phone[0].person == kept


def test_a_merge_keeps_one_link_to_a_shared_address_and_the_name_as_an_alias(
    kept, duplicate, register_officer
):
    person_merge(duplicate, into=kept, reason="Same person", by=register_officer)

    assert kept.address_links.count() == 1
    assert sorted((n.kind, n.full) for n in kept.names.all()) == [
        ("alias", "Bob Smyth"),
        ("primary", "Robert Smith"),
    ]


def test_the_audit_of_who_viewed_the_duplicate_now_belongs_to_the_kept_record(
    kept, duplicate, register_officer
):
    duplicate_id = duplicate.id
    viewed = AuditEvent.objects.filter(people=duplicate).count()
    assert viewed >= 1

    person_merge(duplicate, into=kept, reason="Same person", by=register_officer)

    merged = AuditEvent.objects.get(summary="Merged a duplicate record into this person")
    assert merged.details["merged_record"] == str(duplicate_id)
    assert AuditEvent.objects.filter(people=kept).count() >= viewed + 1


def test_only_a_register_officer_merges_records(kept, duplicate, reporter):
    with pytest.raises(PermissionDenied):
        person_merge(duplicate, into=kept, reason="Same person", by=reporter)
    assert Person.objects.filter(id=duplicate.id).exists()


def test_a_record_cannot_be_merged_into_itself(kept, register_officer):
    with pytest.raises(ValidationError):
        person_merge(kept, into=kept, reason="Same person", by=register_officer)


def test_the_likely_duplicates_share_a_name_or_a_contact(kept, duplicate):
    stranger = make_person("Alice", "Jones")
    candidates = duplicate_candidates(kept)
    assert duplicate in candidates
    assert stranger not in candidates


def test_the_merge_page_needs_a_reason_and_says_so(client, kept, duplicate, register_officer):
    client.force_login(register_officer)
    url = reverse("people:merge", args=[kept.id])
    assert "Bob Smyth" in client.get(url).content.decode()

    page = client.post(url, {"duplicate": str(duplicate.id), "reason": ""}).content.decode()

    assert "govuk-error-summary" in page
    assert "Say why these are the same person" in page
    assert Person.objects.filter(id=duplicate.id).exists()


def test_the_merge_page_merges_and_returns_to_the_record(client, kept, duplicate, register_officer):
    client.force_login(register_officer)
    response = client.post(
        reverse("people:merge", args=[kept.id]),
        {"duplicate": str(duplicate.id), "reason": "Same flat, same phone"},
    )
    assert response.headers["Location"] == reverse("people:detail", args=[kept.id])
    assert not Person.objects.filter(id=duplicate.id).exists()


def test_a_reporter_cannot_open_the_merge_page(client, kept, reporter):
    client.force_login(reporter)
    assert client.get(reverse("people:merge", args=[kept.id])).status_code == 403
