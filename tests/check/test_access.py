"""Who sees what in the check (DESIGN.md §5 "need to know")."""

import pytest
from django.test import override_settings
from django.urls import reverse

from caution.people.matching import Query
from caution.register.check import CheckRefused, check_run
from tests.factories import cautioned, make_caution, make_person

pytestmark = pytest.mark.django_db
NARRATIVE = "Pushed an officer at the front desk."


def post_check(client, user, **fields):
    client.force_login(user)
    return client.post(reverse("register:check"), {"name": "", **fields})


def test_a_reporter_sees_the_caution_precautions_and_restrictions(client, reporter):
    cautioned("Robert", "Smith")
    page = post_check(client, reporter, name="Robert Smith").content.decode()
    assert "Robert Smith" in page
    assert "Level 1: Violent" in page
    assert "Visit in pairs" in page
    assert "Contact in writing only" in page
    assert "Housing Team Leader" in page


def test_a_reporter_never_sees_the_incident_narrative(client, reporter):
    cautioned("Robert", "Smith")
    page = post_check(client, reporter, name="Robert Smith").content.decode()
    assert NARRATIVE not in page
    assert "Full record" not in page


def test_a_reporter_cannot_open_the_full_record(client, reporter):
    person = cautioned("Robert", "Smith")
    client.force_login(reporter)
    assert client.get(reverse("people:detail", args=[person.id])).status_code == 404


def test_a_register_officer_sees_the_narrative_on_the_full_record(client, register_officer):
    person = cautioned("Robert", "Smith")
    client.force_login(register_officer)
    page = client.get(reverse("people:detail", args=[person.id])).content.decode()
    assert NARRATIVE in page


def test_a_partner_sees_no_caution_that_is_not_shared_with_them(partner_user):
    cautioned("Robert", "Smith")
    assert not check_run(Query(name="Robert Smith"), by=partner_user).found


def test_a_partner_sees_a_caution_shared_with_their_organisation(partner_user, housing_partner):
    person = make_person("Robert", "Smith")
    make_caution(person, shared_with=[housing_partner])
    make_caution(person, level="3", precautions="Not for partners")
    result = check_run(Query(name="Robert Smith"), by=partner_user)
    assert [c.precautions for c in result.people[0].cautions] == ["Visit in pairs"]


def test_a_councillor_may_check_where_the_profile_allows(councillor):
    """000 §8.1: a mirrored register is available to councillors."""
    cautioned("Robert", "Smith")
    assert check_run(Query(name="Robert Smith"), by=councillor).found


@override_settings(CAUTION_PROFILE="cheltenham")
def test_a_councillor_is_sent_to_democratic_services_where_the_profile_says(client, councillor):
    """002 §3.2: councillors ask Democratic Services to check the register for them."""
    with pytest.raises(CheckRefused, match="Democratic Services"):
        check_run(Query(name="Robert Smith"), by=councillor)
    client.force_login(councillor)
    response = client.get(reverse("register:check"))
    assert response.status_code == 403
    assert "Democratic Services" in response.content.decode()


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(reverse("register:check"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_check_is_posted_so_names_stay_out_of_urls(client, reporter):
    cautioned("Robert", "Smith")
    client.force_login(reporter)
    response = client.get(reverse("register:check"), {"name": "Robert Smith"})
    assert "Robert Smith" not in response.content.decode()


def test_pages_with_personal_data_are_not_cached(client, reporter):
    cautioned("Robert", "Smith")
    response = post_check(client, reporter, name="Robert Smith")
    assert response["Cache-Control"] == "no-store"


def test_only_the_data_protection_officer_sees_the_audit(client, reporter, dpo):
    client.force_login(reporter)
    assert client.get(reverse("privacy:audit")).status_code == 403
    client.force_login(dpo)
    assert client.get(reverse("privacy:audit")).status_code == 200


def test_only_an_administrator_sees_the_policy_profile(client, reporter, administrator):
    client.force_login(reporter)
    assert client.get(reverse("policy:profile")).status_code == 403
    client.force_login(administrator)
    page = client.get(reverse("policy:profile")).content.decode()
    assert "Customer Caution Register" in page
