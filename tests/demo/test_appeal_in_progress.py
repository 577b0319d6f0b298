"""The demo's appeal: one caution is under appeal where the profile has appeals, so the
check shows "appeal in progress" and its handler has it to decide (appeals.md)."""

import pytest

from caution.accounts.models import User
from caution.letters.models import Letter
from caution.people.matching import Query
from caution.policy.profiles import available
from caution.register.check import check_run
from caution.register.dashboard import queues
from caution.register.models import Appeal, Caution

pytestmark = pytest.mark.django_db(transaction=True)

WITH_APPEALS = [profile for profile in available() if profile != "determination-team"]


@pytest.mark.parametrize("profile", WITH_APPEALS)
def test_one_caution_is_under_appeal(demo, profile):
    demo(profile)
    [appeal] = Appeal.objects.filter(status=Appeal.Status.OPEN)
    assert appeal.caution.appeal_in_progress
    assert not appeal.late  # received within the window from the letter's delivery
    told = appeal.handler.notifications.get(url__contains=str(appeal.id))
    assert told.subject == "An appeal against a caution for you to decide"


@pytest.mark.parametrize("profile", WITH_APPEALS)
def test_the_check_shows_the_appeal_in_progress(demo, profile):
    demo(profile)
    officer = User.objects.get(username="register-officer")
    result = check_run(Query(name="Leanne Hughes"), by=officer)
    views = [view for match in result.people for view in match.cautions]
    assert views and all(view.appeal_in_progress for view in views)


@pytest.mark.parametrize("profile", ["harborough", "dover"])
def test_the_appeal_is_on_the_dashboard_and_its_acknowledgement_drafted(demo, profile):
    demo(profile)
    officer = User.objects.get(username="register-officer")
    # The whole queue, not only the rows the dashboard shows first.
    work = {queue.title: queue.items(queue.rows) for queue in queues(officer)}
    [item] = work["Appeals to answer"]
    assert item.caution.appeals.get().status == Appeal.Status.OPEN
    assert Letter.objects.get(kind="appeal_acknowledgement").status == Letter.Status.DRAFT


def test_under_dover_the_decision_makers_manager_hears_it(demo):
    demo("dover")  # 003 §9.3: a manager more senior than the one who decided
    appeal = Appeal.objects.get()
    decider = appeal.caution.decision.decided_by
    assert appeal.handler == decider.manager == User.objects.get(username="decision-maker")


def test_under_workington_another_councillor_hears_it(demo):
    demo("workington")  # 004 §6: the Chair decided the case, so another councillor sits
    appeal = Appeal.objects.get()
    assert appeal.handler_title == "Another councillor the Council deems suitable"


def test_the_determination_team_has_no_appeal_to_show(demo):
    demo("determination-team")  # 001 §15.7: no appeal process yet
    assert not Appeal.objects.exists()
    assert not Caution.objects.filter(appeal_in_progress=True).exists()
