"""The demo shows a council in good order (issue 12): reviews in date with a few due this
week and two overdue; every demo user with a part to play signs in with what was printed;
each caution's letters agree with what it says of telling the person."""

import datetime as dt

import pytest

from caution.lib import clock
from caution.register.appeals import handler_problem
from caution.register.models import Appeal, Caution
from caution.register.reviews import since_last_review

pytestmark = pytest.mark.django_db(transaction=True)


def _reviews() -> list[dt.date]:
    return [c.next_review for c in Caution.objects.filter(person__isnull=False)]


def _printed_password(out: str, username: str) -> str:
    [line] = [line for line in out.splitlines() if f" {username} " in f"{line} "]
    return line.split()[-1]


def test_two_reviews_are_overdue_and_the_rest_in_date(demo):
    demo()
    overdue = [day for day in _reviews() if day < clock.today()]
    assert len(overdue) == 2
    assert all(clock.today() - day < dt.timedelta(days=14) for day in overdue)


def test_a_few_reviews_fall_due_this_week(demo):
    demo()
    week = clock.today() + dt.timedelta(days=7)
    due = [day for day in _reviews() if clock.today() <= day <= week]
    assert 1 <= len(due) < len(_reviews()) // 4


def test_the_appeal_can_be_decided_by_someone_whose_sign_in_is_printed(demo):
    out = demo()
    appeal = Appeal.objects.get(status=Appeal.Status.OPEN)
    handler = appeal.handler
    password = _printed_password(out, handler.username)
    assert handler.check_password(password)
    assert handler_problem(appeal.caution, handler) == ""


def test_a_decided_caution_whose_person_was_told_shows_its_letter_at_review(demo):
    demo()
    caution = Caution.objects.get(person__reference="DEMO-CASE-PRENTICE")
    assert caution.notified == "yes"
    assert [letter.kind for letter in since_last_review(caution).letters] == ["caution"]


def test_a_caution_from_earlier_records_says_its_letters_are_held_there(demo):
    demo()
    caution = Caution.objects.filter(person__reference="DEMO-0004").first()
    since = since_last_review(caution)
    assert since.added_from_records and not since.letters
