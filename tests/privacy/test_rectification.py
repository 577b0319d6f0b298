"""A request to correct data is recorded with its outcome (000 §8.5: accurate and up to
date), corrected or refused with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.privacy.models import RectificationRequest
from caution.privacy.rectification import rectification_decide, rectification_record
from caution.privacy.retention import deletion_schedule
from caution.register.cautions import caution_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(caution, dpo) -> RectificationRequest:
    return rectification_record(
        caution.person,
        received_on=clock.today(),
        request="My date of birth is 21 July 1979, not 21 June.",
        by=dpo,
    )


def test_a_corrected_request_records_what_was_corrected(asked, dpo):
    rectification_decide(asked, outcome="corrected", reason="Date of birth corrected.", by=dpo)

    asked.refresh_from_db()
    assert asked.outcome == RectificationRequest.Outcome.CORRECTED
    assert (asked.decided_by, asked.decided_on) == (dpo, clock.today())


def test_a_refusal_needs_a_reason(asked, dpo):
    with pytest.raises(ValidationError) as refused:
        rectification_decide(asked, outcome="refused", reason="", by=dpo)

    assert "why the request is refused" in str(refused.value)


def test_the_request_and_its_outcome_are_audited(asked, dpo):
    rectification_decide(asked, outcome="refused", reason="The record is accurate.", by=dpo)

    summaries = set(
        AuditEvent.objects.filter(target_id=str(asked.id)).values_list("summary", flat=True)
    )
    assert summaries == {
        "Recorded a request to correct a person's data",
        "Decided a request to correct data: refused",
    }


def test_only_the_data_protection_officer_records_a_request(caution, register_officer):
    with pytest.raises(PermissionDenied):
        rectification_record(
            caution.person, received_on=clock.today(), request="Wrong", by=register_officer
        )


def test_a_pending_request_pauses_deletion(asked, caution, register_officer):
    caution_end(caution, reason="Removed at review", version=caution.version, by=register_officer)

    [due] = deletion_schedule()

    assert due.paused_by == "Rectification request pending"
