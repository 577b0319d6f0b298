"""The real `caution import` command, as an operator runs it."""

import os
import subprocess
import sys

import pytest


@pytest.fixture
def caution(tmp_path, migrated_sqlite):
    """The real command on a new installation: its own SQLite database, migrated."""
    env = {**os.environ, "CAUTION_DATA_DIR": str(migrated_sqlite.copy_to(tmp_path / "data"))}
    env.pop("DATABASE_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "caution", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    return run


def test_a_bad_row_makes_the_command_exit_non_zero_naming_row_column_and_reason(caution, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("Reference,Full name,Level,Postcode\nA1,Ann Lee,1,LE16 7AG\nA2,Bo Ray,7,\n")
    result = caution("import", str(register))
    assert result.returncode == 1
    assert "Row 3, column 'Level': '7' is not a level" in result.stderr
    assert "nothing was imported" in result.stderr
    check = caution("check", "Ann", "Lee")
    assert "No caution found" in check.stdout


def test_a_good_file_is_imported_and_then_found_by_the_check(caution, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("Reference,Full name,Level\nA1,Ann Lee,1\n")
    result = caution("import", str(register))
    assert result.returncode == 0, result.stderr
    assert "Imported 1 person with their cautions" in result.stdout
    assert "Ann Lee [A1]" in caution("check", "Anne", "Lee").stdout


def test_a_windows_excel_file_is_imported_and_exported_by_the_real_commands(caution, tmp_path):
    register = tmp_path / "register.csv"
    register.write_bytes("Reference;Full name;Level\r\nA1;Renée Lee;1\r\n".encode("cp1252"))
    result = caution("import", str(register))
    assert result.returncode == 0, result.stderr
    assert "read as Windows-1252 (Excel on Windows), columns separated by semicolons" in (
        result.stdout
    )
    exported = tmp_path / "out.csv"
    result = caution("export", str(exported))
    assert result.returncode == 0, result.stderr
    assert "Exported 1 row to" in result.stdout
    assert "A1,Renée,Lee," in exported.read_text(encoding="utf-8-sig")
