"""Named personas, as healthchecks' tests have alice, bob and charlie; and a migrated
SQLite database for the tests that run the product's commands on an installation."""

import contextlib
import dataclasses
import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from caution.accounts.models import Organisation
from caution.accounts.roles import Role
from tests.factories import make_agreement, make_user
from tests.signing_in import SignedInClient


@pytest.fixture
def client() -> SignedInClient:
    return SignedInClient()


@pytest.fixture
def reporter(db):
    return make_user(Role.REPORTER, first_name="Rita")


@pytest.fixture
def register_officer(db):
    return make_user(Role.REGISTER_OFFICER, first_name="Owen")


@pytest.fixture
def dpo(db):
    return make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana")


@pytest.fixture
def councillor(db):
    return make_user(Role.COUNCILLOR, first_name="Cllr")


@pytest.fixture
def administrator(db):
    return make_user(Role.ADMINISTRATOR, first_name="Ada")


@pytest.fixture
def housing_partner(db):
    """A partner with a live sharing agreement covering every category (ADR 0017)."""
    homes = Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)
    make_agreement(homes)
    return homes


@pytest.fixture
def partner_user(housing_partner):
    return make_user(Role.PARTNER, organisation=housing_partner, first_name="Pat")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing strength is Django's concern, not these tests': keep them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclasses.dataclass(frozen=True)
class MigratedSqlite:
    template: Path

    def copy_to(self, data_dir: Path) -> Path:
        """A fresh installation's data folder, its database already migrated."""
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.template, data_dir / "caution.sqlite3")
        return data_dir


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> MigratedSqlite:
    """A SQLite database migrated by the real `caution migrate`, made once for the whole run
    (parallel workers share it: the first to need it makes it, the others wait), so that
    tests running the product's commands on a new installation copy it, not migrate again."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    root = tmp_path_factory.getbasetemp()
    if worker:
        root = root.parent  # the run's own folder, which holds each worker's
    template = root / "migrated-sqlite" / "caution.sqlite3"
    with (root / "migrated-sqlite.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            _migrate(template, building=root / f"migrating-{worker or 'main'}")
    return MigratedSqlite(template)


def _migrate(template: Path, building: Path) -> None:
    env = {**os.environ, "CAUTION_DATA_DIR": str(building)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "caution", "migrate", "--verbosity", "0"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # Copied through SQLite's backup: one file, with whatever the write-ahead log held.
    template.parent.mkdir(parents=True, exist_ok=True)
    partial = template.with_suffix(".partial")
    with (
        contextlib.closing(sqlite3.connect(building / "caution.sqlite3")) as source,
        contextlib.closing(sqlite3.connect(partial)) as copy,
    ):
        source.backup(copy)
    partial.replace(template)
