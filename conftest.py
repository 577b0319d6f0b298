"""For every test, under tests/ and e2e/ alike: files are stored in the test's own folder,
never in the data folder of the checkout (where `caution demo` keeps its own)."""

import pytest


@pytest.fixture(autouse=True)
def private_files_in_tmp_path(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private"}},
    }
