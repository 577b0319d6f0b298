"""Deciding an appeal: upheld removes the caution, partly upheld changes it, refused keeps
it; always with reasons; "appeal in progress" ends; the outcome names the external route."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.audit.selectors import history_of
from caution.lib import clock
from caution.register import deciding
from caution.register.appeals import appeal_decide, appeal_record
from caution.register.dashboard import dashboard
from caution.register.models import Appeal, Caution
from tests.appeals.conftest import caution_decided
from tests.journeys.conftest import check

pytestmark = pytest.mark.django_db

ONE_CONTACT = deciding.RestrictionInput(type="named_contact", named_contact="Customer Relations")
BAN = deciding.RestrictionInput(type="office_ban")


@pytest.fixture(autouse=True)
def cheltenham(settings):
    settings.CAUTION_PROFILE = "cheltenham"


@pytest.fixture
def caution(reporter, customer, line_manager):
    return caution_decided(
        reporter, customer, line_manager, "ASSAULT", "ASSAULT", restrictions=(ONE_CONTACT, BAN)
    )


@pytest.fixture
def appeal(caution, elsewhere, register_officer):
    return appeal_record(
        caution,
        channel=Appeal.Channel.COMPLAINT_FORM,
        received_on=clock.today(),
        grounds="I did not push anyone.",
        handler=elsewhere,
        by=register_officer,
    )


def decide(appeal, outcome, by, reasons="CCTV shows no contact.", **changes):
    return appeal_decide(
        appeal, outcome=outcome, reasons=reasons, version=appeal.version, by=by, **changes
    )


def test_an_upheld_appeal_removes_the_caution_from_the_check(appeal, elsewhere, reporter):
    decide(appeal, Appeal.Outcome.UPHELD, elsewhere)

    caution = Caution.objects.get(id=appeal.caution_id)
    assert caution.status == Caution.Status.REMOVED
    assert caution.ended_reason == "Appeal upheld: CCTV shows no contact."
    assert check(reporter) == []


def test_a_partly_upheld_appeal_lowers_the_level_and_lifts_a_restriction(
    appeal, caution, elsewhere, reporter
):
    ban = caution.restriction_set.get(type="office_ban")

    decide(appeal, Appeal.Outcome.PARTLY_UPHELD, elsewhere, level="VIOLENCE", lift=[ban.id])

    [shown] = check(reporter)
    assert shown.level_code == "VIOLENCE"
    assert "Banned" not in shown.restrictions
    assert "contact Customer Relations" in shown.restrictions
    assert not shown.appeal_in_progress


def test_a_partly_upheld_appeal_may_bring_the_expiry_forward_but_not_later(
    appeal, caution, elsewhere
):
    with pytest.raises(ValidationError):
        decide(
            appeal,
            Appeal.Outcome.PARTLY_UPHELD,
            elsewhere,
            expires_on=caution.expires_on + dt.timedelta(days=1),
        )
    sooner = clock.today() + dt.timedelta(days=365)
    decide(appeal, Appeal.Outcome.PARTLY_UPHELD, elsewhere, expires_on=sooner)

    assert Caution.objects.get(id=caution.id).expires_on == sooner


def test_a_partly_upheld_appeal_must_change_something(appeal, elsewhere):
    with pytest.raises(ValidationError) as refused:
        decide(appeal, Appeal.Outcome.PARTLY_UPHELD, elsewhere, level="ASSAULT")

    assert "outcome" in refused.value.message_dict


def test_a_refused_appeal_keeps_the_caution_and_ends_appeal_in_progress(
    appeal, elsewhere, reporter
):
    decided = decide(appeal, Appeal.Outcome.REFUSED, elsewhere)

    [shown] = check(reporter)
    assert decided.status == Appeal.Status.DECIDED
    assert shown.level_code == "ASSAULT"
    assert not shown.appeal_in_progress


def test_an_outcome_needs_reasons(appeal, elsewhere):
    with pytest.raises(ValidationError) as refused:
        decide(appeal, Appeal.Outcome.REFUSED, elsewhere, reasons=" ")

    assert "reasons" in refused.value.message_dict


def test_only_the_handler_decides_the_appeal(appeal, register_officer):
    with pytest.raises(PermissionDenied):
        decide(appeal, Appeal.Outcome.UPHELD, register_officer)


def test_an_appeal_is_decided_once(appeal, elsewhere):
    decide(appeal, Appeal.Outcome.REFUSED, elsewhere)

    with pytest.raises(ValidationError):
        decide(appeal, Appeal.Outcome.UPHELD, elsewhere)


def test_002_4_6_the_outcome_names_the_local_government_and_social_care_ombudsman(
    appeal, elsewhere
):
    decided = decide(appeal, Appeal.Outcome.REFUSED, elsewhere)

    assert decided.external_route == "Local Government and Social Care Ombudsman"


def test_the_outcome_is_in_the_cautions_history_with_its_reasons(appeal, caution, elsewhere):
    decide(appeal, Appeal.Outcome.PARTLY_UPHELD, elsewhere, level="VIOLENCE")

    # Recorded and decided at the same frozen moment: found by what it says, not by place.
    decided = [e for e in history_of(caution) if e.summary.startswith("Decided an appeal")]
    assert len(decided) == 1
    event = decided[0]
    assert event.summary.startswith("Decided an appeal: Partly upheld")
    assert event.details["reason"] == "CCTV shows no contact."
    assert event.details["changes"]["level"] == ["ASSAULT", "VIOLENCE"]


def test_000_8_8_the_dashboard_shows_the_answer_deadline_overdue_first(
    settings, appeal, register_officer
):
    with clock.frozen_at(clock.now() + dt.timedelta(days=40)):
        sections = {section.title: section for section in dashboard(register_officer)}
        [item] = sections["Appeals to answer"].items

        assert item.caution == appeal.caution
        assert item.due == appeal.answer_due
        assert item.overdue


def test_an_acknowledgement_letter_is_prepared_on_receipt(appeal):
    letter = appeal.letters.get()

    assert letter.kind == "appeal_acknowledgement"
    assert "Executive Director of People and Change" in letter.fields["action"]


def test_002_4_6_the_outcome_letter_names_the_ombudsman(appeal, elsewhere):
    decide(appeal, Appeal.Outcome.REFUSED, elsewhere)

    letter = appeal.letters.get(kind="appeal_outcome")
    assert letter.fields["reasons"] == "CCTV shows no contact."
    assert "Local Government and Social Care Ombudsman" in letter.fields["appeal"]


def test_an_appeal_against_a_caution_that_ended_meanwhile_is_still_answered(
    appeal, caution, elsewhere
):
    Caution.objects.filter(id=caution.id).update(status=Caution.Status.EXPIRED)
    appeal.caution.refresh_from_db()

    decided = decide(appeal, Appeal.Outcome.UPHELD, elsewhere)

    assert decided.status == Appeal.Status.DECIDED
    assert Caution.objects.get(id=caution.id).status == Caution.Status.EXPIRED


def test_a_refused_appeal_does_not_quietly_drop_a_change(appeal, elsewhere):
    with pytest.raises(ValidationError) as refused:
        decide(appeal, Appeal.Outcome.REFUSED, elsewhere, level="VIOLENCE")

    assert "Partly upheld" in " ".join(refused.value.message_dict["outcome"])
