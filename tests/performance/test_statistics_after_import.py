"""An import ends by gathering planner statistics on the tables it wrote: without them, the
first checks after a large import on PostgreSQL read every person (issue 9, item 8)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caution.people.models import Person
from caution.register.importing.writing import IMPORTED_MODELS
from tests.register.test_import import GOOD_ROWS, HEADER, write

pytestmark = pytest.mark.django_db


def analyzed_tables(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"].split()[1].strip('"')
        for query in captured.captured_queries
        if query["sql"].startswith("ANALYZE")
    ]


def test_an_import_analyzes_every_table_it_wrote_once_its_rows_are_in(tmp_path):
    with CaptureQueriesContext(connection) as captured:
        call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))

    assert Person.objects.count() == 3
    assert analyzed_tables(captured) == [model._meta.db_table for model in IMPORTED_MODELS]
    statements = [query["sql"] for query in captured.captured_queries]
    last_insert = max(i for i, sql in enumerate(statements) if sql.startswith("INSERT"))
    assert last_insert < statements.index(next(s for s in statements if s.startswith("ANALYZE")))


def test_a_dry_run_analyzes_nothing(tmp_path):
    with CaptureQueriesContext(connection) as captured:
        call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS), dry_run=True)

    assert analyzed_tables(captured) == []
