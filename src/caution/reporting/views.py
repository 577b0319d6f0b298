"""The committee report page, its tables as CSV and the whole report as a PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from caution.audit.models import AuditEvent
from caution.reporting import selectors
from caution.reporting.access import require_committee_report_reader
from caution.reporting.documents import report_filename, report_pdf, table_csv
from caution.reporting.figures import TABLE_KEYS


def _quarter(request):
    """The quarter asked for (`?quarter=2026-q3`) among those offered; otherwise the last
    complete one. A quarter not offered is not an error: the default is shown."""
    offered = selectors.quarters_offered()
    asked = request.GET.get("quarter", "")
    chosen = next((q for q in offered if q.key == asked), None)
    return chosen or selectors.default_quarter(), offered


def committee(request):
    require_committee_report_reader(request.user)
    quarter, offered = _quarter(request)
    report = selectors.committee_report_for(request.user, quarter.start, quarter.end)
    return render(
        request,
        "reporting/committee.html",
        {"report": report, "quarter": quarter, "offered": offered},
    )


def committee_csv(request, table: str):
    require_committee_report_reader(request.user)
    if table not in TABLE_KEYS:
        raise Http404("No such table in the committee report.")
    quarter, _ = _quarter(request)
    report = selectors.committee_report_for(
        request.user, quarter.start, quarter.end, verb=AuditEvent.Verb.EXPORT, what=f"{table}.csv"
    )
    found = report.table(table)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = report_filename(report, f"-{found.key}.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that Excel on Windows reads the quarters' dashes as written
    table_csv(found, response)
    return response


def committee_pdf(request):
    require_committee_report_reader(request.user)
    quarter, _ = _quarter(request)
    report = selectors.committee_report_for(
        request.user, quarter.start, quarter.end, verb=AuditEvent.Verb.EXPORT, what="PDF"
    )
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    name = report_filename(report, ".pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
