"""Writing many rows fast, for any model: multi-row INSERTs (COPY on PostgreSQL) without
model instances, ids made in the database's own form, and the planner's statistics
gathered again afterwards. Generic: it knows tables and columns, not what they hold
(the register's import is its user, register/importing/writing.py)."""

import contextlib
import datetime as dt
import functools
import gc
import itertools
import operator
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

# Rows per INSERT statement (fewer where the database allows fewer parameters): one
# round trip per row would make PostgreSQL writes crawl.
ROWS_PER_INSERT = 1000


def chunks(items: Iterable, size: int) -> Iterator[tuple]:
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


def new_uuid() -> uuid.UUID:
    """A new UUID in time order (version 7, RFC 9562): the time in milliseconds, then 74
    random bits. Rows written together then go in at one place in every index on their ids
    rather than all over it (a person's id is in eight indexes)."""
    millis = time.time_ns() // 1_000_000
    rand_a, rand_b = secrets.randbits(12), secrets.randbits(62)
    return uuid.UUID(int=millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b)


def _new_hex_id() -> str:
    """A new UUID as Django stores it where the database has no UUID type."""
    return new_uuid().hex


class BulkTable:
    """Rows for one model's table, written with multi-row INSERTs: a bulk_create without the
    model instances, which at twenty-odd rows per record imported (a person, their names,
    contact points, match keys...) would be most of the time.

    Rows hold the `given` columns, in that order, with ids already in the database's form;
    other values are converted as the ORM converts them. A column not given gets its
    field's default, or the `created_at` time of the write."""

    def __init__(
        self, model: type[models.Model], given: Sequence[str], *, in_order: bool = False
    ) -> None:
        meta = model._meta
        self.table = meta.db_table
        fields = {
            field.name: field for field in meta.concrete_fields if field is not meta.auto_field
        }
        if not set(given) <= fields.keys():
            raise TypeError(f"{self.table} has no {sorted(set(given) - fields.keys())}")
        self.given = [fields[name] for name in given]
        self.rest = [field for name, field in fields.items() if name not in given]
        # Rows sorted by their first column fill its index page by page, not all over it.
        self.in_order = in_order
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def add_many(self, rows: Iterable[tuple]) -> None:
        self.rows.extend(rows)

    def insert(self, *, created_at: dt.datetime) -> None:
        if not self.rows:
            return
        database = connections[DEFAULT_DB_ALIAS]
        rows = self.rows
        if self.in_order:
            # By the first column only: comparing ids too (UUID objects on PostgreSQL, in
            # Python) would cost more than it saves.
            rows.sort(key=operator.itemgetter(0))
        rows = self._converted(rows, database)
        if self.rest:
            tail = self._tail(created_at, database)
            rows = [row + tail() for row in rows]
        columns = [*self.given, *self.rest]
        with database.cursor() as cursor:
            if database.vendor == "postgresql":
                # COPY streams the rows in one statement, with no SQL to parse per row.
                with cursor.cursor.copy(self._copy_sql(database, columns)) as copy:
                    for row in rows:
                        copy.write_row(row)
            elif database.vendor == "sqlite":
                # One prepared statement for every row: SQLite runs in this process, so
                # there is no round trip to save, and a long VALUES list costs parsing.
                cursor.executemany(self._sql(database, columns, 1), rows)
            else:
                size = min(ROWS_PER_INSERT, database.ops.bulk_batch_size(columns, rows) or 1)
                for start in range(0, len(rows), size):
                    batch = rows[start : start + size]
                    sql = self._sql(database, columns, len(batch))
                    cursor.execute(sql, [value for row in batch for value in row])
        self.rows = []

    def _tail(self, created_at: dt.datetime, database: BaseDatabaseWrapper) -> Callable[[], tuple]:
        """The columns not given, for each row: a default that is a function (a UUID) is
        called for each row, as the ORM would, so that unique columns stay unique; the
        others are the same for every row and converted once."""

        def prepared(field: models.Field) -> object:
            value = created_at if field.name == "created_at" else field.get_default()
            return field.get_db_prep_save(value, connection=database)

        each_row = [
            i
            for i, field in enumerate(self.rest)
            if callable(field.default) and field.name != "created_at"
        ]
        constant = [None if i in each_row else prepared(field) for i, field in enumerate(self.rest)]
        if not each_row:
            tail = tuple(constant)
            return lambda: tail

        def tail() -> tuple:
            values = list(constant)
            for i in each_row:
                values[i] = prepared(self.rest[i])
            return tuple(values)

        return tail

    def _copy_sql(self, database: BaseDatabaseWrapper, columns: list) -> str:
        quote = database.ops.quote_name
        names = ", ".join(quote(field.column) for field in columns)
        return f"COPY {quote(self.table)} ({names}) FROM STDIN"

    def _converted(self, rows: list[tuple], database: BaseDatabaseWrapper) -> list[tuple]:
        converters = [
            (index, convert)
            for index, field in enumerate(self.given)
            if (convert := _converter(field, database))
        ]
        if not converters:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for index, convert in converters:
                values[index] = convert(values[index])
            converted.append(tuple(values))
        return converted

    def _sql(self, database: BaseDatabaseWrapper, columns: list, count: int) -> str:
        quote = database.ops.quote_name
        names = ", ".join(quote(field.column) for field in columns)
        row = f"({', '.join(['%s'] * len(columns))})"
        # Table and column names come from the model, never from the file.
        return f"INSERT INTO {quote(self.table)} ({names}) VALUES {', '.join([row] * count)}"  # noqa: S608


def _converter(field: models.Field, database: BaseDatabaseWrapper) -> Callable | None:
    """How a value becomes this column's database value, as the ORM would convert it, or
    None where the driver takes it as it is (ids are made in the database's form)."""
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    if kind in ("CharField", "TextField", "BooleanField", "AutoField", "BigAutoField", "UUIDField"):
        return None
    return functools.partial(field.get_db_prep_save, connection=database)


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector, left on, walks every row a bulk write holds again and again
    (hundreds of thousands of tuples of plain values, none of them in a cycle): about 15 %
    of an import's time. Memory is still freed as usual, by reference counting; the few
    cycles made meanwhile are collected once it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _uuid_hex(value: uuid.UUID) -> str:
    return value.hex


def new_id_maker() -> Callable[[], uuid.UUID | str]:
    """Makes new ids (time-ordered UUIDs) in the form the database stores them, once per
    row rather than once per column they fill."""
    database = connections[DEFAULT_DB_ALIAS]
    return new_uuid if database.features.has_native_uuid_field else _new_hex_id


def stored_id_of() -> Callable[[uuid.UUID], uuid.UUID | str]:
    """Turns an id read through the ORM into the form the database stores it, to stand
    beside ids from `new_id_maker` in the same rows."""
    database = connections[DEFAULT_DB_ALIAS]
    return (lambda pk: pk) if database.features.has_native_uuid_field else _uuid_hex


# Rows SQLite's ANALYZE reads from each index (its own default reads them all).
SQLITE_ANALYSIS_LIMIT = 1000


def statistics_gather(written: Iterable[type[models.Model]]) -> None:
    """ANALYZE the tables of these models, so that the planner knows how many rows they now
    hold. Straight after a large write PostgreSQL plans for the tables as they were until
    autovacuum gets to them; SQLite keeps statistics only when asked, and a limit keeps
    ANALYZE to a fraction of a second on a large table."""
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        for model in written:
            cursor.execute(f"ANALYZE {database.ops.quote_name(model._meta.db_table)}")
