"""`caution demo` for the tests, seeding each kind of demo once per worker.

The first time a test runs the demo with given options on a database as a test starts
(nothing but what migrating leaves), the real command runs, and what it left is kept: the
database, the files in the data folder and what it printed. A later test that runs the
demo with the same options from the same starting point gets exactly that back, restored
in a fraction of the time the command takes. A demo run on anything else (a second run,
another profile over the first, a database with real people) is always the real command.
"""

import dataclasses
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from caution.demo import PEOPLE
from caution.lib import clock


def run_demo(capsys, **options) -> str:
    """`caution demo --no-serve` with these options; what it printed."""
    key = _starting_point(options)
    seeded = _SEEDED.get(key) if key else None
    if seeded:
        seeded.restore()
        sys.stdout.write(seeded.out)
        return capsys.readouterr().out
    call_command("demo", no_serve=True, **options)
    out = capsys.readouterr().out
    if key and connection.vendor in SNAPSHOTS:
        _SEEDED[key] = Seeded.take(out)
    return out


def _starting_point(options: dict) -> tuple | None:
    """What the demo's result depends on, when it starts afresh; None when it does not."""
    if (Path(settings.DATA_DIR) / "demo-profile").exists():
        return None  # it would go on from a demo already loaded
    profile = options.get("profile") or settings.CAUTION_PROFILE
    people = options.get("people", PEOPLE)
    with connection.cursor() as cursor:
        rows = tuple(
            (table, _count(cursor, table))
            for table in sorted(connection.introspection.django_table_names(only_existing=True))
        )
    return (profile, people, clock.today(), connection.vendor, rows)


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
    return cursor.fetchone()[0]


@dataclasses.dataclass
class Seeded:
    """What `caution demo` left: the profile it set, the database, the files it wrote (by
    folder, then path in it) and what it printed."""

    profile: str
    database: object
    files: dict[str, dict[Path, bytes]]
    out: str

    @classmethod
    def take(cls, out: str) -> "Seeded":
        files = {
            name: {path.relative_to(folder): path.read_bytes() for path in _files(folder)}
            for name, folder in _folders().items()
        }
        return cls(settings.CAUTION_PROFILE, SNAPSHOTS[connection.vendor].take(), files, out)

    def restore(self) -> None:
        # As the command does: the profile for the rest of the test (the settings fixture
        # puts the installation's back afterwards), the data, then the files.
        settings.CAUTION_PROFILE = self.profile
        SNAPSHOTS[connection.vendor].restore(self.database)
        ContentType.objects.clear_cache()
        for name, folder in _folders().items():
            for path, content in self.files[name].items():
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(content)


def _folders() -> dict[str, Path]:
    """Where the demo writes files: the data folder, and the stored files' folder."""
    data = Path(settings.DATA_DIR)
    stored = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return {"data": data} if stored.is_relative_to(data) else {"data": data, "stored": stored}


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


class SqliteSnapshot:
    """The whole database, copied page by page with SQLite's backup into memory and back."""

    @staticmethod
    def take():
        import sqlite3

        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy

    @staticmethod
    def restore(copy) -> None:
        connection.ensure_connection()
        copy.backup(connection.connection)


class PostgresSnapshot:
    """Every table's rows (COPY, binary) and every sequence's value."""

    @staticmethod
    def _tables() -> list[str]:
        return sorted(connection.introspection.django_table_names(only_existing=True))

    @classmethod
    def take(cls):
        from psycopg import sql

        rows = {}
        with connection.cursor() as cursor:
            for table in cls._tables():
                copying = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(sql.Identifier(table))
                with cursor.cursor.copy(copying) as copy:
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
        # DELETE, not TRUNCATE: the tables hold only what migrating left, and PostgreSQL
        # truncates even an empty table slowly. The audit table refuses DELETE unless the
        # retention purge's setting is on (audit/0002).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('caution.audit_purge', 'on', true)")
            for table in rows:
                cursor.cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
            for table, data in rows.items():
                copying = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(
                    sql.Identifier(table)
                )
                with cursor.cursor.copy(copying) as copy:
                    copy.write(data)
            for name, value in sequences:
                sequence = sql.Literal(sql.Identifier(name).as_string(cursor.cursor))
                cursor.cursor.execute(
                    sql.SQL("SELECT setval({}::regclass, %s, %s)").format(sequence),
                    [value or 1, value is not None],
                )


SNAPSHOTS = {"sqlite": SqliteSnapshot, "postgresql": PostgresSnapshot}
# What the demo left, by what it started from: kept for the worker's whole run.
_SEEDED: dict[tuple, Seeded] = {}
