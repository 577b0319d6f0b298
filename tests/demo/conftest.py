"""The demo runs in a data folder of the test's own (its files are stored in the test's
own folder by the conftest.py at the top of the checkout). Each kind of demo is seeded
once per worker, then restored for the tests that load it again (seeding.py); these tests
all run on one worker (WORKER_GROUPS in the conftest.py at the top)."""

import pytest

from tests.demo.seeding import run_demo


@pytest.fixture(autouse=True)
def demo_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def demo(capsys):
    """Load the demo, few people, for a profile; what `caution demo` printed."""

    def load(profile: str = "harborough") -> str:
        return run_demo(capsys, people=10, profile=profile)

    return load
