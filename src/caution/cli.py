"""The `caution` command: the product's own commands and every Django management command.

Two names differ from Django's, because staff use them daily: `caution check` checks the
register (Django's system check is `caution systemcheck`, or `manage.py check`), and
`caution import` imports a register spreadsheet and `caution export` writes it back out.
`caution help` lists the product's commands first, then Django's.
"""

import os
import sys
from collections import defaultdict

from django.core.management import ManagementUtility, get_commands
from django.core.management.color import color_style

ALIASES = {
    "check": "check_register",
    "import": "import_register",
    "export": "export_register",
    "systemcheck": "check",
}

# The product's commands, in the order people meet them, with one line each for `caution
# help`. Written here rather than read from each command's help: importing every command
# (the demo's data, say) would slow the help down for one line of text.
PRODUCT_COMMANDS = {
    "demo": "Run the product with demo data and one user per role, on 127.0.0.1:8000",
    "serve": "Serve the web application (put a TLS-terminating proxy in front)",
    "worker": "Run the background worker: the outbox every second, the sweep daily",
    "sweep": "Run the daily sweep: reviews due, overdue letters, expiry, deletion",
    "check": "Check the register for a person or address, or a --batch file of them",
    "import": "Import an existing register spreadsheet (.csv or .xlsx)",
    "export": "Export the register as CSV, in the columns `import` reads",
    "report": "Write the committee report for a period as a PDF (report committee --from --to)",
    "backup": "Back up the database and private files into one archive with a manifest",
    "restore": "Restore a backup, then delete again everyone deleted since it was made",
    "createadmin": "Create an administrator, who can then add other users",
    "inventory": "Check the data inventory; --write FILE writes the records of processing",
    "systemcheck": "Django's system check of the configuration (Django's `check`)",
}


class Utility(ManagementUtility):
    """Django's command line with the product's names and its own commands' help first."""

    def fetch_command(self, subcommand):
        # Running a command, `help NAME` and shell completion all fetch the command here, so
        # an alias works in each, and the usage line keeps the name typed (`caution check`).
        return super().fetch_command(ALIASES.get(subcommand, subcommand))

    def main_help_text(self, commands_only=False):
        if commands_only:
            return "\n".join(sorted([*PRODUCT_COMMANDS, *django_commands()]))
        return "\n".join(
            [
                "",
                f"Usage: {self.prog_name} <command> [options]",
                f"Type '{self.prog_name} help <command>' for help on a command.",
                "",
                "The Caution Register's commands:",
                *(f"    {name:<13} {line}" for name, line in PRODUCT_COMMANDS.items()),
                "",
                "Django's commands:",
                *_by_app(django_commands()),
            ]
        )


def django_commands() -> dict[str, str]:
    """{command: app} for every command not listed as the product's: under its own name,
    a command the product renames (Django's `check`) would run something else."""
    shown = {ALIASES.get(name, name) for name in PRODUCT_COMMANDS}
    return {name: app for name, app in get_commands().items() if name not in shown}


def _by_app(commands: dict[str, str]) -> list[str]:
    """The commands grouped by app, as Django lists them."""
    groups = defaultdict(list)
    for name, app in commands.items():
        groups["django" if app == "django.core" else app.rpartition(".")[-1]].append(name)
    style = color_style()
    lines = []
    for app in sorted(groups):
        lines += ["", style.NOTICE(f"[{app}]"), *(f"    {name}" for name in sorted(groups[app]))]
    return lines


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caution.settings")
    Utility(["caution", *sys.argv[1:]]).execute()
