"""A register saved by whatever spreadsheet the council has is read as it was written:
UTF-8 with or without a byte order mark, Excel on Windows' cp1252, semicolons or tabs."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caution.people.models import PersonName
from caution.register.importing.reading import csv_format

pytestmark = pytest.mark.django_db

ROWS = [["Reference", "Given name", "Family name", "Level"], ["HDC-9", "Renée", "Dubois", "1"]]


def saved(tmp_path, *, encoding: str, delimiter: str = ",", bom: bytes = b""):
    path = tmp_path / "register.csv"
    text = "".join(delimiter.join(row) + "\r\n" for row in ROWS)
    path.write_bytes(bom + text.encode(encoding))
    return path


def imported_given_names() -> str:
    return PersonName.objects.get(person__reference="HDC-9").given_names


def test_a_csv_saved_by_excel_on_windows_keeps_its_accents(tmp_path, capsys):
    call_command("import_register", saved(tmp_path, encoding="cp1252"))
    assert imported_given_names() == "Renée"
    assert "read as Windows-1252 (Excel on Windows)" in capsys.readouterr().out


def test_a_utf8_csv_with_a_byte_order_mark_is_read(tmp_path):
    call_command("import_register", saved(tmp_path, encoding="utf-8", bom=b"\xef\xbb\xbf"))
    assert imported_given_names() == "Renée"


def test_a_utf8_csv_without_a_byte_order_mark_is_read(tmp_path):
    path = saved(tmp_path, encoding="utf-8")
    assert csv_format(path).encoding == "utf-8"
    call_command("import_register", path)
    assert imported_given_names() == "Renée"


def test_a_semicolon_separated_file_is_read_without_a_map(tmp_path, capsys):
    call_command("import_register", saved(tmp_path, encoding="cp1252", delimiter=";"))
    assert imported_given_names() == "Renée"
    assert "columns separated by semicolons" in capsys.readouterr().out


def test_a_tab_separated_file_is_read(tmp_path):
    call_command("import_register", saved(tmp_path, encoding="utf-8", delimiter="\t"))
    assert imported_given_names() == "Renée"


def test_commas_inside_a_quoted_heading_do_not_make_it_comma_separated(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text('"Name, full";Level\n"Smith, Ann";1\n')
    assert csv_format(path).delimiter == ";"


def test_a_bad_row_in_a_semicolon_file_names_the_row_and_reason(tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_text("Reference;Full name;Level\nA1;Ann Lee;1\nA2;Bo Ray;7\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_register", path)
    assert "Row 3, column 'Level': '7' is not a level" in capsys.readouterr().err
