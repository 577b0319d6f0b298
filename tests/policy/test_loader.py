"""A broken profile stops the product at start-up, naming the file, key and reason."""

import pytest

from caution.policy import profiles
from caution.policy.profiles import ProfileError, available, load_profile

GOOD = """
[profile]
key = "test"
seed = "000"
council = "Test Council"
register_name = "Test Register"
[access]
councillors = "check"
[review]
interval_months = 6
[[levels]]
code = "1"
label = "High"
severity = 2
description = "d"
[[levels]]
code = "2"
label = "Low"
severity = 1
description = "d"
"""


@pytest.fixture
def profile_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(profiles, "PROFILE_DIR", tmp_path)
    load_profile.cache_clear()
    yield tmp_path
    load_profile.cache_clear()


def load(profile_dir, text: str):
    (profile_dir / "test.toml").write_text(text)
    return load_profile("test")


def test_every_shipped_profile_loads():
    assert available() == ["cheltenham", "determination-team", "dover", "harborough", "workington"]
    for name in available():
        assert load_profile(name).key == name


def test_a_good_profile_loads(profile_dir):
    assert load(profile_dir, GOOD).register_name == "Test Register"


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (('register_name = "Test Register"', ""), "profile.register_name", "missing"),
        (("interval_months = 6", "interval_months = 0"), "review.interval_months", "at least 1"),
        (
            ("interval_months = 6", 'interval_months = "six"'),
            "review.interval_months",
            "must be int",
        ),
        (('councillors = "check"', 'councillors = "always"'), "access.councillors", "one of"),
        (("severity = 1", "severity = 2"), "levels", "own severity"),
        (('code = "2"', 'code = "1"'), "levels", "unique"),
        (("[review]", "[review"), "file", "not valid TOML"),
    ],
)
def test_a_broken_profile_names_the_file_key_and_reason(profile_dir, change, key, reason):
    with pytest.raises(ProfileError) as error:
        load(profile_dir, GOOD.replace(*change))
    assert error.value.path.name == "test.toml"
    assert error.value.key == key
    assert reason in error.value.reason
    assert str(error.value).startswith(f"test.toml: {key}: ")


def test_an_unknown_profile_lists_the_ones_there_are():
    with pytest.raises(ProfileError, match="choose one of"):
        load_profile("nowhere")


def test_the_product_refuses_to_start_with_a_broken_profile(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "CAUTION_PROFILE": "nowhere", "CAUTION_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "caution", "systemcheck"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "nowhere.toml: profile: no such profile" in result.stderr
