import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caution.accounts.cli import acting_user
from caution.audit.models import AuditEvent
from caution.reporting.documents import report_pdf
from caution.reporting.selectors import committee_report_for


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Write the committee report for a period as a PDF, titled for the body the policy "
        "profile names ([reporting] committee): counts only, small numbers hidden."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["committee"], help="The report: committee")
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="The PDF file to write")
        parser.add_argument("--user", help="Act as this user (default: the command line)")

    def handle(self, *args, kind: str, start: str, end: str, out: str, user, **options):
        first, last = _date(start), _date(end)
        if last < first:
            raise CommandError("--to must be on or after --from")
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such folder")
        report = committee_report_for(
            acting_user(user), first, last, verb=AuditEvent.Verb.EXPORT, what="PDF"
        )
        path.write_bytes(report_pdf(report))
        self.stdout.write(self.style.SUCCESS(f"Wrote the report to the {report.committee}: {path}"))
