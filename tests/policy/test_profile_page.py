"""An administrator sees the profile's rules in plain words (issue 3: "an administrator can
view it in the UI")."""

import pytest
from django.urls import reverse

from caution.policy import describe
from caution.policy.profiles import available, load_profile


@pytest.mark.parametrize("name", available())
def test_every_shipped_profile_shows_its_rules(client, administrator, settings, name):
    settings.CAUTION_PROFILE = name
    profile = load_profile(name)
    client.force_login(administrator)
    page = client.get(reverse("policy:profile")).content.decode()
    assert profile.register_name in page
    assert profile.decision_body in page
    assert profile.restrictions[0].label in page
    assert profile.categories[0].label in page


def test_the_page_gives_deadlines_in_working_or_calendar_days():
    rows = dict(row for _, rows in describe.sections(load_profile("harborough")) for row in rows)
    assert rows["Meeting due"] == ["Within 5 days of the incident report"]
    assert rows["Letter due"] == ["Within 2 working days of the decision"]


def test_the_page_names_the_fallback_for_a_conflicted_appeal_handler():
    rows = dict(row for _, rows in describe.sections(load_profile("cheltenham")) for row in rows)
    assert rows["Heard by"] == [
        "Executive Director of People and Change (otherwise Chief Executive)"
    ]


def test_the_page_says_when_there_is_no_appeal():
    rows = dict(describe.sections(load_profile("determination-team")))["Appeal"]
    assert rows[0] == ("Appeal", [load_profile("determination-team").appeal.route])


def test_the_page_shows_each_roles_name_in_the_councils_words():
    names = dict(describe.role_names(load_profile("dover")))
    assert names["Manager"] == "Line manager"
    assert names["Reporter"] == "Reporter"


def test_the_page_gives_each_category_its_suggested_level_and_expiry():
    rows = describe.categories(load_profile("cheltenham"))
    assert (
        "Physical assault",
        "Physical assault.",
        "ASSAULT Physical assault",
        "48 months",
    ) in rows
    assert describe.categories(load_profile("dover"))[0][2:] == ("1 Low", "No expiry")


def test_002_3_the_page_says_who_decides_each_change_after_the_decision():
    rows = dict(dict(describe.sections(load_profile("cheltenham")))["Changes after the decision"])
    assert rows["Early removal from the register"] == [
        "Governance Group, at a meeting of at least 2"
    ]
    assert rows["A shorter period: the expiry moves earlier"] == [
        "Customer and Support Services Manager"
    ]
    assert rows["A change of level"] == ["Service Manager, as the first decision"]
