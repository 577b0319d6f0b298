"""The data protection officer's Monday digest of unusual checks, with links to the audit."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.notifications.models import Notification
from caution.policy.roles import Role
from caution.reporting.digest import BULK_CHECKS, MANY_CHECKERS, checks_digest_send, unusual_checks
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY = dt.date(2025, 3, 10)
WEEK = (dt.date(2025, 3, 3), dt.date(2025, 3, 9))
TUESDAY_NOON = dt.datetime(2025, 3, 4, 12, 0, tzinfo=LONDON)


def checked(by, *, at: dt.datetime = TUESDAY_NOON, name: str = "Sam Example", people=()):
    """A check as the audit keeps it (register/check.py check_run)."""
    with clock.frozen_at(at):
        audit_record(
            by=by,
            verb=AuditEvent.Verb.CHECK,
            summary="Checked the register",
            details={"asked": {"name": name}},
            people=people,
        )


@pytest.fixture
def checker():
    return make_user(Role.REPORTER, first_name="Chris", last_name="Checker")


def kinds(flags) -> list[str]:
    return [flag.kind for flag in flags]


def test_a_check_of_a_colleagues_name_is_flagged(checker):
    colleague = make_user(Role.MANAGER, first_name="Morgan", last_name="Whitfield")
    checked(checker, name="morgan whitfield")

    flags = unusual_checks(*WEEK)

    assert kinds(flags) == ["colleague"]
    assert "Chris Checker checked a name that is a colleague's" in flags[0].text
    assert colleague.last_name not in flags[0].text
    assert f"actor={checker.pk}" in flags[0].url
    assert "on=2025-03-04" in flags[0].url


def test_checking_your_own_name_is_not_flagged(checker):
    checked(checker, name="Chris Checker")

    assert unusual_checks(*WEEK) == []


def test_bulk_checks_within_an_hour_are_flagged(checker):
    for minute in range(BULK_CHECKS + 1):
        checked(checker, at=TUESDAY_NOON + dt.timedelta(minutes=minute, seconds=30))

    flags = unusual_checks(*WEEK)

    assert kinds(flags) == ["bulk"]
    assert f"made {BULK_CHECKS + 1} checks within an hour" in flags[0].text


def test_as_many_checks_spread_over_a_day_are_not_bulk(checker):
    for n in range(BULK_CHECKS + 1):
        checked(checker, at=TUESDAY_NOON.replace(hour=8) + dt.timedelta(minutes=15 * n))

    assert "bulk" not in kinds(unusual_checks(*WEEK))


def test_checks_at_night_and_at_the_weekend_are_out_of_hours(checker):
    checked(checker, at=dt.datetime(2025, 3, 4, 22, 15, tzinfo=LONDON))
    checked(checker, at=dt.datetime(2025, 3, 8, 11, 0, tzinfo=LONDON))  # a Saturday
    checked(checker, at=dt.datetime(2025, 3, 5, 7, 0, tzinfo=LONDON))  # the day begins

    flags = unusual_checks(*WEEK)

    assert kinds(flags) == ["out_of_hours", "out_of_hours"]
    assert "on Saturday 8 March" in flags[1].text


def test_a_check_on_a_bank_holiday_is_out_of_hours(checker):
    checked(checker, at=dt.datetime(2025, 5, 5, 10, 0, tzinfo=LONDON))  # Early May bank holiday

    flags = unusual_checks(dt.date(2025, 5, 5), dt.date(2025, 5, 11))

    assert kinds(flags) == ["out_of_hours"]


def test_one_person_checked_by_many_is_flagged_without_their_name():
    person = make_person("Jordan", "Quillfeather")
    for _ in range(MANY_CHECKERS):
        checked(make_user(Role.REPORTER), people=[person], name="Jordan Quillfeather")

    flags = unusual_checks(*WEEK)

    assert kinds(flags) == ["many"]
    assert "Quillfeather" not in flags[0].text
    assert f"person={person.pk}" in flags[0].url


def test_the_digest_goes_to_the_data_protection_officer_on_monday_once(checker, dpo):
    checked(checker, at=dt.datetime(2025, 3, 4, 23, 0, tzinfo=LONDON))

    with clock.frozen_at(dt.datetime(2025, 3, 10, 6, 0, tzinfo=LONDON)):
        assert checks_digest_send(as_of=MONDAY) == 1
        assert checks_digest_send(as_of=MONDAY) == 0

    note = Notification.objects.get(user=dpo)
    assert note.subject == "Unusual checks: 1 to look at"
    assert "Checks out of hours (1):" in note.body
    assert "/audit/?verb=check&actor=" in note.body


def test_no_digest_on_other_days(checker, dpo):
    checked(checker, at=dt.datetime(2025, 3, 4, 23, 0, tzinfo=LONDON))

    assert checks_digest_send(as_of=MONDAY + dt.timedelta(days=1)) == 0
    assert not Notification.objects.filter(user=dpo).exists()


def test_the_digests_link_opens_the_audit_narrowed_to_that_user_and_day(client, checker, dpo):
    other = make_user(Role.REPORTER)
    checked(checker, at=dt.datetime(2025, 3, 4, 23, 0, tzinfo=LONDON), name="Ann Night")
    checked(other, at=dt.datetime(2025, 3, 4, 23, 5, tzinfo=LONDON), name="Bea Other")
    checked(checker, at=dt.datetime(2025, 3, 5, 10, 0, tzinfo=LONDON), name="Cy Daytime")
    flag = unusual_checks(*WEEK)[0]
    client.force_login(dpo)

    page = client.get(flag.url).content.decode()

    assert "Ann Night" in page
    assert "Bea Other" not in page
    assert "Cy Daytime" not in page
    assert "Narrowed to one member of staff on 4 March 2025" in page
