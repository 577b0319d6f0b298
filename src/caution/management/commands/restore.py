"""`caution restore ARCHIVE`: the database and the private files back as they were when the
backup was made, with every deletion made since made again."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caution.audit.operator import CommandLineOperator
from caution.backups.archive import backup_restore
from caution.backups.databases import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `caution backup`: check it against its manifest, replace "
        "the database and the private files with it, check the rows against the manifest, "
        "then delete again everyone deleted since the backup (from the tombstones of the "
        "database replaced). Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive `caution backup` wrote")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation",
        )

    def handle(self, *args, archive: str, interactive: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if (
            interactive
            and input(
                "This replaces the whole database and every private file. Type 'restore' to go on: "
            )
            != "restore"
        ):
            raise CommandError("Nothing was restored.")
        started = time.monotonic()
        try:
            restored = backup_restore(path, by=CommandLineOperator())
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the backup made at {manifest.made_at}: "
            f"{sum(manifest.tables.values())} rows in {len(manifest.tables)} tables and "
            f"{len(manifest.files)} files, each as its manifest says "
            f"({time.monotonic() - started:.1f} s)."
        )
        self.stdout.write(
            f"Deletions made since the backup, made again: {restored.deletions_replayed}. "
            f"Files not in the backup, removed: {restored.files_removed}."
        )
