"""`caution help`: the product's own commands first, then Django's."""

import os
import subprocess
import sys

import pytest
from django.core.management import get_commands

from caution.cli import ALIASES, PRODUCT_COMMANDS, Utility


@pytest.fixture
def caution(tmp_path):
    """The real `caution` command; help needs settings but no database."""
    env = {**os.environ, "CAUTION_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str) -> str:
        command = [sys.executable, "-m", "caution", *args]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


def test_help_lists_the_products_commands_first_with_one_line_each(caution):
    text = caution("--help")
    ours, djangos = text.split("Django's commands:")
    for name, line in PRODUCT_COMMANDS.items():
        assert f"    {name:<13} {line}" in ours
    assert "    migrate" in djangos


def test_caution_help_and_caution_alone_show_the_same_list_as_dash_dash_help(caution):
    assert caution("help") == caution() == caution("--help")


def test_help_check_describes_the_register_check(caution):
    text = caution("help", "check")
    assert text.startswith("usage: caution check ")
    assert "Check the register for a person or address" in text
    assert "--batch" in text
    assert "system checks" not in text


def test_help_systemcheck_is_djangos_system_check():
    command = Utility(["caution"]).fetch_command("systemcheck")
    assert "Checks the entire Django project" in command.help


def test_djangos_check_is_not_listed_under_a_name_that_runs_the_register_check():
    djangos = Utility(["caution"]).main_help_text().split("Django's commands:")[1]
    assert "    check" not in djangos.splitlines()


def test_every_command_of_the_product_is_in_the_help_table():
    ours = {name for name, app in get_commands().items() if app.startswith("caution")}
    listed = {ALIASES.get(name, name) for name in PRODUCT_COMMANDS if name != "systemcheck"}
    assert ours == listed
