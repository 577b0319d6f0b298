"""Letters after the decision: the outcome of a review (002 §3: informed of any extension
or removal) and of an appeal, each drafted by the register's own actions and complete."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.letters import actions
from caution.letters.models import Letter
from caution.lib import clock
from caution.register import appeals, reviews
from tests.factories import make_user, review_meeting_held
from tests.letters.conftest import decided

pytestmark = pytest.mark.django_db


def test_002_3_the_person_is_told_of_their_removal_at_review(settings):
    settings.CAUTION_PROFILE = "cheltenham"
    case = decided("cheltenham")
    governance = make_user(Role.PANEL_MEMBER, first_name="Gov")

    reviews.review_record(
        case.caution,
        outcome="remove",
        reasons="No new incidents in six months.",
        meeting=review_meeting_held(governance),
        by=governance,
    )

    letter = Letter.objects.get(kind="review_outcome")
    assert "removed from the Personal Safety Register" in letter.fields["action"]
    assert letter.due_on == dt.date(2026, 3, 9)  # from the review, not the old decision
    issued = actions.letter_sign(actions.letter_submit(letter, by=case.officer), by=case.signatory)
    assert issued.status == "issued"


def test_003_9_3_an_appeal_is_acknowledged_and_answered_in_writing(settings):
    settings.CAUTION_PROFILE = "dover"
    case = decided("dover")
    letter = actions.letter_sign(
        actions.letter_submit(case.letter, by=case.officer), by=case.signatory
    )
    with clock.frozen_at(clock.now() + dt.timedelta(hours=2)):
        actions.letter_deliver(
            letter,
            method="hand",
            delivered_at=clock.now(),
            officer=case.signatory,
            by=case.officer,
        )
    senior = make_user(Role.DECISION_MAKER, first_name="Sen")
    decider = case.decision.decided_by
    decider.manager = senior  # 003 §9.3: more senior than the manager who decided
    decider.save()

    appeal = appeals.appeal_record(
        case.caution,
        channel="letter",
        received_on=clock.today(),
        grounds="I was provoked.",
        handler=senior,
        by=case.officer,
    )
    acknowledgement = Letter.objects.get(kind="appeal_acknowledgement")
    assert "Senior manager" in acknowledgement.fields["action"]
    assert actions.missing_elements(acknowledgement) == []

    appeals.appeal_decide(
        appeal, outcome="refused", reasons="The evidence stands.", version=appeal.version, by=senior
    )
    outcome = Letter.objects.get(kind="appeal_outcome")
    assert outcome.fields["reasons"] == "The evidence stands."
    assert actions.missing_elements(outcome) == []
