import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from caution.accounts.cli import acting_user
from caution.register.importing.exporting import register_export


class Command(BaseCommand):
    help = (
        "Export the register (every active caution on a person, one row each) as a CSV file "
        "in the columns `caution import` reads. '-' writes to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file to write, or - for standard output.")
        parser.add_argument(
            "--user", help="Export as this user (default: the command line operator)."
        )

    def handle(self, *args, file: str, user, **options):
        by = acting_user(user)
        try:
            if file == "-":
                rows = register_export(sys.stdout, by=by)
                return
            path = Path(file)
            if not path.parent.is_dir():
                raise CommandError(f"{path.parent}: no such folder")
            # UTF-8 with a byte order mark: Excel on Windows then reads "Renée" correctly.
            with path.open("w", newline="", encoding="utf-8-sig") as out:
                rows = register_export(out, by=by, name=path.name)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        word = "row" if rows == 1 else "rows"
        self.stdout.write(self.style.SUCCESS(f"Exported {rows} {word} to {path}."))
