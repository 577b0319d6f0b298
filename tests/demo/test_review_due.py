"""The demo's review: a caution decided a review interval ago now falls due, so the
Reviews list is not empty (reviews.md)."""

import datetime as dt

import pytest

from caution.accounts.models import User
from caution.lib import clock
from caution.policy.profiles import available
from caution.register.dashboard import queues
from caution.register.models import Caution, ReviewMeeting
from caution.register.reviews import agenda, reviews_due

pytestmark = pytest.mark.django_db(transaction=True)


def _decided_and_due() -> Caution:
    return Caution.objects.get(person__reference="DEMO-CASE-PRENTICE")


@pytest.mark.parametrize("profile", available())
def test_a_decided_caution_falls_due_for_review_within_a_week(demo, profile):
    demo(profile)
    caution = _decided_and_due()
    assert caution in reviews_due()
    assert clock.today() < caution.next_review <= clock.today() + dt.timedelta(days=7)
    assert caution.decision and caution.notified == "yes"


@pytest.mark.parametrize("profile", ["harborough", "dover"])
def test_the_register_officer_finds_it_under_reviews_due(demo, profile):
    demo(profile)
    officer = User.objects.get(username="register-officer")
    # The whole queue, not only the rows the dashboard shows first.
    work = {queue.title: queue.items(queue.rows) for queue in queues(officer)}
    assert _decided_and_due() in [item.caution for item in work["Reviews due"]]


@pytest.mark.parametrize("profile", ["harborough", "cheltenham"])
def test_the_next_review_meeting_has_it_on_its_agenda(demo, profile):
    demo(profile)  # 000 §8.4 the Review Panel, 002 §4.7 the Governance Group
    [meeting] = ReviewMeeting.objects.all()
    assert _decided_and_due() in agenda(meeting)
    member = User.objects.get(username="panel-member")
    assert member.notifications.filter(url__contains=str(meeting.id)).exists()
