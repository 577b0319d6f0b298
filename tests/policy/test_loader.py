"""A broken profile stops the product at start-up, naming the file, key and reason."""

import datetime as dt

import pytest

from caution.accounts.roles import Role
from caution.policy import profiles
from caution.policy.profiles import Deadline, ProfileError, available, load_profile

GOOD = """
[profile]
key = "test"
seed = "000"
council = "Test Council"
register_name = "Test Register"

[names]
decision_body = "Test Panel"

[names.roles]
panel_member = "Test Panel member"

[access]
councillors = "check"

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
examples = ["shouting"]

[[categories]]
code = "HIT"
label = "Violence"
suggested_level = "1"
expiry_months = 24

[[categories]]
code = "SHOUT"
label = "Abuse"
suggested_level = "2"
expiry_months = 12

[decision]
body = "panel"
decider_role = "panel_member"
deadline = { days = 5, working = false }
interim_alert = false

[decision.panel]
quorum = 3
meeting_deadline = { days = 4, working = true }

[[decision.panel.seats]]
title = "Chair"
role = "decision_maker"
chair = true

[independence]
exclude_involved = true
exclude_targets = true
exclude_deciders_from_appeal = true

[warning]
first = true
informal_first = false
skip_categories = ["HIT"]
expiry_months = 6

[[precautions]]
code = "PAIRS"
label = "Visit in pairs"

[[restrictions]]
type = "writing_only"
label = "Writing only"

[review]
interval_months = 6
default_outcome = "keep"

[review.by]
title = "Test Panel"
role = "panel_member"

[duration]
maximum_months = 36
permanent_allowed = false

[retention]
after_removal_months = 6
remove_when_tenancy_ends = false

[notification]
deadline = { days = 2, working = true }
delivery = "writing"
record_delivery_time = false
exemptions = ["address_unknown"]
elements = ["action", "reasons"]

[notification.signatory]
title = "Chair"
role = "decision_maker"

[appeal]
allowed = true
route = "Write to us"
window = { days = 14, working = false }
caution_stays = true

[appeal.handler]
title = "Director"
role = "decision_maker"

[changes]
level = "decision"
terms = "decision"
extension = { title = "Governance Group", role = "panel_member", quorum = 2 }
period = { title = "Policy Owner", role = "decision_maker" }
removal = "review_only"

[reporting]
committee = "Test Committee"
prepared_by = "Test Officer"
"""


PANEL = """[decision.panel]
quorum = 3
meeting_deadline = { days = 4, working = true }

[[decision.panel.seats]]
title = "Chair"
role = "decision_maker"
chair = true
"""

SECOND_CHAIR = """
[[decision.panel.seats]]
title = "Vice-chair"
role = "panel_member"
chair = true
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


def changed(old: str, new: str) -> str:
    # Each change must hit exactly one place, or the test would prove nothing.
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def test_every_shipped_profile_loads():
    assert available() == ["cheltenham", "determination-team", "dover", "harborough", "workington"]
    for name in available():
        assert load_profile(name).key == name


def test_a_profile_is_read_once():
    assert load_profile("dover") is load_profile("dover")


def test_a_good_profile_loads(profile_dir):
    profile = load(profile_dir, GOOD)
    assert profile.register_name == "Test Register"
    assert profile.decision.panel.quorum == 3
    assert profile.decision.panel.meeting_deadline == Deadline(days=4, working=True)
    assert profile.category("SHOUT").suggested_level == "2"
    assert profile.level("2").examples == ("shouting",)


def test_each_change_after_the_decision_has_its_route(profile_dir):
    changes = load(profile_dir, GOOD).changes
    assert changes.route("level").way == "decision"
    assert changes.route("extension").way == "group"
    assert changes.route("extension").quorum == 2
    assert changes.route("period").way == "post"
    assert changes.route("period").actor.title == "Policy Owner"
    assert changes.route("removal").way == "review_only"


def test_optional_keys_take_their_defaults(profile_dir):
    profile = load(profile_dir, GOOD)
    assert profile.councillor_note == ""
    assert profile.category("HIT").justify_at_review is False
    assert profile.notification.also_on == ()
    assert profile.appeal.answer_deadline is None
    assert profile.duration.partner_maximum_months is None
    assert profile.review.meeting_interval_months is None


def test_roles_the_profile_does_not_name_keep_the_product_names(profile_dir):
    profile = load(profile_dir, GOOD)
    assert profile.role_name(Role.PANEL_MEMBER) == "Test Panel member"
    assert profile.role_name(Role.REPORTER) == "Reporter"
    assert {role for role, _ in profile.role_names} == {role.value for role in Role}


def test_the_old_attribute_names_still_answer(profile_dir):
    profile = load(profile_dir, GOOD)
    assert profile.review_interval_months == 6
    assert profile.maximum_months == 36
    assert profile.councillor_access == "check"
    assert [level.code for level in profile.levels_by_severity] == ["1", "2"]


def test_an_unknown_category_has_no_expiry_to_give(profile_dir):
    with pytest.raises(KeyError, match="'PUNCH' is not an incident category"):
        load(profile_dir, GOOD).expiry_months_for("PUNCH", "1")


def test_a_deadline_is_counted_from_the_day_after_the_start(profile_dir):
    deadline = load(profile_dir, GOOD).notification.deadline
    assert deadline.due(dt.date(2026, 3, 6)) == dt.date(2026, 3, 10)  # Friday to Tuesday


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        # A key is missing or has the wrong type.
        (('register_name = "Test Register"', ""), "profile.register_name", "missing"),
        (("[independence]", "[independents]"), "independence", "missing"),
        (
            ("interval_months = 6", 'interval_months = "six"'),
            "review.interval_months",
            "must be int",
        ),
        (("quorum = 3", "quorum = true"), "decision.panel.quorum", "must be int, not True"),
        (
            ("deadline = { days = 5,", 'deadline = { days = "5",'),
            "decision.deadline.days",
            "must be int",
        ),
        (
            ("{ days = 2, working = true }", "{ days = 2 }"),
            "notification.deadline.working",
            "missing",
        ),
        (('examples = ["shouting"]', "examples = [1]"), "levels[1].examples", "list of strings"),
        # A number is out of range.
        (("interval_months = 6", "interval_months = 0"), "review.interval_months", "at least 1"),
        (("quorum = 3", "quorum = 0"), "decision.panel.quorum", "at least 1"),
        (
            ("{ days = 2, working = true }", "{ days = 0, working = true }"),
            "notification.deadline.days",
            "at least 1",
        ),
        (
            ('committee = "Test Committee"', 'committee = " "'),
            "reporting.committee",
            "not be blank",
        ),
        (
            ("after_removal_months = 6", "after_removal_months = -1"),
            "retention.after_removal_months",
            "at least 0",
        ),
        # A word is not one the product knows.
        (('councillors = "check"', 'councillors = "always"'), "access.councillors", "one of"),
        (
            ('decider_role = "panel_member"', 'decider_role = "chief"'),
            "decision.decider_role",
            "'chief' is not one of",
        ),
        (('body = "panel"', 'body = "committee"'), "decision.body", "'committee' is not one of"),
        (
            ('type = "writing_only"', 'type = "carrier_pigeon"'),
            "restrictions[0].type",
            "not one of",
        ),
        (
            ('elements = ["action", "reasons"]', 'elements = ["action", "apology"]'),
            "notification.elements",
            "'apology' is not one of",
        ),
        (
            ('exemptions = ["address_unknown"]', 'exemptions = ["busy"]'),
            "notification.exemptions",
            "'busy' is not one of",
        ),
        (
            ('default_outcome = "keep"', 'default_outcome = "forget"'),
            "review.default_outcome",
            "not one of",
        ),
        (('delivery = "writing"', 'delivery = "pigeon"'), "notification.delivery", "not one of"),
        # A word must be one the profile itself defines.
        (
            ('suggested_level = "1"', 'suggested_level = "9"'),
            "categories[0].suggested_level",
            "'9' is not one of ['1', '2']",
        ),
        (
            ('skip_categories = ["HIT"]', 'skip_categories = ["PUNCH"]'),
            "warning.skip_categories",
            "'PUNCH' is not one of",
        ),
        (
            (
                "permanent_allowed = false",
                'permanent_allowed = false\npartner_exempt_levels = ["0"]',
            ),
            "duration.partner_exempt_levels",
            "'0' is not one of",
        ),
        # Codes must be unique, and only one chair.
        (("severity = 1", "severity = 2"), "levels", "own severity"),
        (('code = "2"', 'code = "1"'), "levels", "unique"),
        (('code = "SHOUT"', 'code = "HIT"'), "categories", "unique"),
        (
            ('skip_categories = ["HIT"]', 'skip_categories = ["HIT", "HIT"]'),
            "warning.skip_categories",
            "twice",
        ),
        (
            (PANEL, PANEL + SECOND_CHAIR),
            "decision.panel.seats",
            "only one seat",
        ),
        # Rules that contradict each other.
        (
            ("first = true", "first = false"),
            "warning.skip_categories",
            "only means something when first = true",
        ),
        ((PANEL, ""), "decision.panel", 'only when, body = "panel"'),
        (('body = "panel"', 'body = "single"'), "decision.panel", 'only when, body = "panel"'),
        (
            ('[appeal.handler]\ntitle = "Director"\nrole = "decision_maker"', ""),
            "appeal.handler",
            "needed when appeals are allowed",
        ),
        (
            ('elements = ["action", "reasons"]', "elements = []"),
            "notification.elements",
            "list its elements",
        ),
        (
            ("maximum_months = 36", "maximum_months = 3"),
            "duration.maximum_months",
            "no less than review.interval_months",
        ),
        (
            ("expiry_months = 24", "expiry_months = 48"),
            "categories[0].expiry_months",
            "longer than duration.maximum_months (36)",
        ),
        (
            ("expiry_months = 24", ""),
            "categories[0].expiry_months",
            "needed unless duration.permanent_allowed",
        ),
        (
            ("permanent_allowed = false", "permanent_allowed = true"),
            "duration.permanent_allowed",
            "cannot be true with a maximum_months",
        ),
        (
            ("expiry_months = 6", "expiry_months = 37"),
            "warning.expiry_months",
            "longer than duration.maximum_months",
        ),
        (
            ("interim_alert = false", 'interim_alert = false\ninterim_categories = ["HIT"]'),
            "decision.interim_categories",
            "only means something when interim_alert = true",
        ),
        (
            ("interim_alert = false", 'interim_alert = true\ninterim_categories = ["PUNCH"]'),
            "decision.interim_categories",
            "'PUNCH' is not one of",
        ),
        (
            ("[review]", '[[notices]]\nwhen = ["gossip"]\ntitle = "CMT"\nto = "manager"\n[review]'),
            "notices[0].when",
            "'gossip' is not one of",
        ),
        (
            ("[review]", '[[notices]]\nwhen = ["police"]\ntitle = "CMT"\nto = "mayor"\n[review]'),
            "notices[0].to",
            "'mayor' is not one of",
        ),
        (
            ("[review]", '[[notices]]\nwhen = []\ntitle = "CMT"\nto = "manager"\n[review]'),
            "notices[0].when",
            "at least one trigger",
        ),
        # Who may change a caution after the decision.
        (('removal = "review_only"', ""), "changes.removal", "missing"),
        (
            ('removal = "review_only"', 'removal = "anyone"'),
            "changes.removal",
            "'anyone' is not one of",
        ),
        (('removal = "review_only"', "removal = 3"), "changes.removal", "route word or a table"),
        (("quorum = 2 }", "quorum = 1 }"), "changes.extension.quorum", "at least 2"),
        (('role = "decision_maker" }', 'role = "boss" }'), "changes.period.role", "not one of"),
        # The file is not TOML.
        (("[review]", "[review"), "file", "not valid TOML"),
    ],
)
def test_a_broken_profile_names_the_file_key_and_reason(profile_dir, change, key, reason):
    with pytest.raises(ProfileError) as error:
        load(profile_dir, changed(*change))
    assert error.value.path.name == "test.toml"
    assert error.value.key == key
    assert reason in error.value.reason
    assert str(error.value).startswith(f"test.toml: {key}: ")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("[profile]", 'colour = "red"\n[profile]'), "colour"),
        (
            ("interval_months = 6", "interval_months = 6\nintervall_months = 3"),
            "review.intervall_months",
        ),
        (
            ('panel_member = "Test Panel member"', 'chief_executive = "Chief Executive"'),
            "names.roles.chief_executive",
        ),
        (("quorum = 3", "quorum = 3\nchairs = 1"), "decision.panel.chairs"),
        (
            ("{ days = 5, working = false }", "{ days = 5, working = false, weekends = true }"),
            "decision.deadline.weekends",
        ),
        (('label = "Violence"', 'label = "Violence"\nseverity = 3'), "categories[0].severity"),
        (('title = "Director"', 'title = "Director"\nname = "Jo"'), "appeal.handler.name"),
        (
            ('terms = "decision"', 'terms = "decision"\ncorrection = "officer"'),
            "changes.correction",
        ),
        (("quorum = 2 }", 'quorum = 2, chair = "x" }'), "changes.extension.chair"),
    ],
)
def test_an_unknown_key_is_refused_so_typos_do_not_pass(profile_dir, change, key):
    with pytest.raises(ProfileError) as error:
        load(profile_dir, changed(*change))
    assert error.value.key == key
    assert "unknown key" in error.value.reason


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


def test_whether_a_partner_must_tell_the_person_is_a_true_or_false(profile_dir):
    told = changed(
        "permanent_allowed = false\n",
        "permanent_allowed = false\npartner_must_tell_person = true\n",
    )
    assert load(profile_dir, told).duration.partner_must_tell_person is True
    load_profile.cache_clear()
    assert load(profile_dir, GOOD).duration.partner_must_tell_person is False
    load_profile.cache_clear()

    with pytest.raises(ProfileError, match="partner_must_tell_person"):
        load(
            profile_dir,
            told.replace("partner_must_tell_person = true", 'partner_must_tell_person = "yes"'),
        )
