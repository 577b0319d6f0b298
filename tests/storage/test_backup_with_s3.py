"""`caution backup` and `caution restore` with the private files in a bucket: the files are
read from the bucket into the archive and put back exactly as they were."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from caution.backups.databases import pg_tool
from caution.people.models import Person
from tests.factories import make_person
from tests.ops.conftest import manifest_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.s3]


@pytest.fixture(autouse=True)
def client_tools():
    if connection.vendor == "postgresql" and not (pg_tool("pg_dump") and pg_tool("pg_restore")):
        pytest.skip("PostgreSQL's client tools (pg_dump, pg_restore) are not installed")


def test_a_backup_holds_every_file_in_the_bucket_with_its_hash(tmp_path, private_files_in_s3):
    default_storage.save("evidence/2026/03/note.txt", ContentFile(b"You will regret this."))
    default_storage.save("letters/2026/03/1.pdf", ContentFile(b"%PDF-1.7 letter"))

    call_command("backup", str(tmp_path / "backup.tar.gz"))

    assert manifest_of(tmp_path / "backup.tar.gz").files == private_files_in_s3.hashes()


def test_a_restore_puts_the_bucket_back_as_it_was_backed_up(tmp_path, private_files_in_s3):
    make_person("Gary", "Pratt")
    default_storage.save("evidence/2026/03/note.txt", ContentFile(b"You will regret this."))
    default_storage.save("letters/2026/03/1.pdf", ContentFile(b"%PDF-1.7 letter"))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    backed_up = private_files_in_s3.hashes()
    make_person("Ann", "Lee")
    default_storage.save("evidence/2026/03/later.txt", ContentFile(b"Added later."))
    default_storage.delete("letters/2026/03/1.pdf")

    call_command("restore", str(archive), interactive=False)

    assert private_files_in_s3.hashes() == backed_up
    assert list(Person.objects.values_list("names__family_name", flat=True)) == ["Pratt"]
