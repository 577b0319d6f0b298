"""The committee report as files: a table as CSV, the whole report as an A4 PDF drawn by
the letters' renderer (WeasyPrint, fetching nothing), its charts the page's own SVG."""

import csv
from typing import IO

from django.template.loader import render_to_string

from caution.letters.rendering import render_pdf
from caution.lib import clock
from caution.reporting.figures import CommitteeReport, Table


def table_csv(table: Table, out: IO[str]) -> None:
    """The table as printed (small numbers hidden): the same rows the page shows."""
    writer = csv.writer(out)
    writer.writerows(table.csv_rows())


def report_filename(report: CommitteeReport, suffix: str) -> str:
    return f"committee-report-{report.start.isoformat()}-to-{report.end.isoformat()}{suffix}"


def report_pdf(report: CommitteeReport) -> bytes:
    document = render_to_string(
        "reporting/committee_pdf.html", {"report": report, "made_on": clock.today()}
    )
    return render_pdf(document)
