"""`caution check`: check the register for one person or address, or for every row of a
batch file (tomorrow's visits, say)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caution.accounts.cli import acting_user
from caution.people.matching import Query
from caution.register.check import CheckRefused, check_run, query_problems
from caution.register.check_json import check_result_json
from caution.register.importing.reading import ImportFileError, parse_date, read_rows, row_query


class Command(BaseCommand):
    help = (
        "Check the register for a person or address before contact: any names, in any order, "
        "and any of the options. With --batch, check every row of a CSV or XLSX file with the "
        "same columns as the import, one answer per row; a row that cannot be checked is "
        "named and the others go on."
    )
    # Staff run this before each visit and it only reads the register. The system checks
    # would import every page and the API (PDF rendering included) and take seconds before
    # the answer; `caution serve` and CI (`manage.py check --deploy`) run them instead.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="*", help="Any names, in any order")
        parser.add_argument("--dob", help="Date of birth, e.g. 27/03/1980 or 1980-03-27")
        parser.add_argument("--address", default="", help="Any part of an address")
        parser.add_argument("--postcode", default="", help="A postcode, in any format")
        parser.add_argument("--phone", default="", help="A phone number, in any format")
        parser.add_argument("--email", default="", help="An e-mail address")
        parser.add_argument("--social", default="", help="A social media handle")
        parser.add_argument(
            "--batch", type=Path, help="A .csv or .xlsx file of people to check, one per row"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON line per check (per row, in the file's order, with --batch)",
        )
        parser.add_argument(
            "--user", help="Check as this user, with their scope (default: operator)"
        )

    def handle(self, *args, **options):
        by = acting_user(options["user"])
        if options["batch"]:
            self._batch(options["batch"], by, options["json"])
            return
        result = self._run(self._query(options), by)
        if options["json"]:
            self.stdout.write(json.dumps(check_result_json(result), default=str))
        else:
            self._print(result)

    def _query(self, options) -> Query:
        try:
            birth = parse_date(options["dob"])
        except ValueError as error:
            raise CommandError(f"--dob: {error}") from None
        query = Query(
            name=" ".join(options["name"]),
            date_of_birth=birth,
            address=options["address"],
            postcode=options["postcode"],
            phone=options["phone"],
            email=options["email"],
            social=options["social"],
        )
        problems = query_problems(query)
        if problems:
            # Named by option (`--postcode: …`); nothing to search for has no option to name.
            raise CommandError(
                "; ".join(
                    msg if field == "__all__" else f"--{field}: {msg}"
                    for field, msg in problems.items()
                )
            )
        return query

    def _run(self, query, by):
        try:
            return check_run(query, by=by)
        except CheckRefused as refusal:
            raise CommandError(str(refusal)) from None

    def _batch(self, path: Path, by, as_json: bool) -> None:
        rows = batch_rows(path)
        failed = []
        for number, record in rows:
            reference = str(record.get("reference") or "").strip() or None
            query, problems = batch_query(record)
            if problems:
                failed.append(number)
                self._row_failed(number, reference, problems, as_json)
                continue
            # A refusal (a role that may not check) is the same for every row: it stops all.
            result = self._run(query, by)
            if as_json:
                line = batch_line(number, reference, result)
                self.stdout.write(json.dumps(line, default=str))
            else:
                self.stdout.write(f"Row {number} ({reference or 'no reference'}):")
                self._print(result)
        summary = batch_summary(len(rows), failed)
        if failed:
            raise CommandError(summary)
        self.stderr.write(summary)

    def _row_failed(
        self, number: int, reference: str | None, problems: dict[str, str], as_json: bool
    ) -> None:
        """Name the row and why on standard error, and give it its place in the output, so
        that the output still has one answer per row."""
        named = f"Row {number} ({reference})" if reference else f"Row {number}"
        reasons = "; ".join(problems.values())
        self.stderr.write(f"{named}: {reasons}")
        if as_json:
            errors = {field: [message] for field, message in problems.items()}
            line = {"row": number, "reference": reference, "errors": errors}
            self.stdout.write(json.dumps(line))
        else:
            self.stdout.write(f"{named}: not checked: {reasons}")

    def _print(self, result) -> None:
        if not result.found:
            searched = ", ".join(f"{label}: {value}" for label, value in result.query.described())
            self.stdout.write(f"  No caution found for {searched}.")
            return
        for match in result.addresses:
            self.stdout.write(
                f"  Address {match.address.one_line}: {len(match.cautions)} caution(s)"
            )
        for match in result.people:
            ref = f" [{match.person.reference}]" if match.person.reference else ""
            self.stdout.write(
                f"  {match.person.display_name}{ref}: {match.score.label} ({match.score.value}%)"
            )
            if match.identity_disputed:
                self.stdout.write(f"    ! {match.identity_warning}")
            for warning in match.score.warnings:
                self.stdout.write(f"    ! {warning}")
            for reason in match.score.reasons:
                self.stdout.write(f"    - {reason}")
            for caution in match.cautions:
                held = f" (held on the address {caution.held_on})" if caution.held_on else ""
                self.stdout.write(f"    Level {caution.level_code} {caution.level_label}{held}")
                if caution.precautions:
                    self.stdout.write(f"      Precautions: {caution.precautions}")
                if caution.restrictions:
                    self.stdout.write(f"      Restrictions: {caution.restrictions}")
        sys.stdout.flush()


def batch_rows(path: Path) -> list[tuple[int, dict]]:
    """Every row of the batch file, read before the first check so that an unreadable file
    stops the command before it writes anything."""
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    try:
        return list(read_rows(path))
    except ImportFileError as error:
        raise CommandError(str(error)) from None


def batch_query(record: dict) -> tuple[Query, dict[str, str]]:
    """A row's query, and what is wrong with it by field (empty when it can be checked)."""
    query = row_query(record)
    problems = query_problems(query)
    try:
        parse_date(record.get("date_of_birth"))
    except ValueError as error:
        # row_query leaves out a date it cannot read; checking without it would answer a
        # different question from the row's, so the row is refused, as `--dob` and the API do.
        problems["date_of_birth"] = str(error)
    return query, problems


def batch_summary(total: int, failed: list[int]) -> str:
    """The last line on standard error: how many rows were checked, which were not."""
    checked = f"Checked {total - len(failed)} of {total} {_rows(total)}"
    if not failed:
        return f"{checked}."
    numbers = ", ".join(str(number) for number in failed)
    return (
        f"{checked}; {len(failed)} {_rows(len(failed))} could not be checked "
        f"({_rows(len(failed))} {numbers})."
    )


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"


def batch_line(number: int, reference: str | None, result) -> dict:
    """One line of `caution check --batch --json` (shape documented in docs/user/check.md)."""
    data = check_result_json(result)
    return {
        "row": number,
        "reference": reference,
        "matches": [
            {
                key: person[key]
                for key in (
                    "person",
                    "reference",
                    "score",
                    "identity_disputed",
                    "reasons",
                    "cautions",
                )
            }
            for person in data["people"]
        ],
        "addresses": data["addresses"],
    }
