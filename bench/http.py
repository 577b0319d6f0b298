"""What a request costs over HTTP, under the real server: a static file, a trivial signed-in
page (the check page before a search) and a check, at 1 and 8 clients at once.

A fresh database with --people synthetic people (bench/synthetic.py, loaded through the
import's write path as bench/check.py loads them, then with the planner statistics an
import leaves), served by `caution serve` (waitress, 8 threads) in a subprocess on a free
loopback port. Each client is a browser of its own: it signs in, keeps its connection
open and its cookies, and POSTs each check with its CSRF token.

    uv run python bench/http.py --people 1000
    uv run python bench/http.py --people 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/caution_bench
    uv run python bench/http.py --env DATABASE_CONN_MAX_AGE=0   # a setting for the server

Statements per request are counted outside the timed runs, with Django's test client in
this process (BEGIN and COMMIT count as statements). The issue's target: a check's p95 at
100,000 people no more than twice a trivial signed-in page's.
"""

import argparse
import contextlib
import dataclasses
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# This file shares its name with the standard library's `http` package: its folder goes to
# the end of the path, so that `http.client` is the standard one and the benches' own
# modules are still found.
BENCH = Path(__file__).resolve().parent
sys.path.remove(next(p for p in sys.path if Path(p or ".").resolve() == BENCH))
sys.path.append(str(BENCH))

import http.client  # noqa: E402
import urllib.parse  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402

from benchdb import BenchDatabase, machine_load  # noqa: E402
from synthetic import Asked, Questions, Register  # noqa: E402

SEED = 20251123
USERNAME = "bench-http"
PASSWORD = "bench password that is long enough"  # noqa: S105
STATIC = "/static/caution/caution.css"
PAGE = "/check/"
WARM_UP = 10  # requests per client before each timed run
READY_SECONDS = 60
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def main() -> None:
    args = _arguments()
    database = BenchDatabase(args.database_url)
    database.configure()
    try:
        results, statements = prepare_and_run(database, args)
    finally:
        database.close()
    print(f"\nFinished; {machine_load()}.")
    print_table(database.vendor, args, results, statements)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=400, help="timed, per kind and clients")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in /tmp)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the server, e.g. DATABASE_CONN_MAX_AGE=0",
    )
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip the statistics an import gathers (as if it had not: the planner guesses)",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    return parser.parse_args()


def prepare_and_run(database: BenchDatabase, args: argparse.Namespace):
    from check import load

    print(f"== {database.vendor}, {args.people:,} people; {machine_load()}", file=sys.stderr)
    database.fresh()
    people = list(Register(args.seed).people(args.people))
    rate = load(people, seconds_allowed=3600)
    if not args.no_analyze:
        from caution.register.importing.writing import statistics_refresh

        statistics_refresh()
    print(f"   loaded at {rate:,.0f} rows/s", file=sys.stderr)
    questions = Questions(people, args.seed)
    asked = _interleaved(questions.with_address(250), questions.name_only(250))
    staff_create()
    statements = statements_per_request(asked)
    server_env = dict(item.split("=", 1) for item in args.env)
    results = []
    with served(database.workdir, server_env) as server:
        for clients in args.clients:
            browsers = [Browser(server.port) for _ in range(clients)]
            for browser in browsers:
                browser.sign_in()
            results += [measure(server, browsers, kind, args.requests, asked) for kind in KINDS]
    return results, statements


def _interleaved(first: list[Asked], second: list[Asked]) -> list[Asked]:
    """Checks by name and address and by name alone, in turn."""
    return [asked for pair in zip(first, second, strict=False) for asked in pair]


def staff_create() -> None:
    """The member of staff every client signs in as: a reporter, who may check."""
    from caution.accounts.actions import user_create
    from caution.accounts.roles import Role, roles_sync

    roles_sync()  # as bench/check.py: in case `migrate` did not signal the last app
    user_create(username=USERNAME, password=PASSWORD, roles=[Role.REPORTER], by=None)


# The requests -------------------------------------------------------------------------------


def check_fields(asked: Asked) -> dict[str, str]:
    """The check form as a browser posts it (the date of birth in three boxes)."""
    born = asked.born
    return {
        "name": asked.name,
        "date_of_birth_0": str(born.day) if born else "",
        "date_of_birth_1": str(born.month) if born else "",
        "date_of_birth_2": str(born.year) if born else "",
        "address": asked.address,
        "postcode": asked.postcode,
    }


# Each kind of request: (method, path, the form to post for the nth request or None).
KINDS: dict[str, Callable[[list[Asked], int], tuple[str, str, dict | None]]] = {
    "static file": lambda asked, n: ("GET", STATIC, None),
    "signed-in page": lambda asked, n: ("GET", PAGE, None),
    "check": lambda asked, n: ("POST", PAGE, check_fields(asked[n % len(asked)])),
}


def statements_per_request(asked: list[Asked]) -> dict[str, float]:
    """Statements each kind of request sends to the database: the mean of a few requests
    after sign-in, through Django's test client in this process, outside any timed run."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.post("/sign-in/", {"username": USERNAME, "password": PASSWORD})
    counts = {}
    for kind, request in KINDS.items():
        per = []
        for n in range(6):
            method, path, fields = request(asked, n)
            with CaptureQueriesContext(connection) as captured:
                response = client.post(path, fields) if method == "POST" else client.get(path)
            assert response.status_code == 200, (kind, response.status_code)
            per.append(len(captured.captured_queries))
        counts[kind] = statistics.fmean(per)
    connection.close()  # the server is the only one to use the database from here on
    return counts


class Browser:
    """One member of staff's browser: one kept-alive connection, and its cookies."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, content

    def sign_in(self) -> None:
        self.token = _token(self.request("GET", "/sign-in/")[1])
        status, _ = self.request("POST", "/sign-in/", {"username": USERNAME, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"signing in answered {status}, not a redirect")
        # Signing in rotates the CSRF token: the check page's form carries the new one.
        self.token = _token(self.request("GET", PAGE)[1])


def _token(page: bytes) -> str:
    found = TOKEN.search(page)
    if not found:
        raise SystemExit("no CSRF token on the page")
    return found.group(1).decode()


# The server -------------------------------------------------------------------------------


@dataclasses.dataclass
class Server:
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """The server process's CPU time so far (Linux): what its requests cost it, however
        busy the machine is. On PostgreSQL the database server's own work is not in it."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def served(workdir: Path, extra_env: dict[str, str]) -> Iterator[Server]:
    """`caution serve` on a free loopback port, with this process's settings (the same
    database and data folder) and `extra_env`; stopped at the end."""
    port = _free_port()
    log = (workdir / "server.log").open("wb")
    command = [sys.executable, "-c", "from caution.cli import main; main()", "serve"]
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
        [*command, "--port", str(port)],
        cwd=workdir,
        env={**os.environ, **extra_env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_ready(server, port, workdir / "server.log")
        print(f"   serving on port {port} {extra_env or ''}", file=sys.stderr)
        yield Server(port, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(server: subprocess.Popen, port: int, log: Path) -> None:
    """Poll the sign-in page until it answers (Django loads on the first request)."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/sign-in/")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.05)
    raise SystemExit(f"the server did not answer within {READY_SECONDS} s")


# Timing -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    kind: str
    clients: int
    ms: list[float]
    seconds: float
    cpu_seconds: float  # the server's

    @property
    def cpu_ms(self) -> float:
        """The server's CPU time per request."""
        return self.cpu_seconds * 1000 / len(self.ms)

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.ms, n=100)[p - 1]

    @property
    def per_second(self) -> float:
        return len(self.ms) / self.seconds


def measure(
    server: Server, browsers: list[Browser], kind: str, requests: int, asked: list[Asked]
) -> Result:
    """`requests` requests of one kind from every browser at once, each timed."""
    clients = len(browsers)
    share = requests // clients
    times: list[list[float]] = [[] for _ in browsers]
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        offset = number * share
        for n in range(WARM_UP):
            _send(browsers[number], kind, asked, offset + share + n)
        start.wait()
        for n in range(share):
            began = time.perf_counter()
            _send(browsers[number], kind, asked, offset + n)
            times[number].append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu = time.perf_counter(), server.cpu_seconds()
    for thread in threads:
        thread.join()
    seconds, cpu = time.perf_counter() - began, server.cpu_seconds() - cpu
    result = Result(kind, clients, [ms for own in times for ms in own], seconds, cpu)
    print(
        f"   {kind}, {clients} client(s): p95 {result.percentile(95):.1f} ms; {machine_load()}",
        file=sys.stderr,
    )
    return result


def _send(browser: Browser, kind: str, asked: list[Asked], n: int) -> None:
    method, path, fields = KINDS[kind](asked, n)
    status, _ = browser.request(method, path, fields)
    if status != 200:
        raise SystemExit(f"{kind}: {method} {path} answered {status}")


def print_table(vendor: str, args, results: list[Result], statements: dict[str, float]) -> None:
    header = (
        f"{'database':<11}{'people':>9}  {'clients':>7}  {'request':<15}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}{'CPU ms':>8}{'SQL':>6}"
    )
    print(f"server environment: {' '.join(args.env) or '(as shipped)'}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{vendor:<11}{args.people:>9,}  {r.clients:>7}  {r.kind:<15}"
            f"{r.percentile(50):>8.1f}{r.percentile(95):>8.1f}{r.percentile(99):>8.1f}"
            f"{r.per_second:>8.0f}{r.cpu_ms:>8.1f}{statements[r.kind]:>6.1f}"
        )
    print("CPU ms: the server process's CPU time per request. SQL: statements per request.")
    for clients in args.clients:
        p95 = {r.kind: r.percentile(95) for r in results if r.clients == clients}
        print(
            f"{clients} client(s): check p95 / signed-in page p95 = "
            f"{p95['check'] / p95['signed-in page']:.2f}; signed-in page p95 / static file "
            f"p95 = {p95['signed-in page'] / p95['static file']:.1f}"
        )


if __name__ == "__main__":
    main()
