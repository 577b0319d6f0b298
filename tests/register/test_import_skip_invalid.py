"""A council's first import: the valid rows imported when the officer asks, the refused ones
written back with their reasons, and reviews already due spread over the first weeks."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caution.lib import clock
from caution.people.models import Person
from caution.policy.calendar import add_working_days
from caution.register.models import Caution

pytestmark = pytest.mark.django_db

HEADER = "Reference,Given name,Family name,Date of birth,Level,Date added,Last reviewed\n"
ROWS = (
    "A1,Ann,Good,01/02/1980,1,01/01/2020,\n"
    "A2,Bob,Bad,31/02/1980,9,01/01/2020,\n"
    "A3,Cat,Fine,,2,01/01/2020,\n"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(text)
    return path


def test_the_valid_rows_are_imported_and_the_command_says_how_many_were_refused(tmp_path):
    with pytest.raises(CommandError, match="1 row\\(s\\) refused and not imported"):
        call_command("import_register", write(tmp_path, HEADER + ROWS), "--skip-invalid")
    assert sorted(Person.objects.values_list("reference", flat=True)) == ["A1", "A3"]


def test_the_refused_rows_are_written_beside_the_file_with_their_reasons(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_register", write(tmp_path, HEADER + ROWS), "--skip-invalid")
    with (tmp_path / "register.refused.csv").open() as file:
        [row] = list(csv.DictReader(file))
    assert (row["Row"], row["Reference"], row["Date of birth"]) == ("3", "A2", "31/02/1980")
    assert "Date of birth: '31/02/1980' is not a date" in row["Problems"]
    assert "Level: '9' is not a level" in row["Problems"]


def test_the_refused_file_once_corrected_imports_as_it_is(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_register", write(tmp_path, HEADER + ROWS), "--skip-invalid")
    refused = tmp_path / "register.refused.csv"
    refused.write_text(
        refused.read_text().replace("31/02/1980", "28/02/1980").replace(",9,", ",1,")
    )
    call_command("import_register", refused)
    assert Person.objects.get(reference="A2").date_of_birth == dt.date(1980, 2, 28)


def test_without_the_option_a_file_with_a_bad_row_imports_nothing(tmp_path):
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_register", write(tmp_path, HEADER + ROWS))
    assert not Person.objects.exists()
    assert not (tmp_path / "register.refused.csv").exists()


def test_reviews_already_due_are_spread_over_four_weeks_the_longest_overdue_first(tmp_path):
    rows = "".join(f"R{n},Pat,Number{n},,1,01/0{n}/2025,\n" for n in range(1, 9))
    call_command("import_register", write(tmp_path, HEADER + rows))
    reviews = [Caution.objects.get(person__reference=f"R{n}").next_review for n in range(1, 9)]
    today = clock.today()
    assert reviews == sorted(reviews)  # added in January, reviewed first
    assert reviews[0] == add_working_days(today, 1)
    assert reviews[-1] <= add_working_days(today, 20)
    assert len(set(reviews)) == 8
    assert all(day.weekday() < 5 for day in reviews)


def test_the_officer_may_keep_every_review_due_today(tmp_path):
    rows = "R1,Pat,One,,1,01/01/2025,\nR2,Pat,Two,,1,01/02/2025,\n"
    call_command("import_register", write(tmp_path, HEADER + rows), "--overdue-reviews-over", "0")
    assert {c.next_review for c in Caution.objects.all()} == {
        dt.date(2025, 7, 1),
        dt.date(2025, 8, 1),
    }


def test_a_negative_number_of_weeks_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--overdue-reviews-over"):
        call_command("import_register", write(tmp_path, HEADER + ROWS), "--overdue-reviews-over=-1")
    assert not Person.objects.exists()
