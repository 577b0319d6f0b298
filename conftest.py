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


@pytest.fixture(autouse=True)
def private_files_in_tmp_path(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private"}},
    }
