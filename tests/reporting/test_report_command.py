"""`caution report committee` writes the committee report as a PDF from the command line."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from caution.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_writes_a_pdf_titled_for_the_profiles_committee(tmp_path, settings):
    settings.CAUTION_PROFILE = "cheltenham"
    out = tmp_path / "report.pdf"

    call_command(
        "report", "committee", "--from", "2025-01-01", "--to", "2025-03-31", "--out", str(out)
    )

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Report to the Governance Group" in text
    assert "1 January 2025 to 31 March 2025" in text
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.EXPORT, summary__contains="(PDF)"
    ).exists()


def test_a_period_that_ends_before_it_starts_is_refused(tmp_path):
    out = tmp_path / "report.pdf"

    with pytest.raises(CommandError, match="--to must be on or after --from"):
        call_command(
            "report", "committee", "--from", "2025-03-01", "--to", "2025-01-01", "--out", str(out)
        )

    assert not out.exists()
