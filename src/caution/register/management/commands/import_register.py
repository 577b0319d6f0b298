import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from caution.accounts.cli import acting_user
from caution.register.importing.reading import ImportFileError, csv_format
from caution.register.importing.writing import OVERDUE_REVIEW_WEEKS, register_import


class Command(BaseCommand):
    help = (
        "Import an existing register spreadsheet (.csv or .xlsx). Every row is checked first; "
        "if any row has a problem, each problem is listed and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help="Read a column with another heading as one of ours: --map 'Cust Ref=reference'",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file only.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows; write the others, with their problems, to "
            "FILE.refused.csv beside the file (the command then exits with status 1).",
        )
        parser.add_argument(
            "--overdue-reviews-over",
            type=int,
            default=OVERDUE_REVIEW_WEEKS,
            metavar="WEEKS",
            help="Spread reviews already due over this many weeks of working days, the "
            f"longest overdue first (default {OVERDUE_REVIEW_WEEKS}; 0: all due today).",
        )
        parser.add_argument(
            "--user", help="Import as this user (default: the command line operator)."
        )

    def handle(self, *args, file: Path, map: list[str], dry_run: bool, user, **options):
        if options["overdue_reviews_over"] < 0:
            raise CommandError("--overdue-reviews-over: give a number of weeks, 0 or more")
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        mapping = {}
        for item in map:
            source, sep, target = item.partition("=")
            if not sep or not source.strip() or not target.strip():
                raise CommandError(f"--map {item!r}: write it as 'Heading=field'")
            mapping[source.strip()] = target.strip()
        by = acting_user(user)
        if file.suffix.lower() == ".csv":
            self.stdout.write(f"{file.name}: {csv_format(file)}.")

        def progress(rows):
            return tqdm(rows, desc="Rows", unit=" rows", file=sys.stderr, disable=None, leave=False)

        try:
            report = register_import(
                file,
                by=by,
                mapping=mapping,
                dry_run=dry_run,
                skip_invalid=options["skip_invalid"],
                overdue_review_weeks=options["overdue_reviews_over"],
                progress=progress,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems and not report.refused:
            raise CommandError(
                f"{len(report.problems)} problem(s) in {report.rows} rows of {file.name}; "
                "nothing was imported."
            )
        if dry_run:
            found = f"{report.refused} to refuse" if report.refused else "no problems"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.rows} rows checked: {found}. Nothing imported (dry run)."
                )
            )
        else:
            people = "person" if report.people == 1 else "people"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {report.people} {people} with their cautions "
                    f"({report.addresses} new addresses) from {file.name}."
                )
            )
        if report.expiry_months is not None:
            self.stdout.write(_expiry_note(report))
        if report.overdue_reviews:
            self.stdout.write(
                f"{report.overdue_reviews} review(s) were already due: spread over the working "
                f"days to {report.overdue_reviews_until:%-d %B %Y}, the longest overdue first."
            )
        if report.refused:
            where = (
                f", written with their problems to {report.refused_file}"
                if report.refused_file
                else ""
            )
            raise CommandError(f"{report.refused} row(s) refused and not imported{where}.")


def _expiry_note(report) -> str:
    """The file gives no expiry: say the one each caution gets, and how many end at once."""
    note = (
        f"Each caution expires {report.expiry_months} months after the date it was added, "
        "the longest this policy allows"
    )
    if report.expired_already:
        return f"{note}; {report.expired_already} have reached it and end at the next sweep."
    return f"{note}."
