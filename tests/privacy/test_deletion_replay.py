"""A deletion made again after a restore: a backup taken before someone was deleted still
holds them, and restoring it must not bring them back (UK GDPR Article 17). The restore
itself is drilled in tests/ops/."""

import datetime as dt

import pytest

from caution.audit.models import AuditEvent
from caution.audit.operator import SYSTEM
from caution.incidents.models import Evidence
from caution.lib import clock
from caution.people.models import Person
from caution.privacy.models import Tombstone
from caution.privacy.retention import deletion_replay, person_delete

pytestmark = pytest.mark.django_db


def restored_tombstone(person: Person) -> Tombstone:
    """The tombstone of a deletion made after the backup: in the database the restore
    replaced, not in the restored one."""
    return Tombstone(
        person_id=person.pk, profile="cheltenham", deleted_on=dt.date(2026, 5, 1), cautions=1
    )


def test_a_tombstone_keeps_the_id_of_the_person_deleted(caution):
    tombstone = person_delete(caution.person, on=clock.today(), by=SYSTEM)

    assert tombstone.person_id == caution.person.pk


def test_a_person_a_restore_brought_back_is_deleted_again_with_their_files(
    caution, private_files, django_capture_on_commit_callbacks
):
    [evidence] = Evidence.objects.all()
    tombstone = restored_tombstone(caution.person)

    with django_capture_on_commit_callbacks(execute=True):
        assert deletion_replay(tombstone, by=SYSTEM) is True

    assert not Person.objects.filter(pk=caution.person.pk).exists()
    assert not (private_files / evidence.file.name).exists()
    assert AuditEvent.objects.filter(
        summary__startswith="Deleted a person's records again", target_id=str(tombstone.pk)
    ).exists()


def test_the_tombstone_made_again_is_the_one_the_deletion_left(caution):
    tombstone = restored_tombstone(caution.person)

    deletion_replay(tombstone, by=SYSTEM)

    [kept] = Tombstone.objects.all()
    assert (kept.pk, kept.deleted_on, kept.cautions) == (tombstone.pk, dt.date(2026, 5, 1), 1)


def test_a_deletion_the_backup_already_held_changes_nothing(caution):
    tombstone = person_delete(caution.person, on=clock.today(), by=SYSTEM)
    events = AuditEvent.objects.count()

    assert deletion_replay(tombstone, by=SYSTEM) is False
    assert Tombstone.objects.count() == 1
    assert AuditEvent.objects.count() == events
