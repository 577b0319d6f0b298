"""The demo runs in a data folder of the test's own (its files are stored in the test's
own folder by the conftest.py at the top of the checkout)."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def demo_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def demo(capsys):
    """Load the demo, few people, for a profile; what `caution demo` printed."""

    def load(profile: str = "harborough") -> str:
        call_command("demo", no_serve=True, people=10, profile=profile)
        return capsys.readouterr().out

    return load
