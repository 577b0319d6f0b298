"""How fast `caution import FILE.csv` loads a register spreadsheet.

Writes a synthetic register of --rows rows (every import column, from bench/synthetic.py)
to a CSV file in a temporary folder, then times the import command on a fresh database:
SQLite in the same folder, or PostgreSQL with --database-url. --repeat runs it again on a
fresh database each time (the machine may be busy: the best run is the least disturbed).

    uv run python bench/import.py --rows 20000 --repeat 3
    uv run python bench/import.py --database-url postgres://postgres@127.0.0.1:5432/caution_bench

The time is the command's own (validation of every row, then the writes, in one
transaction); starting Python and Django (about a second) is left out.
"""

import argparse
import csv
import sys
import time
from pathlib import Path

# bench/ last on the path, after the standard library: bench/http.py must not hide `http`.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH] + [str(BENCH)]

from benchdb import BenchDatabase, machine_load  # noqa: E402
from synthetic import Register  # noqa: E402

SEED = 20251123


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in /tmp)")
    args = parser.parse_args()
    database = BenchDatabase(args.database_url)
    database.configure()
    try:
        path = write_csv(database.workdir / "register.csv", args.rows)
        rates = [import_once(database, path, args.rows) for _ in range(args.repeat)]
    finally:
        database.close()
    print(
        f"{database.vendor}: {args.rows:,} rows; rows/s per run: "
        + ", ".join(f"{rate:,.0f}" for rate in rates)
        + f"; best {max(rates):,.0f}"
    )


def write_csv(path: Path, rows: int) -> Path:
    from caution.register.importing.reading import HEADERS

    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        # Each column under the first heading the import recognises for it.
        writer.writerow(headings[0] for headings in HEADERS.values())
        for person in Register(SEED).people(rows):
            record = person.record()
            writer.writerow(record.get(field, "") for field in HEADERS)
    print(f"   wrote {rows:,} rows to {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return path


def import_once(database: BenchDatabase, path: Path, rows: int) -> float:
    from django.core.management import call_command

    from caution.people.models import Person

    database.fresh()
    print(f"   starting; {machine_load()}", file=sys.stderr)
    started, cpu = time.perf_counter(), time.process_time()
    call_command("import_register", path, stdout=sys.stderr)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert Person.objects.count() == rows, "every row should have been imported"
    # The process's own CPU time says how fast it would be on an idle machine (SQLite runs
    # in the process; PostgreSQL's work is in the server and not counted).
    print(
        f"   imported in {seconds:.1f} s: {rows / seconds:,.0f} rows/s "
        f"({cpu:.1f} s of CPU in this process: {rows / cpu:,.0f} rows/s); {machine_load()}",
        file=sys.stderr,
    )
    return rows / seconds


if __name__ == "__main__":
    main()
