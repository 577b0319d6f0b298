"""Django for the benches: configured here, on a database made for the run.

SQLite lives in a temporary folder that is deleted afterwards; a PostgreSQL database named
in --database-url is dropped and created for each run and dropped at the end. Nothing is
written into the repository.
"""

import os
import tempfile
from pathlib import Path

import django

SQLITE_NAME = "bench.sqlite3"


def machine_load() -> str:
    """The load average and, where Linux reports it, the share of the last 10 s that work
    waited for a core: the machine may be shared, and the figures vary with it."""
    one, five, _ = os.getloadavg()
    text = f"load {one:.2f} (1 min), {five:.2f} (5 min)"
    try:
        pressure = Path("/proc/pressure/cpu").read_text().split("\n")[0]
    except OSError:
        return text
    waited = dict(part.split("=") for part in pressure.split()[1:])["avg10"]
    return f"{text}; CPU pressure {waited} %"


class BenchDatabase:
    """The database a bench runs on. Call `configure` once, then `fresh` before each load."""

    def __init__(self, database_url: str | None) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="caution-bench-"))
        self.url = database_url or f"sqlite:///{self.workdir / SQLITE_NAME}"

    @property
    def vendor(self) -> str:
        return "postgresql" if self.url.startswith(("postgres:", "postgresql:")) else "sqlite"

    def configure(self) -> None:
        os.environ["DJANGO_SETTINGS_MODULE"] = "caution.settings"
        os.environ["CAUTION_DATA_DIR"] = str(self.workdir)
        os.environ["DATABASE_URL"] = self.url
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        django.setup()

    def fresh(self) -> None:
        """An empty, migrated database."""
        from django.core.management import call_command
        from django.db import connection

        connection.close()
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{connection.settings_dict['NAME']}{suffix}").unlink(missing_ok=True)
        else:
            self._postgres(drop=True, create=True)
        call_command("migrate", verbosity=0)

    def settle(self) -> None:
        """What PostgreSQL's autovacuum does soon after a big import: planner statistics and
        the visibility map (which lets index-only scans skip the table). SQLite is left as
        an installation would leave it."""
        from django.db import connection

        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    def size_mb(self) -> float:
        from django.db import connection

        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA page_count")
                pages = cursor.fetchone()[0]
                cursor.execute("PRAGMA page_size")
                return pages * cursor.fetchone()[0] / 1e6
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0] / 1e6

    def close(self) -> None:
        """Drop what the run made."""
        from django.db import connections

        connections.close_all()
        if self.vendor == "postgresql":
            self._postgres(drop=True, create=False)
        for path in sorted(self.workdir.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        self.workdir.rmdir()

    def _postgres(self, *, drop: bool, create: bool) -> None:
        import psycopg
        from django.db import connection
        from psycopg import sql

        settings = connection.settings_dict
        name = sql.Identifier(settings["NAME"])
        with psycopg.connect(
            dbname="postgres",
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        ) as admin:
            if drop:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            if create:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
