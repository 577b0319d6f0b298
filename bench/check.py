"""How well and how fast the check finds people on a large register.

For each --people N: a fresh database, N synthetic people loaded through the import's own
write path (validate_rows, rows_write: same match keys, same bulk inserts), each with an
active caution; then --queries mistyped questions of two kinds, "name + address" and "name
only", each run through `check_run` as a reporter (access check, candidates, scoring and
the audit write), timed one by one.

    uv run python bench/check.py --people 1000 100000 --queries 500
    uv run python bench/check.py --people 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/caution_bench

Recall@k: the person meant is among the first k people the check shows. Some questions
cannot be answered by any check: "Smith", no date of birth, asks about every Smith. The
ceiling columns say how well a perfect check could do, counting the people the question
fits exactly as well as the one meant (same name, and the same date of birth, postcode and
first line when those were asked), if it put those tied people in random order.
"""

import argparse
import dataclasses
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import BenchDatabase, machine_load
from synthetic import Asked, Person, Questions, Register

SEED = 20251123
LOAD_CHUNK = 20_000
WARM_UP = 20


def main() -> None:
    args = _arguments()
    database = BenchDatabase(args.database_url)
    database.configure()
    rows = []
    try:
        for count in args.people:
            rows += run_one(database, count, args)
    finally:
        database.close()
    print()
    print(
        f"Finished; {machine_load()}. cpu50, cpu95: this process's CPU ms per check (the "
        "database's too on SQLite; not PostgreSQL's). SQL: statements per check."
    )
    print_table(rows)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", action="extend", metavar="N")
    parser.add_argument("--queries", type=int, default=500, help="per query set")
    parser.add_argument("--database-url", help="postgres://... (default: SQLite in /tmp)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--misses", type=Path, help="write every missed query to this file")
    parser.add_argument(
        "--surname-tail",
        action="store_true",
        help="draw 60 %% of British surnames from a tail of rarer names (bench/synthetic.py)",
    )
    parser.add_argument(
        "--max-load-minutes",
        type=float,
        default=30,
        help="give up on a register size whose load would take longer than this",
    )
    args = parser.parse_args()
    args.people = args.people or [1000]
    return args


@dataclasses.dataclass
class Outcome:
    asked: Asked
    rank: int | None  # 0 is first; None when not shown
    ms: float
    cpu_ms: float  # this process's CPU time: what the check costs here on an idle machine
    tied: int  # people the question fits exactly as well as the one meant


@dataclasses.dataclass
class Row:
    database: str
    people: int
    load_rate: float
    query_set: str
    outcomes: list[Outcome]
    queries: float  # statements per check, the mean over the warm-up questions

    def recall(self, k: int) -> float:
        return _share(o.rank is not None and o.rank < k for o in self.outcomes)

    def ceiling(self, k: int) -> float:
        return statistics.fmean(min(1.0, k / o.tied) for o in self.outcomes)

    def percentile(self, p: int, *, cpu: bool = False) -> float:
        times = [o.cpu_ms if cpu else o.ms for o in self.outcomes]
        return statistics.quantiles(times, n=100)[p - 1]


def _share(flags: Iterable[bool]) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


def run_one(database: BenchDatabase, count: int, args: argparse.Namespace) -> list[Row]:
    names = "with a tail of rarer surnames" if args.surname_tail else "Faker's common surnames"
    print(f"\n== {database.vendor}, {count:,} people, {names}; {machine_load()}", file=sys.stderr)
    database.fresh()
    people = list(Register(args.seed, surname_tail=args.surname_tail).people(count))
    try:
        rate = load(people, args.max_load_minutes * 60)
    except LoadTooSlow as slow:
        print(f"   {slow}: skipped", file=sys.stderr)
        return []
    database.settle()
    size = database.size_mb()
    print(f"   loaded at {rate:,.0f} rows/s; database {size:,.0f} MB", file=sys.stderr)
    questions = Questions(people, args.seed)
    ties = TieCounter(people)
    rows = []
    for name, asked in (
        ("name + address", questions.with_address(args.queries)),
        ("name only", questions.name_only(args.queries)),
    ):
        outcomes, queries = ask(asked, ties, name)
        rows.append(Row(database.vendor, count, rate, name, outcomes, queries))
        if args.misses:
            write_misses(args.misses, rows[-1])
    return rows


class LoadTooSlow(Exception):
    """Loading this many people would take longer than the run allows."""


def load(people: Sequence[Person], seconds_allowed: float) -> float:
    """Load through the import's validation and write path; returns rows per second."""
    from django.db import transaction

    from caution.accounts.operator import CommandLineOperator
    from caution.register.importing import rows_write, validate_rows

    operator = CommandLineOperator("bench")
    started = time.perf_counter()
    for start in range(0, len(people), LOAD_CHUNK):
        chunk = people[start : start + LOAD_CHUNK]
        rows, problems = validate_rows((i + 2, p.record()) for i, p in enumerate(chunk))
        if problems:
            raise SystemExit(f"synthetic data failed validation: {problems[:3]}")
        with transaction.atomic():
            rows_write(rows, operator)
        done, elapsed = start + len(chunk), time.perf_counter() - started
        rate = done / elapsed
        print(f"   {done:>9,} / {len(people):,} loaded, {rate:,.0f} rows/s", file=sys.stderr)
        expected = elapsed * len(people) / done
        if expected > seconds_allowed:
            raise LoadTooSlow(f"loading all would take about {expected / 60:.0f} minutes")
    return len(people) / (time.perf_counter() - started)


def reporter():
    """The member of staff the bench checks as: a reporter, who sees every active caution."""
    from caution.accounts.actions import user_create
    from caution.accounts.models import User
    from caution.accounts.roles import Role, roles_sync

    # The groups are made after `migrate`; made here too, as an app without models (added
    # later) would keep `migrate` from signalling the last app.
    roles_sync()
    return User.objects.filter(username="bench-reporter").first() or user_create(
        username="bench-reporter",
        password="bench password that is long enough",  # noqa: S106
        roles=[Role.REPORTER],
        by=None,
    )


def ask(questions: list[Asked], ties: "TieCounter", label: str) -> tuple[list[Outcome], float]:
    """The outcome of each question, and the mean number of statements per check (counted
    on the warm-up questions, so that counting them costs the timed ones nothing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from caution.accounts.models import User
    from caution.people.matching import Query
    from caution.register.check import check_run

    staff = reporter()
    outcomes, statements = [], []
    for number, asked in enumerate([*questions[:WARM_UP], *questions]):
        query = Query(
            name=asked.name,
            date_of_birth=asked.born,
            address=asked.address,
            postcode=asked.postcode,
        )
        # A fresh user per check, as each web request loads one: permissions are looked up
        # inside the timed call, as they would be.
        by = User.objects.get(pk=staff.pk)
        if number < WARM_UP:
            with CaptureQueriesContext(connection) as captured:
                check_run(query, by=by)
            statements.append(len(captured.captured_queries))
            continue
        started, cpu = time.perf_counter(), time.process_time()
        result = check_run(query, by=by)
        ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        shown = [match.person.reference for match in result.people]
        rank = shown.index(asked.reference) if asked.reference in shown else None
        outcomes.append(Outcome(asked, rank, ms, cpu_ms, ties.count(asked)))
    print(f"   {label}: {len(outcomes)} questions asked; {machine_load()}", file=sys.stderr)
    return outcomes, statistics.fmean(statements)


class TieCounter:
    """How many people a question fits exactly as well as the one meant (the bench's own
    bookkeeping, outside the application: it reads the generated people, not the database)."""

    def __init__(self, people: Sequence[Person]) -> None:
        from caution.lib.text import fold

        self.fold = fold
        self.by_family: dict[str, list[tuple[str, Person]]] = defaultdict(list)
        for person in people:
            for given, family in [(person.given, person.family), *person.aliases]:
                self.by_family[fold(family)].append((fold(given).split()[0], person))

    def count(self, asked: Asked) -> int:
        from caution.lib.text import address_line_key, postcode_key

        given = self.fold(asked.true_given)
        postcode = postcode_key(asked.postcode)
        line = address_line_key(asked.address.split(",")[0]) if asked.address else ""
        fits = {
            person.reference
            for held_given, person in self.by_family[self.fold(asked.true_family)]
            if (not given or held_given == given)
            and (not asked.born or person.born == asked.born)
            and (not postcode or postcode_key(person.postcode) == postcode)
            and (not line or address_line_key(person.line1) == line)
        }
        return max(1, len(fits))


def write_misses(path: Path, row: Row) -> None:
    with path.open("a") as out:
        for outcome in row.outcomes:
            if outcome.rank is None or outcome.rank >= 5:
                a = outcome.asked
                out.write(
                    f"{row.database}\t{row.people}\t{row.query_set}\trank={outcome.rank}\t"
                    f"tied={outcome.tied}\t{a.reference}\t{a.name!r}\t{a.born}\t{a.address!r}\t"
                    f"{a.postcode!r}\t{','.join(a.errors)}\ttrue={a.true_given} {a.true_family}\n"
                )


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'database':<11}{'people':>10}  {'query set':<15}{'recall@1':>9}{'recall@5':>9}"
        f"{'ceil@1':>8}{'ceil@5':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'cpu50':>7}{'cpu95':>7}{'SQL':>6}{'load/s':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.database:<11}{row.people:>10,}  {row.query_set:<15}"
            f"{row.recall(1):>9.1%}{row.recall(5):>9.1%}{row.ceiling(1):>8.1%}"
            f"{row.ceiling(5):>8.1%}{row.percentile(50):>8.1f}{row.percentile(95):>8.1f}"
            f"{row.percentile(99):>8.1f}{row.percentile(50, cpu=True):>7.1f}"
            f"{row.percentile(95, cpu=True):>7.1f}{row.queries:>6.1f}{row.load_rate:>8,.0f}"
        )
    print()
    for row in rows:
        misses = Counter(
            error
            for o in row.outcomes
            if o.rank is None or o.rank >= 5
            if o.tied <= 5
            for error in o.asked.errors
        )
        answerable = [o for o in row.outcomes if o.tied <= 5]
        recall = _share(o.rank is not None and o.rank < 5 for o in answerable)
        print(
            f"{row.database} {row.people:,} {row.query_set}: recall@5 {recall:.1%} of the "
            f"{len(answerable)} questions a perfect check could answer in 5; "
            f"their misses by error: {dict(misses.most_common())}"
        )


if __name__ == "__main__":
    main()
