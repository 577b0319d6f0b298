"""The `caution` command: the product's own commands and every Django management command.

Two names differ from Django's, because staff use them daily: `caution check` checks the
register (Django's system check is `caution systemcheck`, or `manage.py check`), and
`caution import` imports a register spreadsheet.
"""

import os
import sys

ALIASES = {"check": "check_register", "import": "import_register", "systemcheck": "check"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caution.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["caution", *args])
