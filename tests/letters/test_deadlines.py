"""Letters due appear on the dashboard, overdue first; an overdue letter is escalated to
the register officers and the signatory's manager, once (000 §8.7: 2 working days)."""

import datetime as dt

import pytest
from django.urls import reverse

from caution.accounts.roles import Role
from caution.letters import actions
from caution.letters.selectors import letters_due
from caution.lib import clock
from caution.notifications.models import Notification
from tests.factories import make_user
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(settings):
    settings.CAUTION_PROFILE = "harborough"
    return decided("harborough")


def test_000_8_7_a_letter_is_not_overdue_on_its_last_day(case):
    assert actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 4)) == 0


def test_000_8_7_an_unsent_letter_is_escalated_after_2_working_days(case):
    director = make_user(Role.DECISION_MAKER, first_name="Dir")
    case.signatory.manager = director
    case.signatory.save()

    assert actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 5)) == 1

    told = set(
        Notification.objects.filter(subject__contains="overdue").values_list("user", flat=True)
    )
    assert told == {case.officer.id, director.id}


def test_escalation_happens_once_however_often_the_sweep_runs(case):
    actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 5))
    assert actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 6)) == 0
    assert Notification.objects.filter(subject__contains="overdue").count() == 1


def test_a_sent_letter_is_never_escalated(case):
    letter = actions.letter_sign(
        actions.letter_submit(case.letter, by=case.officer), by=case.signatory
    )
    actions.letter_deliver(letter, method="email", by=case.officer)
    assert actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 9)) == 0


def test_letters_due_list_overdue_first(case, settings):
    with clock.frozen_at(clock.now() + dt.timedelta(days=3)):
        later = decided("harborough")
        due = [(item.letter, item.overdue) for item in letters_due()]
    assert due == [(case.letter, True), (later.letter, False)]


def test_letters_overdue_the_same_day_fold_into_one_message_each(case):
    decided("harborough")

    assert actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 5)) == 2

    [told] = Notification.objects.filter(user=case.officer, subject__contains="overdue")
    assert told.subject == "2 letters to people are overdue"
    assert told.url == reverse("letters:index")


def test_a_letter_overdue_alone_names_its_person_to_the_reader(case):
    actions.letters_escalate_overdue(as_of=dt.date(2026, 3, 5))

    [told] = Notification.objects.filter(user=case.officer, subject__contains="overdue")
    assert told.about == case.letter.person
