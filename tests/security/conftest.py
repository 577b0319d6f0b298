"""The reporter's draft report, as the incidents tests make it, for the upload attacks; and
the battery's world (tests/security/world.py), built once for a module."""

import pytest
from django.db import transaction
from django.test import override_settings

from caution.lib import clock
from tests.incidents.conftest import draft, robert
from tests.security import world as worlds

__all__ = ["draft", "robert"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> worlds.World:
    """One of everything, made once for the module in a transaction rolled back after its
    last test (each test's own transaction nests inside it). Its tests ask for
    `in_the_world` too, which puts them in the world's profile, day and files."""
    files = tmp_path_factory.mktemp("world-files")
    storages = _files_in(files)
    with (
        django_db_blocker.unblock(),
        override_settings(CAUTION_PROFILE=worlds.PROFILE, STORAGES=_storages(storages)),
        clock.frozen_at(worlds.MONDAY),
        transaction.atomic(),
    ):
        yield worlds.build(files)
        transaction.set_rollback(True)


def _files_in(folder) -> dict:
    backend = "django.core.files.storage.FileSystemStorage"
    return {"default": {"BACKEND": backend, "OPTIONS": {"location": folder}}}


def _storages(default: dict) -> dict:
    from django.conf import settings

    return {**settings.STORAGES, **default}


@pytest.fixture
def in_the_world(world, settings, db):
    """A test of the world's, on its day, under its profile, with its files (after the
    fixtures every test has, which give each test a folder of its own)."""
    settings.CAUTION_PROFILE = worlds.PROFILE
    settings.STORAGES = _storages(_files_in(world.files))
    with clock.frozen_at(worlds.MONDAY):
        yield world
