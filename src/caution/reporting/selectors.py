"""The committee report as pages, files and the command line read it: the figures
(reporting/figures.py) for a reader who may see them, and the look audited."""

import datetime as dt

from django.db import transaction

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.reporting.access import require_committee_report_reader
from caution.reporting.figures import (
    CommitteeReport,
    Quarter,
    committee_figures,
    quarter_of,
    quarters_to,
)


def quarters_offered(today: dt.date | None = None) -> list[Quarter]:
    """The quarters the page offers, newest first: the current one (to date) and the seven
    before it."""
    return quarters_to(today or clock.today())[::-1]


def default_quarter(today: dt.date | None = None) -> Quarter:
    """The last complete quarter: what a committee meeting looks back on."""
    today = today or clock.today()
    return quarter_of(quarter_of(today).start - dt.timedelta(days=1))


def committee_report_for(
    user, start: dt.date, end: dt.date, *, verb: str = AuditEvent.Verb.VIEW, what: str = "page"
) -> CommitteeReport:
    """The report for the period, for a reader who may see it; the look (or the download:
    `verb` EXPORT, `what` the file) is audited. Never later than today."""
    require_committee_report_reader(user)
    end = min(end, clock.today())
    report = committee_figures(start, end)
    action = "Viewed" if verb == AuditEvent.Verb.VIEW else "Downloaded"
    period = f"{start:%-d %b %Y} to {end:%-d %b %Y}"
    with transaction.atomic():
        audit_record(
            by=user,
            verb=verb,
            summary=f"{action} the committee report ({what}) for {period}",
            details={"from": start.isoformat(), "to": end.isoformat(), "what": what},
        )
    return report
