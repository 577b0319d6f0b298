"""The database's part of a backup: a consistent copy with its row counts, and loading one
back. PostgreSQL through its own client tools (`pg_dump --format=custom`, `pg_restore`),
SQLite through its online backup API; both while the service runs."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

# The database's file in the archive, by the database in use.
FILE_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, without personal data."""


def vendor() -> str:
    if connection.vendor not in FILE_NAMES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    return connection.vendor


def database_dump(path: Path) -> dict[str, int]:
    """Copy the whole database into `path`, consistently; the copy's rows per table."""
    if vendor() == "postgresql":
        return _postgresql_dump(path)
    return _sqlite_dump(path)


def database_load(path: Path, *, tables: list[str]) -> None:
    """Replace the database with the copy in `path` (its `tables`, from the manifest)."""
    if vendor() == "postgresql":
        _postgresql_load(path, tables)
    else:
        _sqlite_load(path)


def row_counts() -> dict[str, int]:
    """Rows per table of the database in use."""
    with connection.cursor() as cursor:
        return _counts(cursor, connection.introspection.table_names(cursor))


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    # SQLite's own tables (sqlite_sequence, sqlite_stat1) come and go with its housekeeping.
    for table in sorted(t for t in tables if not t.startswith("sqlite_")):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_dump(path: Path) -> dict[str, int]:
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
        listed = copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [row[0] for row in listed]
        return _counts(copy.cursor(), tables)


def _sqlite_load(path: Path) -> None:
    # Page by page into the open database: other connections (the web, the worker) see
    # the restored database at their next transaction.
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)


def _postgresql_dump(path: Path) -> dict[str, int]:
    # pg_dump reads the snapshot this transaction exports, so the counts in the manifest
    # are of exactly the rows in the dump, however busy the service is meanwhile.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(cursor, connection.introspection.table_names(cursor))
        _run("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
    return counts


def _postgresql_load(path: Path, tables: list[str]) -> None:
    # A table the backup does not have (made by a later release's migration) would stop
    # pg_restore from dropping the tables it refers to, and `migrate` from making it again.
    with connection.cursor() as cursor:
        for table in set(connection.introspection.table_names(cursor)) - set(tables):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        str(path),
    )
    connection.close()  # Django's next query opens a connection to the restored tables


def pg_tool(name: str) -> str | None:
    """The path of pg_dump or pg_restore: in CAUTION_PG_BIN, on the PATH, or Debian's
    newest; None when none is installed."""
    if settings.CAUTION_PG_BIN:
        return shutil.which(name, path=settings.CAUTION_PG_BIN)
    found = shutil.which(name)
    if found:
        return found
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return str(debian[-1]) if debian else None


def _run(tool: str, *args: str) -> None:
    path = pg_tool(tool)
    if path is None:
        raise BackupError(
            f"{tool} was not found: install PostgreSQL's client tools, or set CAUTION_PG_BIN "
            "to the folder that holds them."
        )
    done = subprocess.run(  # noqa: S603 (the tool's own path, our arguments)
        [path, *args], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        # Only the tool's own lines: the lines after them may quote a row of data.
        said = [line for line in done.stderr.splitlines() if line.startswith(f"{tool}:")]
        raise BackupError(f"{tool} failed: {' '.join(said[:3]) or 'no reason given'}")


def _pg_environment() -> dict[str, str]:
    """The connection's settings as libpq's variables: the password never on a command line."""
    database = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    sslmode = database.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env
