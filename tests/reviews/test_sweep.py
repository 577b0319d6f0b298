"""The daily sweep step: reviewers are reminded of reviews falling due within 14 days,
overdue reviews and unanswered appeals are escalated to the register officers; each once,
however often the sweep runs, and day by day after downtime."""

import datetime as dt

import pytest
from django.urls import reverse

from caution.accounts.roles import Role
from caution.lib import clock
from caution.notifications.models import Notification
from caution.register.appeals import appeal_record
from caution.register.models import Appeal, Review
from caution.register.reviews import review_record, reviews_sweep
from tests.factories import make_user, review_meeting_held
from tests.reviews.conftest import months_ago, on_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def entry(customer):
    """Added six months ago less ten days: its review falls due in ten days."""
    return on_register(customer, level="ABUSE", added=months_ago(6) + dt.timedelta(days=10))


def subjects(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_reviewers_are_reminded_of_a_review_falling_due_once(entry, governance_group):
    today = clock.today()

    first = reviews_sweep(as_of=today)
    again = reviews_sweep(as_of=today)
    next_day = reviews_sweep(as_of=today + dt.timedelta(days=1))

    assert (first, again, next_day) == (1, 0, 0)
    assert subjects(governance_group) == ["A review of a caution falls due"]


def test_nobody_is_reminded_more_than_14_days_ahead(customer, governance_group):
    on_register(customer, level="ABUSE", added=months_ago(5))

    assert reviews_sweep(as_of=clock.today()) == 0


def test_an_overdue_review_is_escalated_to_the_register_officers_once(
    entry, governance_group, register_officer
):
    late = entry.next_review + dt.timedelta(days=1)

    assert reviews_sweep(as_of=late) == 1
    assert reviews_sweep(as_of=late) == 0
    assert subjects(register_officer) == ["A review of a caution is overdue"]


def test_after_downtime_each_missed_day_is_swept_and_each_message_goes_once(
    entry, governance_group, register_officer
):
    start = clock.today()
    sent = [reviews_sweep(as_of=start + dt.timedelta(days=n)) for n in range(20)]

    assert sum(sent) == 2
    assert len(subjects(governance_group)) == 1
    assert len(subjects(register_officer)) == 1


def test_a_review_moves_the_date_and_the_next_reminder_comes_in_time(entry, governance_group):
    reviews_sweep(as_of=clock.today())
    review_record(
        entry,
        outcome=Review.Outcome.KEEP,
        reasons="Risk remains.",
        meeting=review_meeting_held(governance_group),
        by=governance_group,
    )
    entry.refresh_from_db()

    assert reviews_sweep(as_of=entry.next_review - dt.timedelta(days=14)) == 1


def test_an_unanswered_appeal_is_escalated_once(customer, register_officer):
    handler = make_user(Role.DECISION_MAKER, first_name="Ed")
    caution = on_register(customer, level="ABUSE")
    appeal = appeal_record(
        caution,
        channel=Appeal.Channel.LETTER,
        received_on=clock.today(),
        grounds="Unfair.",
        handler=handler,
        by=register_officer,
    )
    late = appeal.answer_due + dt.timedelta(days=1)

    assert reviews_sweep(as_of=late) == 1
    assert reviews_sweep(as_of=late) == 0
    assert "An appeal has not been answered in time" in subjects(handler)


def test_the_messages_carry_a_link_and_no_personal_data(entry, governance_group, customer):
    reviews_sweep(as_of=clock.today())

    note = Notification.objects.get(user=governance_group)
    assert str(entry.id) in note.url
    assert customer.display_name not in note.subject + note.body


def test_several_reviews_falling_due_fold_into_one_daily_digest(customer, governance_group):
    added = months_ago(6) + dt.timedelta(days=10)
    for _ in range(3):
        on_register(customer, level="ABUSE", added=added)

    assert reviews_sweep(as_of=clock.today()) == 3
    [note] = Notification.objects.filter(user=governance_group)
    assert note.subject == "3 reviews of cautions fall due"
    assert note.url == reverse("register:reviews")


def test_overdue_reviews_fold_into_one_digest_a_day_for_the_register_officers(
    customer, governance_group, register_officer
):
    first = on_register(customer, level="ABUSE", added=months_ago(6) - dt.timedelta(days=3))
    on_register(customer, level="ABUSE", added=months_ago(6) - dt.timedelta(days=1))

    reviews_sweep(as_of=clock.today())
    reviews_sweep(as_of=clock.today())

    [note] = Notification.objects.filter(user=register_officer)
    assert note.subject == "2 reviews of cautions are overdue"
    assert f"{first.next_review:%-d %B %Y}" in note.body


def test_a_review_alone_names_its_person_to_the_reader(entry, governance_group, customer):
    reviews_sweep(as_of=clock.today())

    note = Notification.objects.get(user=governance_group)
    assert note.about == customer
