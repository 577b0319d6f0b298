"""The demo runs in a data folder of the test's own (its files are stored in the test's
own folder by the conftest.py at the top of the checkout).

The `demo` fixture seeds each profile's demo once per worker: the first test to ask for a
profile runs `caution demo`, and what it left (the database, the data folder's files and
what it printed) is kept; later tests asking for that profile on an empty database get
exactly that back, restored, in a fraction of the time. test_demo.py, which tests the
command itself, runs the real command every time."""

import dataclasses
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from caution.accounts.models import User
from caution.lib import clock
from caution.people.models import Person

HERE = Path(__file__).parent


@pytest.fixture(autouse=True)
def demo_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def demo(capsys, tmp_path_factory):
    """Load the demo, few people, for a profile; what `caution demo` printed."""

    def load(profile: str = "harborough") -> str:
        key = (profile, clock.today(), connection.vendor)
        seeded = _SEEDED.get(key)
        if seeded and _empty():
            seeded.restore()
            sys.stdout.write(seeded.out)
            return capsys.readouterr().out
        call_command("demo", no_serve=True, people=10, profile=profile)
        out = capsys.readouterr().out
        if seeded is None and connection.vendor in SNAPSHOTS:
            _SEEDED[key] = Seeded.take(profile, out, tmp_path_factory.mktemp("demo-seeded"))
        return out

    return load


def pytest_collection_modifyitems(items):
    """The tests that load the demo through the fixture run on one worker, so that it seeds
    each profile once."""
    for item in items:
        if item.path.is_relative_to(HERE) and "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("demo"))


def _empty() -> bool:
    """The database as a transactional test starts: migrated, nothing else."""
    return not (User.objects.exists() or Person.objects.exists())


@dataclasses.dataclass
class Seeded:
    """What `caution demo` left for a profile: the database, the files, the output."""

    profile: str
    out: str
    database: object
    files: dict[Path, Path]  # a copy of each folder, by the folder it was taken from

    @classmethod
    def take(cls, profile: str, out: str, into: Path) -> "Seeded":
        files = {}
        for number, folder in enumerate(_folders()):
            if folder.exists():
                files[folder] = shutil.copytree(folder, into / str(number))
        return cls(profile, out, SNAPSHOTS[connection.vendor].take(), files)

    def restore(self) -> None:
        # As the command does: the profile for the rest of the test (the settings fixture
        # puts the installation's back afterwards), then the data and the files.
        django_settings.CAUTION_PROFILE = self.profile
        SNAPSHOTS[connection.vendor].restore(self.database)
        ContentType.objects.clear_cache()
        for folder, copy in self.files.items():
            shutil.copytree(copy, folder, dirs_exist_ok=True)


def _folders() -> list[Path]:
    """The data folder and the stored files' folder, where the demo writes files."""
    data = Path(django_settings.DATA_DIR)
    stored = Path(django_settings.STORAGES["default"]["OPTIONS"]["location"])
    return [data] if stored.is_relative_to(data) else [data, stored]


class SqliteSnapshot:
    """The whole database, copied page by page with SQLite's backup into memory and back."""

    @staticmethod
    def take() -> sqlite3.Connection:
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy

    @staticmethod
    def restore(copy: sqlite3.Connection) -> None:
        connection.ensure_connection()
        copy.backup(connection.connection)


class PostgresSnapshot:
    """Every table's rows (COPY, binary) and every sequence's value."""

    @staticmethod
    def _tables() -> list[str]:
        return sorted(connection.introspection.django_table_names(only_existing=True))

    @classmethod
    def take(cls) -> tuple[dict[str, bytes], list[tuple[str, int | None]]]:
        from psycopg import sql

        rows = {}
        with connection.cursor() as cursor:
            for table in cls._tables():
                statement = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(
                    sql.Identifier(table)
                )
                with cursor.cursor.copy(statement) as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema()"
            )
            sequences = cursor.fetchall()
        return rows, sequences

    @classmethod
    def restore(cls, snapshot) -> None:
        from psycopg import sql

        rows, sequences = snapshot
        # One transaction: the foreign keys (deferred, as Django makes them) hold at its end.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.cursor.execute(
                sql.SQL("TRUNCATE {} CASCADE").format(
                    sql.SQL(", ").join(sql.Identifier(table) for table in cls._tables())
                )
            )
            for table, data in rows.items():
                statement = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(
                    sql.Identifier(table)
                )
                with cursor.cursor.copy(statement) as copy:
                    copy.write(data)
            for name, value in sequences:
                cursor.cursor.execute(
                    sql.SQL("SELECT setval({}::regclass, %s, %s)").format(
                        sql.Literal(sql.Identifier(name).as_string(cursor.cursor))
                    ),
                    [value or 1, value is not None],
                )


SNAPSHOTS = {"sqlite": SqliteSnapshot, "postgresql": PostgresSnapshot}
# What the demo left, by (profile, day, database): kept for the worker's whole run.
_SEEDED: dict[tuple, Seeded] = {}
