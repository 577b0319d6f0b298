"""A check asks the database the same few questions however many people it finds, so that
it stays fast on a large register (issue 2; figures in docs/performance.md)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caution.accounts.models import User
from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.people.actions import AddressInput
from caution.people.matching import Query
from caution.register.check import CheckRefused, check_run
from tests.factories import cautioned, make_caution, make_person, make_user

pytestmark = pytest.mark.django_db

MILL_LANE = AddressInput(line1="4 Mill Lane", town="Lutterworth", postcode="LE17 4BN")


def statements_of_a_check(query: Query, user) -> int:
    fresh = User.objects.get(pk=user.pk)  # as each web request loads its user
    with CaptureQueriesContext(connection) as captured:
        check_run(query, by=fresh)
    return len(captured.captured_queries)


def test_a_check_that_shows_many_people_asks_no_more_than_one_that_shows_one(reporter):
    cautioned("Robert", "Smith", address=MILL_LANE)
    # The same names on the register, without a caution: the check reads the same keys.
    others = [
        make_person(given, "Smith", address=MILL_LANE, phones=("07700 900123",))
        for given in ("Mary", "Bob", "Sam", "Ann", "Joe", "Liz")
    ]
    # The first check of a process reads the register's name words once (people/vocabulary.py).
    check_run(Query(name="Robert Smith"), by=reporter)
    one = statements_of_a_check(Query(name="Robert Smith", postcode="LE17 4BN"), reporter)
    for person in others:
        make_caution(person)

    many = statements_of_a_check(Query(name="Robert Smith", postcode="LE17 4BN"), reporter)

    assert many == one


def test_every_person_shown_is_linked_to_the_audit_of_the_check(reporter):
    people = [cautioned(given, "Smith", address=MILL_LANE) for given in ("Mary", "Robert")]

    result = check_run(Query(address="4 Mill Lane, LE17 4BN"), by=reporter)

    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CHECK)
    assert {m.person for m in result.people} == set(people)
    assert set(event.people.all()) == set(people)


def test_a_user_given_the_check_permission_outside_any_role_may_check(db):
    user = User.objects.create_user("contractor", password="a long enough password 1")
    user.user_permissions.add(Permission.objects.get(codename="run_check"))
    person = cautioned("Robert", "Smith")

    result = check_run(Query(name="Robert Smith"), by=User.objects.get(pk=user.pk))

    assert [m.person for m in result.people] == [person]


def test_a_deactivated_user_may_not_check():
    user = make_user(Role.REPORTER)
    User.objects.filter(pk=user.pk).update(is_active=False)

    with pytest.raises(CheckRefused):
        check_run(Query(name="Robert Smith"), by=User.objects.get(pk=user.pk))
