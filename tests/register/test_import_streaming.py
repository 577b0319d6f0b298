"""A large register imports in two streaming passes (issue 12): the check keeps a few
dozen bytes a row, not the row, and the writes are committed a chunk at a time, so a
check made meanwhile waits for one chunk, never for the whole file."""

import tracemalloc
from pathlib import Path

import pytest
from django.db import connection

from caution.people.models import Person
from caution.register.importing import writing
from caution.register.importing.writing import register_import

pytestmark = pytest.mark.django_db

GIVEN = ["Alice", "Bryony", "Callum", "Deepa", "Ewan", "Fatima", "Gareth", "Hannah"]
FAMILY = ["Archer", "Bell", "Cooper", "Dunn", "Ellis", "Foster", "Grant", "Hughes"]


def register(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / f"register-{rows}.csv"
    lines = ["Reference,Full name,Date of birth,Address line 1,Postcode,Level,Date added"]
    for n in range(rows):
        given, family = GIVEN[n % 8], FAMILY[n // 8 % 8]
        lines.append(
            f"R{n:06d},{given} {family}-{n // 64},12/03/1975,{n} High Street,LE16 7AG,1,15/06/2026"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def peak_checking(path: Path) -> int:
    tracemalloc.start()
    try:
        report = register_import(path, by=None, dry_run=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert report.ok


def test_checking_a_file_four_times_as_long_holds_under_a_kilobyte_more_a_row(tmp_path):
    small, large = register(tmp_path, 500), register(tmp_path, 2000)
    peak_checking(small)  # the first run loads what every run shares

    grown = peak_checking(large) - peak_checking(small)

    assert grown / 1500 < 1024  # the rows themselves were 4-5 KB each when held


def test_each_chunk_is_committed_on_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "WRITE_CHUNK", 2)
    committed = []
    write_chunk = writing._write_chunk

    def watched(rows, by, reviews):
        committed.append(connection.savepoint_ids[-1])  # the transaction the chunk is in
        return write_chunk(rows, by, reviews)

    monkeypatch.setattr(writing, "_write_chunk", watched)

    report = register_import(register(tmp_path, 5), by=None)

    assert report.people == 5 and Person.objects.count() == 5
    assert len(set(committed)) == 3  # three chunks, each in a transaction of its own
