"""The dashboard and its queue pages on a register whose every review is overdue.

A fresh database with N synthetic people, each with an active caution (loaded through the
import, as bench/check.py loads them), then every caution's review put in the past: an
imported register on its first day. Prints, for the dashboard and for the first, a middle
and the last page of the "Reviews due" queue, the statements, the bytes of the page and
the time to build it (a register officer, signed in, Django's test client in-process).

    uv run python bench/dashboard.py --people 100000
    uv run python bench/dashboard.py --people 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/caution_bench
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

# bench/ last on the path, after the standard library: bench/http.py must not hide `http`.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH] + [str(BENCH)]

from benchdb import BenchDatabase, machine_load  # noqa: E402
from check import SEED, load  # noqa: E402
from synthetic import Register  # noqa: E402

TIMES = 5  # requests of each page; the median is printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in /tmp)")
    args = parser.parse_args()
    database = BenchDatabase(args.database_url)
    database.configure()
    try:
        run(database, args.people)
    finally:
        database.close()


def run(database: BenchDatabase, count: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from caution.accounts.actions import user_create
    from caution.accounts.roles import Role, roles_sync
    from caution.lib import clock
    from caution.register.models import Caution

    print(f"== {database.vendor}, {count:,} people; {machine_load()}", file=sys.stderr)
    database.fresh()
    load(list(Register(SEED).people(count)), seconds_allowed=3 * 3600)
    overdue = Caution.objects.active().update(next_review=clock.today() - dt.timedelta(days=30))
    database.settle()
    setup_test_environment()
    roles_sync()
    officer = user_create(
        username="bench-officer",
        password="bench password that is long enough",  # noqa: S106
        roles=[Role.REGISTER_OFFICER],
        by=None,
    )
    client = Client()
    client.force_login(officer)
    # Signed in in full: a register officer has given a code from an authenticator app.
    device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    last = -(-overdue // 25)
    pages = {
        "dashboard": "/dashboard/",
        "reviews due, page 1": "/dashboard/reviews/",
        f"reviews due, page {last // 2:,}": f"/dashboard/reviews/?page={last // 2}",
        f"reviews due, page {last:,}": f"/dashboard/reviews/?page={last}",
        "reviews page": "/reviews/",
    }
    print(f"\n{overdue:,} cautions, every review overdue; {machine_load()}")
    print(f"| page | statements | KB | median ms (of {TIMES}) |")
    print("|---|---:|---:|---:|")
    for label, url in pages.items():
        client.get(url)  # the session renewed, the caches warm
        statements = []
        # Counted as they run: Django empties its own list of queries as a request starts.
        with connection.execute_wrapper(counted(statements)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(TIMES):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        size = len(response.content) / 1024
        queries = len(statements)
        print(f"| {label} | {queries} | {size:.0f} | {statistics.median(times):.0f} |")


def counted(statements: list):
    """A database wrapper that keeps each statement run."""

    def wrapper(run, sql, *rest):
        statements.append(sql)
        return run(sql, *rest)

    return wrapper


if __name__ == "__main__":
    main()
