"""`caution demo`: demo data that exercises the profile, users for every role, safe to rerun."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caution.accounts.models import User
from caution.accounts.roles import Role
from caution.people.models import Address, Person, PersonName
from caution.policy.profiles import load_profile
from caution.register.models import Caution
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def demo_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CAUTION_PROFILE = "harborough"


def run_demo(capsys, **options) -> str:
    call_command("demo", no_serve=True, **options)
    return capsys.readouterr().out


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
    codes = {level.code for level in load_profile("dover").levels}
    assert set(Caution.objects.values_list("level", flat=True)) <= codes
    assert Person.objects.count() == 20 + 2


def test_it_will_not_touch_a_database_with_real_people(capsys):
    make_person("Real", "Person", reference="HDC-1")
    with pytest.raises(CommandError, match="real"):
        run_demo(capsys, people=20)
