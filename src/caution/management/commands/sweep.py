import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from caution.sweep import sweep_catch_up


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: '{value}' is not a date like 2026-11-23") from None


class Command(BaseCommand):
    help = (
        "Run the daily sweep: reviews due and overdue, overdue letters, expiry of cautions "
        "and deletion at the end of retention. Catches up every day missed since it last "
        "ran, oldest first; --as-of sweeps up to another day (for recovery and tests)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Sweep up to this day, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        until = _date(options["as_of"]) if options["as_of"] else None
        for report in sweep_catch_up(until=until):
            self.stdout.write(f"Swept {report}")
