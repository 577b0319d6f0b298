"""`caution demo`: demo data that exercises the profile, users for every role, safe to rerun."""

import os
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from caution.accounts.models import User
from caution.accounts.roles import Role
from caution.incidents.models import Incident
from caution.incidents.selectors import assessment_queue, my_reports
from caution.letters.models import Letter
from caution.notifications.models import Notification
from caution.people.models import Address, Person, PersonName
from caution.policy.profiles import available, load_profile
from caution.register.dashboard import dashboard
from caution.register.models import (
    Appeal,
    Breach,
    Caution,
    Decision,
    Meeting,
    Restriction,
    ReviewMeeting,
)
from tests.demo.seeding import run_demo  # the command, its first run on a fresh database kept
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_loads_several_hundred_people_with_cautions_at_every_level(capsys):
    run_demo(capsys)
    assert Person.objects.count() >= 300
    assert set(Caution.objects.values_list("level", flat=True)) == {"1", "2", "3"}
    assert PersonName.objects.filter(kind=PersonName.Kind.ALIAS).exists()
    shared = [a for a in Address.objects.all() if a.person_links.count() > 1]
    assert shared
    assert Caution.objects.filter(address__isnull=False).exists()


def test_it_creates_one_user_per_role_and_prints_their_sign_in(capsys):
    out = run_demo(capsys, people=20)
    for role in Role:
        user = User.objects.get(username=role.value.replace("_", "-"))
        assert [group.name for group in user.groups.all()] == [role.label]
        assert f"{role.label:<26} {user.username}" in out


def test_running_it_again_changes_no_data(capsys):
    run_demo(capsys, people=20)
    counts = (Person.objects.count(), Caution.objects.count(), User.objects.count())
    run_demo(capsys, people=20)
    assert (Person.objects.count(), Caution.objects.count(), User.objects.count()) == counts


def test_another_profile_replaces_the_demo_data_with_its_own_levels(capsys, settings):
    run_demo(capsys, people=20)
    run_demo(capsys, people=20, profile="dover")
    assert settings.CAUTION_PROFILE == "dover"
    dover = load_profile("dover")
    levels = {level.code for level in dover.levels}
    assert set(Caution.objects.values_list("level", flat=True)) <= levels
    categories = {category.code for category in dover.categories} | {""}
    assert set(Incident.objects.values_list("category", flat=True)) <= categories
    assert not Meeting.objects.exists()  # Dover's line manager decides alone
    assert Person.objects.filter(reference__regex=r"^DEMO-\d").count() == 20


def test_choosing_a_profile_leaves_the_processes_environment_alone(capsys, monkeypatch):
    """Commands run after the demo in the same process (and their child processes) keep
    the installation's own profile setting."""
    monkeypatch.delenv("CAUTION_PROFILE", raising=False)
    run_demo(capsys, people=5, profile="dover")
    assert "CAUTION_PROFILE" not in os.environ


def test_it_will_not_touch_a_database_with_real_people(capsys):
    make_person("Real", "Person", reference="HDC-1")
    with pytest.raises(CommandError, match="real"):
        run_demo(capsys, people=20)


@pytest.mark.parametrize("profile", available())
def test_each_profile_has_reports_in_every_state_of_its_own_process(capsys, profile):
    run_demo(capsys, people=10, profile=profile)
    rules = load_profile(profile)
    assert set(Incident.objects.values_list("status", flat=True)) == set(Incident.Status.values)
    kinds = set(Incident.objects.values_list("kind", flat=True))
    assert {Incident.Kind.LOW_LEVEL, Incident.Kind.POSITIVE, Incident.Kind.THIRD_PARTY} <= kinds
    outcomes = set(Decision.objects.values_list("outcome", flat=True))
    assert (Decision.Outcome.WARNING in outcomes) == rules.warning.first
    assert Restriction.objects.filter(caution__decision__isnull=False).exists()
    assert Breach.objects.filter(restriction__isnull=False).exists()
    interim = Caution.objects.active().filter(interim=True)
    assert interim.exists() == rules.decision.interim_alert
    awaiting = Decision.objects.filter(status=Decision.Status.AWAITING_APPROVAL)
    assert awaiting.exists() == (rules.decision.approval is not None)


@pytest.mark.parametrize("profile", ["harborough", "determination-team", "workington"])
def test_a_panel_has_a_meeting_held_and_one_to_come(capsys, profile):
    run_demo(capsys, people=10, profile=profile)
    quorum = load_profile(profile).decision.panel.quorum
    held = Meeting.objects.filter(status=Meeting.Status.HELD, decisions__isnull=False).distinct()
    assert held and all(meeting.attended.count() >= quorum for meeting in held)
    [coming] = Meeting.objects.filter(status=Meeting.Status.SCHEDULED)
    assert coming.invited.count() >= quorum
    assert coming.cases.get().status == Incident.Status.ASSESSED


@pytest.mark.parametrize("profile", ["harborough", "dover"])
def test_signing_in_as_a_demo_user_shows_real_work(capsys, profile):
    run_demo(capsys, people=10, profile=profile)
    officer, manager, reporter = (
        User.objects.get(username=name) for name in ("register-officer", "manager", "reporter")
    )
    work = {section.title: section.items for section in dashboard(officer)}
    assert any(item.overdue for item in work["Reports awaiting assessment"])
    assert work["Decisions due"]
    assert assessment_queue(manager).count() >= 3
    assert my_reports(reporter).filter(status=Incident.Status.DRAFT).exists()
    assert reporter.notifications.filter(safety=True).exists()  # 003 §6.3
    assert officer.notifications.filter(subject__contains="breached").exists()


def test_running_it_again_adds_no_reports(capsys):
    run_demo(capsys, people=10)
    counts = (Incident.objects.count(), Decision.objects.count(), Meeting.objects.count())
    run_demo(capsys, people=10)
    assert (Incident.objects.count(), Decision.objects.count(), Meeting.objects.count()) == counts


def test_running_it_again_adds_no_letters_appeals_or_review_meetings(capsys):
    run_demo(capsys, people=10)
    counts = (Letter.objects.count(), Appeal.objects.count(), ReviewMeeting.objects.count())
    run_demo(capsys, people=10)
    assert (Letter.objects.count(), Appeal.objects.count(), ReviewMeeting.objects.count()) == counts


def test_another_profile_removes_the_old_letters_with_their_files(capsys, tmp_path):
    run_demo(capsys, people=10)
    files = {letter.pdf.path for letter in Letter.objects.exclude(pdf="")}
    old = {str(pk) for pk in Letter.objects.values_list("id", flat=True)}
    run_demo(capsys, people=10, profile="dover")
    assert set(Letter.objects.values_list("profile", flat=True)) == {"dover"}
    assert files and not any(Path(path).exists() for path in files)
    assert not ReviewMeeting.objects.exists()  # Dover's reviewing manager holds none
    urls = Notification.objects.values_list("url", flat=True)
    assert not [url for url in urls if any(pk in url for pk in old)]
