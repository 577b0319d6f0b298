"""`caution backup PATH`: the database and the private files in one archive with a manifest."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caution.audit.operator import CommandLineOperator
from caution.backups.archive import backup_make
from caution.backups.databases import BackupError
from caution.lib import clock


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL with pg_dump, SQLite with its backup API) and the "
        "private files (evidence, letters) into one archive, with a manifest of the rows per "
        "table and a SHA-256 per file. PATH is the archive, or a folder to make one in."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to write, or an existing folder")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        if target.is_dir():
            target /= f"caution-{clock.now():%Y%m%d-%H%M%S}.tar.gz"
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a folder.")
        if target.exists():
            raise CommandError(f"{target} exists already: choose another name.")
        started = time.monotonic()
        try:
            manifest = backup_make(target, by=CommandLineOperator())
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {sum(manifest.tables.values())} rows in {len(manifest.tables)} tables "
            f"and {len(manifest.files)} files to {target} "
            f"({target.stat().st_size / 1e6:.1f} MB, {time.monotonic() - started:.1f} s)."
        )
