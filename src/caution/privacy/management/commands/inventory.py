from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caution.privacy.inventory import (
    InventoryError,
    inventory_gaps,
    inventory_load,
    records_of_processing,
)


class Command(BaseCommand):
    help = (
        "Check the data inventory (src/caution/privacy/inventory.toml) against the models: "
        "every field classified, no entry for a field that is gone. --write FILE writes the "
        "records of processing (docs/operators/data-protection.md) from it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="FILE", help="Write the data protection guide.")

    def handle(self, *args, write: str | None, **options):
        try:
            inventory = inventory_load()
        except InventoryError as error:
            raise CommandError(str(error)) from None
        missing, stale = inventory_gaps(inventory)
        problems = [f"{name}: no entry in the inventory" for name in missing]
        problems += [f"{name}: in the inventory, but no such field" for name in stale]
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"{len(inventory.entries)} fields classified, none missing.")
        if write:
            path = Path(write)
            if not path.parent.is_dir():
                raise CommandError(f"{path.parent}: no such folder")
            path.write_text(records_of_processing(inventory))
            self.stdout.write(self.style.SUCCESS(f"Wrote {path}."))
