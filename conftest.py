"""For every test, under tests/ and e2e/ alike: files are stored in the test's own folder,
never in the data folder of the checkout (where `caution demo` keeps its own)."""

import pytest


def pytest_addoption(parser, pluginmanager):
    """Without pytest-xdist (`-p no:xdist`), the suite runs in one process: the options that
    pyproject.toml's addopts give it are taken, and mean nothing."""
    if not pluginmanager.has_plugin("xdist"):
        group = parser.getgroup("xdist")
        # -n is xdist's own short option; pytest reserves lowercase ones for plugins.
        group._addoption("-n", "--numprocesses", dest="numprocesses", default=0)
        group.addoption("--dist", default="no")


# Tests that share one worker when the suite runs in parallel, by the folder they are in: the
# demo's, and the restore drill that starts from the demo, so that one worker seeds each kind
# of demo once for them all (tests/demo/seeding.py); the S3 bucket's, so that one worker
# starts the moto server; the proxy's, so that one worker starts nginx and the service.
# pytest-xdist's xdist_group mark would say so, but with pytest 9.2 its loadgroup no longer
# reads the mark (pytest-dev/pytest-xdist#1386), so the groups are read from the test's path.
WORKER_GROUPS = {
    "tests/demo/": "demo",
    "tests/ops/test_restore_drill.py": "demo",
    "tests/storage/": "s3",
    "tests/security/test_https_behind_a_proxy.py": "https proxy",
}


# The longest tests, slowest first (docs/performance.md, "The test suite"): they start
# before the many short ones, so that the run does not end with one worker finishing a long
# test while the other idles. The cases of a module stay together, so that a worker that
# takes some of them makes the module's world once (tests/security/conftest.py). The groups
# of WORKER_GROUPS need no place here: pytest-xdist hands them out first, largest first.
SLOW_FIRST = (
    # Waits on the outbox worker it starts and kills: long, little of the CPU.
    "tests/outbox/test_worker.py::test_a_worker_killed_again_and_again",
    "tests/security/test_api_schema_fuzzing.py::test_the_api_answers_every_role",
    "tests/security/test_access_matrix.py",
    "tests/security/test_caution_life_state_machine.py",
    "e2e/test_journey.py",
    "tests/register/test_import_command_line.py",
    "tests/lifecycle/",
    "tests/cli/test_help.py",
    "e2e/",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Known-slow tests first, in SLOW_FIRST's order; the rest as collected. Every worker
    collects the same order, as pytest-xdist requires."""

    def rank(item: pytest.Item) -> int:
        for place, prefix in enumerate(SLOW_FIRST):
            if item.nodeid.startswith(prefix):
                return place
        return len(SLOW_FIRST)

    items.sort(key=rank)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's loadgroup (pyproject.toml's addopts), with WORKER_GROUPS."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Scheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for folder, group in WORKER_GROUPS.items():
                if nodeid.startswith(folder):
                    return group
            return super()._split_scope(nodeid)

    return Scheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def postgresql_empties_tables_by_delete():
    """After each transactional test (the browser tests are), Django empties every table
    with one TRUNCATE, which on PostgreSQL takes a second or more however few rows the
    tables hold. DELETE empties them in a tenth of that. The foreign keys hold at the end of
    the flush's transaction (Django makes them deferred). The audit table refuses both
    unless the retention purge's setting is on (audit/0002), so a flush between tests
    switches it on for its own transaction."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush
    purging = "SELECT set_config('caution.audit_purge', 'on', true);"

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            statements = truncate(
                self, style, tables, reset_sequences=True, allow_cascade=allow_cascade
            )
        else:
            statements = [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608
        return [purging, *statements]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def private_files_in_tmp_path(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private"}},
    }


@pytest.fixture(autouse=True)
def council_address(settings):
    """The council's address, which letters that ask for a reply need (letters.md); a test
    of a council without one clears it."""
    from tests.factories import COUNCIL_ADDRESS  # here: the factories need Django set up

    settings.CAUTION_COUNCIL_ADDRESS = COUNCIL_ADDRESS


@pytest.fixture(autouse=True)
def fresh_name_words():
    """Each test has a register of its own, whose ids may repeat another's (a rolled-back
    SQLite transaction gives its ids again): the check's list of name words starts anew."""
    # Imported here: this file is read before Django is set up.
    from caution.people import vocabulary

    vocabulary.forget()
