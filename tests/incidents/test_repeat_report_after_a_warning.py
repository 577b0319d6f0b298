"""A second report about someone who has only a warning (002 §4.2 "a new incident form is
completed for each repeat incident"): the reporter finds and picks them, so the report
attaches to them and no duplicate person is made."""

import datetime as dt

import pytest
from django.urls import reverse

from caution.incidents import actions
from caution.incidents.models import Incident
from caution.lib import clock
from caution.people.models import Person
from caution.register.models import Decision
from tests.api.conftest import send
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(reporter, manager):
    """Mary Jones, given a warning on an earlier report: no caution."""
    person = make_person("Mary", "Jones", born=dt.date(1980, 5, 2))
    earlier = actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)
    Decision.objects.create(
        incident=earlier,
        person=person,
        outcome=Decision.Outcome.WARNING,
        reasons="Shouting at reception.",
        decided_by=manager,
        warning_expires_on=clock.today() + dt.timedelta(days=150),
    )
    return person


@pytest.fixture
def new_draft(reporter):
    return actions.incident_start(kind=Incident.Kind.INCIDENT, by=reporter)


def test_002_4_2_the_reporter_finds_and_picks_someone_with_only_a_warning(
    client, new_draft, reporter, warned
):
    client.force_login(reporter)
    url = reverse("incidents:person", args=[new_draft.id])
    page = client.post(
        url, {"version": new_draft.version, "given_names": "Mary", "family_name": "Jones"}
    ).content.decode()
    assert "Has a warning" in page

    client.post(
        url,
        {
            "version": new_draft.version,
            "given_names": "Mary",
            "family_name": "Jones",
            "chosen": str(warned.id),
        },
    )
    new_draft.refresh_from_db()
    assert new_draft.person == warned
    assert Person.objects.filter(names__family_name="Jones").count() == 1


def test_002_4_2_someone_new_is_refused_while_a_warned_person_matches_in_the_api(
    client, new_draft, reporter, warned
):
    client.force_login(reporter)
    new = {"given_names": "Mary", "family_name": "Jones", "date_of_birth": "1980-05-02"}
    answer = send(
        client,
        "post",
        f"/api/reports/{new_draft.id}/person",
        {"version": new_draft.version, "new": new},
    )
    assert answer.status_code == 422
    assert str(warned.id) in answer.content.decode()
    assert Person.objects.count() == 1

    chosen = send(
        client,
        "post",
        f"/api/reports/{new_draft.id}/person",
        {"version": new_draft.version, "person_id": str(warned.id)},
    )
    assert chosen.status_code == 200, chosen.content


def test_an_expired_warning_is_not_offered(client, new_draft, reporter, warned):
    Decision.objects.filter(person=warned).update(
        warning_expires_on=clock.today() - dt.timedelta(days=1)
    )
    client.force_login(reporter)
    answer = send(
        client,
        "post",
        f"/api/reports/{new_draft.id}/person",
        {"version": new_draft.version, "person_id": str(warned.id)},
    )
    assert answer.status_code == 404


def test_the_check_itself_still_shows_only_cautions(client, reporter, warned):
    client.force_login(reporter)
    answer = send(client, "post", "/api/check", {"name": "Mary Jones"})
    assert str(warned.id) not in answer.content.decode()


def test_002_4_2_a_duplicate_is_merged_through_the_api(client, reporter, warned, register_officer):
    duplicate = make_person("Mary", "Jone", born=dt.date(1980, 5, 2))
    client.force_login(register_officer)
    answer = send(
        client,
        "post",
        f"/api/people/{warned.id}/merge",
        {"duplicate": str(duplicate.id), "reason": "The same date of birth; a spelling slip."},
    )
    assert answer.status_code == 200, answer.content
    assert not Person.objects.filter(id=duplicate.id).exists()
    assert {n["family_name"] for n in answer.json()["names"]} >= {"Jones", "Jone"}


def test_a_merge_without_a_reason_changes_nothing(client, warned, register_officer):
    duplicate = make_person("Mary", "Jone")
    client.force_login(register_officer)
    answer = send(
        client,
        "post",
        f"/api/people/{warned.id}/merge",
        {"duplicate": str(duplicate.id), "reason": " "},
    )
    assert answer.status_code == 422
    assert Person.objects.filter(id=duplicate.id).exists()


def test_a_reporter_cannot_merge_through_the_api(client, reporter, warned):
    duplicate = make_person("Mary", "Jone")
    client.force_login(reporter)
    answer = send(
        client,
        "post",
        f"/api/people/{warned.id}/merge",
        {"duplicate": str(duplicate.id), "reason": "Same person."},
    )
    assert answer.status_code == 403
    assert Person.objects.filter(id=duplicate.id).exists()
