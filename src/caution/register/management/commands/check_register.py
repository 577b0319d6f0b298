import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caution.accounts.cli import acting_user
from caution.people.matching import Query
from caution.register.api import check_result_json
from caution.register.check import CheckRefused, check_run, query_problems
from caution.register.importing import ImportFileError, parse_date, read_rows, row_query


class Command(BaseCommand):
    help = (
        "Check the register for a person or address (run as `caution check`). With --batch, "
        "check every row of a CSV or XLSX file with the same columns as the import."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="*", help="Any names, in any order")
        parser.add_argument("--dob", help="Date of birth, e.g. 27/03/1980 or 1980-03-27")
        parser.add_argument("--address", default="")
        parser.add_argument("--postcode", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--social", default="")
        parser.add_argument("--batch", type=Path, help="A .csv or .xlsx file of people to check")
        parser.add_argument("--json", action="store_true", help="One JSON line per check")
        parser.add_argument(
            "--user", help="Check as this user, with their scope (default: operator)"
        )

    def handle(self, *args, **options):
        by = acting_user(options["user"])
        if options["batch"]:
            self._batch(options["batch"], by, options["json"])
            return
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
            raise CommandError(
                "; ".join(f"{field.strip('_')}: {msg}" for field, msg in problems.items())
            )
        result = self._run(query, by)
        if options["json"]:
            self.stdout.write(json.dumps(check_result_json(result), default=str))
        else:
            self._print(result)

    def _run(self, query, by):
        try:
            return check_run(query, by=by)
        except CheckRefused as refusal:
            raise CommandError(str(refusal)) from None

    def _batch(self, path: Path, by, as_json: bool) -> None:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        failed = 0
        try:
            rows = list(read_rows(path))
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for number, record in rows:
            reference = str(record.get("reference") or "").strip() or None
            query = row_query(record)
            problems = query_problems(query)
            if problems:
                failed += 1
                reasons = "; ".join(problems.values())
                self.stderr.write(f"Row {number}: {reasons}")
                continue
            result = self._run(query, by)
            if as_json:
                self.stdout.write(json.dumps(batch_line(reference, result), default=str))
            else:
                self.stdout.write(f"Row {number} ({reference or 'no reference'}):")
                self._print(result)
        if failed:
            raise CommandError(f"{failed} row(s) could not be checked; see the messages above.")

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
                f"  {match.person.display_name}{ref}: {match.score.band}, {match.score.value}%"
            )
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


def batch_line(reference: str | None, result) -> dict:
    """One line of `caution check --batch --json` (shape documented in docs/user/check.md)."""
    data = check_result_json(result)
    return {
        "reference": reference,
        "matches": [
            {key: person[key] for key in ("person", "reference", "score", "reasons", "cautions")}
            for person in data["people"]
        ],
        "addresses": data["addresses"],
    }
