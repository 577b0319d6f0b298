"""A caution can be held on an address (003 §15.2): a check of the address shows it."""

import dataclasses

import pytest
from django.urls import reverse

from caution.people.actions import AddressInput, address_find_or_create
from caution.people.matching import Query
from caution.register.check import check_run
from tests.factories import make_caution, make_person

pytestmark = pytest.mark.django_db

MILL_LANE = AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN")
NEXT_DOOR = AddressInput(line1="6 Mill Lane", town="Lutterworth", postcode="LE17 4BN")


def test_003_15_2_a_caution_held_on_an_address_is_shown_when_its_postcode_is_checked(reporter):
    address = address_find_or_create(MILL_LANE)
    make_caution(address=address)

    result = check_run(Query(postcode="le174bn"), by=reporter)

    assert [match.address for match in result.addresses] == [address]
    assert len(result.addresses[0].cautions) == 1


def test_003_15_2_only_the_address_asked_about_is_shown_when_its_first_line_is_given(reporter):
    make_caution(address=address_find_or_create(MILL_LANE))
    next_door = address_find_or_create(NEXT_DOOR)
    make_caution(address=next_door)

    result = check_run(Query(address="6 Mill Lane", postcode="LE17 4BN"), by=reporter)

    assert [match.address for match in result.addresses] == [next_door]


def test_003_15_2_an_address_caution_not_shared_with_a_partner_is_not_shown(partner_user):
    make_caution(address=address_find_or_create(MILL_LANE))

    result = check_run(Query(postcode="LE17 4BN"), by=partner_user)

    assert result.addresses == []


def test_003_15_2_a_name_check_shows_the_caution_held_on_the_persons_home(reporter):
    tenant = make_person("Robert", "Smith", address=MILL_LANE)
    make_caution(address=address_find_or_create(MILL_LANE), precautions="Dog: no lone visits")

    result = check_run(Query(name="Robert Smith"), by=reporter)

    [match] = result.people
    assert match.person == tenant
    assert [(c.precautions, c.held_on) for c in match.cautions] == [
        ("Dog: no lone visits", "4 Mill Lane, Lutterworth, LE17 4BN")
    ]


def test_003_15_2_a_caution_on_a_former_home_is_not_shown_with_the_person(reporter):
    former = dataclasses.replace(MILL_LANE, current=False)
    make_person("Robert", "Smith", address=former)
    make_caution(address=address_find_or_create(MILL_LANE))

    assert check_run(Query(name="Robert Smith"), by=reporter).people == []


def test_003_15_2_the_page_says_where_a_caution_on_the_home_is_held(client, reporter):
    make_person("Robert", "Smith", address=MILL_LANE)
    make_caution(address=address_find_or_create(MILL_LANE))
    client.force_login(reporter)

    page = client.post(reverse("register:check"), {"name": "Robert Smith"}).content.decode()

    assert "Held on the address 4 Mill Lane, Lutterworth, LE17 4BN" in page
