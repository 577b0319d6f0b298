"""How well and how fast the check finds people on a large register, beside a brute-force
fuzzy scan of every record.

For each --people N: a fresh database, N synthetic UK people loaded through the import's own
write path (validate_rows, rows_write: same match keys, same bulk inserts), each with an
active caution; then --queries questions in each query set, garbled by a FEBRL/GeCo-like
error model (bench/synthetic.py: typos anywhere in a name, the first letter included, OCR
and phonetic spellings, nicknames, swapped, missing, split and joined names; dates of
birth one part wrong, day and month swapped or wholly wrong; street and town typos,
abbreviations, house numbers missing, changed or in words, flats and towns dropped, lines
reordered; postcodes with a wrong character, no space, lower case, missing). Each question
is run through `check_run` as a reporter (access check, candidates, scoring and the audit
write), timed one by one.

    uv run python bench/check.py --people 1000 100000 --queries 500
    uv run python bench/check.py --people 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/caution_bench

The query sets:

- "name + dob + address": name, date of birth, the address lines and the postcode, each
  with its errors (a record-linkage benchmark's batch check; target recall@5 >= 99.9 %);
- "name + address": the postcode, the first line(s) of the address or both, and the date
  of birth half the time, each with errors;
- "name only": the name with errors, the date of birth (with its errors) half the time;
- "exact name + address": the safety probe, name and address typed as held, the date of
  birth wrong half the time, the postcode missing or wrong sometimes.

Recall@k: the person meant is among the first k people the check shows; bf@k the same
for the brute-force baseline (bench/baseline.py: rapidfuzz over every record, top 5; skip
it with --no-baseline). Some questions cannot be answered by any check: "Smith", no date
of birth, asks about every Smith. The ceiling columns say how well a perfect check could
do, counting the people the question fits exactly as well as the one meant (same name,
and the same date of birth, postcode and address parts when those were asked), if it put
those tied people in random order. Below the table: for each set, how often the check
showed nobody at all, and how often it showed nobody although the name and address were
typed exactly as held (the safety figure: it must be 0); then every error with how often
it was asked and missed by the check and by the baseline.
"""

import argparse
import dataclasses
import statistics
import sys
import textwrap
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

# bench/ last on the path, after the standard library: bench/http.py must not hide `http`.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH] + [str(BENCH)]

from benchdb import BenchDatabase, machine_load  # noqa: E402
from synthetic import Asked, Person, Questions, Register, address_key  # noqa: E402

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
        "database's too on SQLite; not PostgreSQL's). SQL: statements per check. bf@k: the "
        "brute-force scan's recall; bf s: the seconds it took for the set."
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
        "--no-baseline", action="store_true", help="skip the brute-force scan (bench/baseline.py)"
    )
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
    nobody: bool  # the check showed no one at all
    baseline: int | None = None  # the brute-force scan's rank (None: not in its top 5)


@dataclasses.dataclass
class Row:
    database: str
    people: int
    load_rate: float
    query_set: str
    outcomes: list[Outcome]
    queries: float  # statements per check, the mean over the warm-up questions
    baseline_seconds: float | None = None

    def recall(self, k: int) -> float:
        return _share(o.rank is not None and o.rank < k for o in self.outcomes)

    def baseline_recall(self, k: int) -> float | None:
        if self.baseline_seconds is None:
            return None
        return _share(o.baseline is not None and o.baseline < k for o in self.outcomes)

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
    brute = None
    if not args.no_baseline:
        from baseline import BruteForce

        brute = BruteForce(people)
        print(f"   baseline prepared in {brute.prepare_seconds:.1f} s", file=sys.stderr)
    rows = []
    for name, asked in (
        ("name + dob + address", questions.full(args.queries)),
        ("name + address", questions.with_address(args.queries)),
        ("name only", questions.name_only(args.queries)),
        ("exact name + address", questions.exact(args.queries)),
    ):
        outcomes, queries = ask(asked, ties, name)
        row = Row(database.vendor, count, rate, name, outcomes, queries)
        if brute:
            started = time.perf_counter()
            found = brute.top(asked)
            row.baseline_seconds = time.perf_counter() - started
            at = {person.reference: i for i, person in enumerate(people)}
            for outcome, top in zip(outcomes, found, strict=True):
                meant = at[outcome.asked.reference]
                outcome.baseline = top.index(meant) if meant in top else None
            print(
                f"   {name}: baseline scanned {count:,} people for {len(asked)} questions in "
                f"{row.baseline_seconds:.1f} s",
                file=sys.stderr,
            )
        rows.append(row)
        if args.misses:
            write_misses(args.misses, row)
    return rows


class LoadTooSlow(Exception):
    """Loading this many people would take longer than the run allows."""


def load(people: Sequence[Person], seconds_allowed: float) -> float:
    """Load through the import's validation and write path; returns rows per second."""
    from django.db import transaction

    from caution.audit.operator import CommandLineOperator
    from caution.register.importing.mapping import validate_rows
    from caution.register.importing.writing import rows_write

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
        outcomes.append(Outcome(asked, rank, ms, cpu_ms, ties.count(asked), not shown))
    print(f"   {label}: {len(outcomes)} questions asked; {machine_load()}", file=sys.stderr)
    return outcomes, statistics.fmean(statements)


class TieCounter:
    """How many people a question fits exactly as well as the one meant (the bench's own
    bookkeeping, outside the application: it reads the generated people, not the database):
    the same given and family name (or alias), as far as the question gives them, and the
    same date of birth, postcode and address parts when it gives those."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.by_family: dict[str, list[tuple[str, Person]]] = defaultdict(list)
        self.by_given: dict[str, list[tuple[str, Person]]] = defaultdict(list)
        for person in people:
            for given, family in [(person.given, person.family), *person.aliases]:
                first, family = _fold(given).split()[0], _fold(family)
                self.by_family[family].append((first, person))
                self.by_given[first].append((family, person))

    def count(self, asked: Asked) -> int:
        given, family = _fold(asked.true_given), _fold(asked.true_family)
        if family:
            named = [p for g, p in self.by_family[family] if not given or g == given]
        else:
            named = [p for _, p in self.by_given[given]]
        place = address_key(asked.true_address, asked.place_kinds)
        postcode = asked.true_postcode
        fits = {
            person.reference
            for person in named
            if (not asked.true_born or person.born == asked.true_born)
            and (not postcode or person.postcode == postcode)
            and (not place or address_key(person.address, asked.place_kinds) == place)
        }
        return max(1, len(fits))


def _fold(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def write_misses(path: Path, row: Row) -> None:
    """Every question the check or the baseline did not place in the first 5."""
    with path.open("a") as out:
        for outcome in row.outcomes:
            baseline_missed = row.baseline_seconds is not None and outcome.baseline is None
            if outcome.rank is None or outcome.rank >= 5 or baseline_missed:
                a = outcome.asked
                out.write(
                    f"{row.database}\t{row.people}\t{row.query_set}\trank={outcome.rank}\t"
                    f"baseline={outcome.baseline}\ttied={outcome.tied}\t"
                    f"nobody={outcome.nobody}\t{a.reference}\t{a.name!r}\t{a.born}\t"
                    f"{a.address!r}\t{a.postcode!r}\terrors={','.join(a.errors)}\t"
                    f"notes={','.join(a.notes)}\ttrue={a.true_given} {a.true_family}\n"
                )


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'database':<11}{'people':>10}  {'query set':<21}{'recall@1':>9}{'recall@5':>9}"
        f"{'bf@1':>8}{'bf@5':>8}{'ceil@1':>8}{'ceil@5':>8}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'p99 ms':>8}{'cpu50':>7}{'cpu95':>7}{'SQL':>6}{'load/s':>8}{'bf s':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        scan = "-" if row.baseline_seconds is None else f"{row.baseline_seconds:.1f}"
        print(
            f"{row.database:<11}{row.people:>10,}  {row.query_set:<21}"
            f"{row.recall(1):>9.1%}{row.recall(5):>9.1%}"
            f"{_percent(row.baseline_recall(1)):>8}{_percent(row.baseline_recall(5)):>8}"
            f"{row.ceiling(1):>8.1%}{row.ceiling(5):>8.1%}{row.percentile(50):>8.1f}"
            f"{row.percentile(95):>8.1f}{row.percentile(99):>8.1f}"
            f"{row.percentile(50, cpu=True):>7.1f}{row.percentile(95, cpu=True):>7.1f}"
            f"{row.queries:>6.1f}{row.load_rate:>8,.0f}{scan:>7}"
        )
    print()
    for row in rows:
        answerable = [o for o in row.outcomes if o.tied <= 5]
        recall = _share(o.rank is not None and o.rank < 5 for o in answerable)
        exact = [o for o in row.outcomes if o.asked.exact]
        scan = ""
        if row.baseline_seconds is not None:
            found = _share(o.baseline is not None for o in answerable)
            scan = f" (baseline {found:.1%})"
        print(
            f"{row.database} {row.people:,} {row.query_set}: recall@5 {recall:.1%}{scan} of "
            f"the {len(answerable)} questions a perfect check could answer in 5; nobody shown "
            f"for {sum(o.nobody for o in row.outcomes)} of {len(row.outcomes)}; SAFETY: nobody "
            f"shown although the name (and address, when asked) was typed as held: "
            f"{sum(o.nobody for o in exact)} of {len(exact)}"
        )
    print()
    print("Misses (not in the first 5) by error: asked / missed by the check / by the baseline")
    for row in rows:
        # Questions, not errors: "family typo" twice in one question counts once.
        asked = Counter(error for o in row.outcomes for error in set(o.asked.errors))
        missed = Counter(
            error
            for o in row.outcomes
            if o.rank is None or o.rank >= 5
            for error in set(o.asked.errors)
        )
        scan_missed = Counter(
            error for o in row.outcomes if o.baseline is None for error in set(o.asked.errors)
        )
        clean = sum(not o.asked.errors for o in row.outcomes)
        clean_missed = sum(
            not o.asked.errors and (o.rank is None or o.rank >= 5) for o in row.outcomes
        )
        print(f"  {row.database} {row.people:,} {row.query_set}:")
        scan = row.baseline_seconds is not None
        never = []
        for error, n in sorted(asked.items(), key=lambda item: (-missed[item[0]], -item[1])):
            if not missed[error] and not (scan and scan_missed[error]):
                never.append(f"{error} {n}")
                continue
            baseline = f"{scan_missed[error]:>6}" if scan else "     -"
            print(f"    {error:<32}{n:>6}{missed[error]:>6}{baseline}")
        if clean:
            clean_scan = sum(not o.asked.errors and o.baseline is None for o in row.outcomes)
            baseline = f"{clean_scan:>6}" if scan else "     -"
            print(f"    {'(no error)':<32}{clean:>6}{clean_missed:>6}{baseline}")
        if never:
            print(
                textwrap.fill(
                    "never missed: " + ", ".join(never),
                    width=100,
                    initial_indent="    ",
                    subsequent_indent="      ",
                )
            )


if __name__ == "__main__":
    main()
