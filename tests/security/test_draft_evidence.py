"""Evidence on a draft report is its reporter's alone until the report is submitted: issue
11 found that anyone who may read reports could download it by its address."""

import pytest
from django.urls import reverse

from caution.incidents import actions
from caution.incidents.models import Evidence

pytestmark = pytest.mark.django_db

NOTE = b"Handwritten note left at reception: I know where you live.\n"


@pytest.fixture
def evidence(draft, reporter) -> Evidence:
    return actions.evidence_add(
        draft,
        kind=Evidence.Kind.CORRESPONDENCE,
        name="note.txt",
        data=NOTE,
        version=draft.version,
        by=reporter,
    )


def test_evidence_on_another_reporters_draft_cannot_be_downloaded(
    client, evidence, register_officer
):
    client.force_login(register_officer)

    response = client.get(reverse("incidents:evidence", args=[evidence.id]))

    assert response.status_code == 404


def test_the_reporter_downloads_the_evidence_on_their_own_draft(client, evidence, reporter):
    client.force_login(reporter)

    response = client.get(reverse("incidents:evidence", args=[evidence.id]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == NOTE
