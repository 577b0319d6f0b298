"""Backups and restores, on the database the suite runs on: SQLite through its backup API,
PostgreSQL (CI's second pass) through pg_dump and pg_restore. Each test commits for real:
pg_dump reads only what is committed."""

import hashlib
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from caution.backups.archive import Manifest
from caution.backups.databases import pg_tool


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """The demo's data folder, the test's own, holding the private files as the demo's
    tests have it (a demo seeded by them is restored here: tests/demo/seeding.py)."""
    settings.DATA_DIR = tmp_path
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture(autouse=True)
def client_tools(db):
    """On PostgreSQL the commands need pg_dump and pg_restore; skipped only without them."""
    if connection.vendor == "postgresql" and not (pg_tool("pg_dump") and pg_tool("pg_restore")):
        pytest.skip("PostgreSQL's client tools (pg_dump, pg_restore) are not installed")


def stored_files() -> dict[str, str]:
    """Every file in private storage, with its SHA-256."""
    root = Path(default_storage.location)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def manifest_of(archive: Path) -> Manifest:
    with tarfile.open(archive, "r:gz") as tar:
        return Manifest.from_json(tar.extractfile("manifest.json").read())
