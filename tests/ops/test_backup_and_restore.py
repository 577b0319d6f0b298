"""`caution backup` and `caution restore`: what they refuse, and what a restore puts right."""

import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from caution.audit.models import AuditEvent
from caution.people.models import Person
from tests.factories import make_person
from tests.ops.conftest import manifest_of, stored_files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(tmp_path):
    """A backup of one person and one stored file."""
    make_person("Gary", "Pratt")
    default_storage.save("evidence/2026/03/note.txt", ContentFile(b"You will regret this."))
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path))
    return path


def rewritten(archive, change) -> None:
    """The archive with `change(name, data)` applied to each part's bytes."""
    with tarfile.open(archive, "r:gz") as tar:
        parts = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in parts:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_backup_into_a_folder_is_named_for_its_time_and_lists_every_table_and_file(tmp_path):
    make_person("Gary", "Pratt")
    default_storage.save("letters/2026/03/letter.pdf", ContentFile(b"%PDF-1.7"))

    call_command("backup", str(tmp_path))

    [made] = tmp_path.glob("caution-*.tar.gz")
    manifest = manifest_of(made)
    assert manifest.tables["people_person"] == 1
    assert manifest.files == stored_files()
    assert made.stat().st_mode & 0o777 == 0o600


def test_a_backup_is_audited_in_the_backup_itself(archive):
    manifest = manifest_of(archive)

    assert AuditEvent.objects.filter(summary="Backed up the database and files").count() == 1
    assert manifest.tables["privacy_auditevent"] == AuditEvent.objects.count()


def test_backup_will_not_write_over_an_existing_archive(archive):
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(archive))


def test_a_restore_removes_what_was_added_since_the_backup(archive):
    make_person("Ann", "Lee")
    default_storage.save("evidence/2026/03/later.txt", ContentFile(b"Added later."))

    call_command("restore", str(archive), interactive=False)

    assert list(Person.objects.values_list("names__family_name", flat=True)) == ["Pratt"]
    assert stored_files() == manifest_of(archive).files


def test_a_restore_refuses_an_archive_whose_file_differs_from_its_manifest(archive):
    rewritten(archive, lambda name, data: b"Altered." if name.startswith("files/") else data)
    make_person("Ann", "Lee")

    with pytest.raises(CommandError, match=r"files/evidence/2026/03/note\.txt is missing or"):
        call_command("restore", str(archive), interactive=False)

    assert Person.objects.count() == 2  # nothing was touched


def test_a_restore_refuses_a_backup_made_by_a_later_release(archive):
    def later(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("people.9999_from_the_future")
        return json.dumps(manifest).encode()

    rewritten(archive, later)

    with pytest.raises(CommandError, match="later release"):
        call_command("restore", str(archive), interactive=False)


def test_a_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"not an archive")

    with pytest.raises(CommandError, match="cannot be read as a backup"):
        call_command("restore", str(path), interactive=False)


def test_a_restore_asks_first_and_does_nothing_unless_told_to_restore(archive, monkeypatch):
    make_person("Ann", "Lee")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(archive))

    assert Person.objects.count() == 2
