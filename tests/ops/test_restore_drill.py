"""The restore drill: demo data and a report with evidence, backed up; one person deleted;
the backup restored. Every table and file is as the manifest says, except the deleted
person's rows and files: they stay deleted. Prints the figures (`pytest -s`)."""

import pytest
from django.core.management import call_command
from django.db import connection

from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.audit.operator import SYSTEM
from caution.backups.databases import row_counts
from caution.letters.models import Letter
from caution.lib import clock
from caution.people.models import Person
from caution.privacy.retention import person_delete
from tests.demo.seeding import run_demo
from tests.factories import make_user
from tests.ops.conftest import manifest_of, stored_files
from tests.privacy.conftest import reported

pytestmark = pytest.mark.django_db(transaction=True)


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Rows fewer (or, negative, more) in `after`, by table, where they differ."""
    return {t: before[t] - after.get(t, 0) for t in before if before[t] != after.get(t, 0)}


def test_002_4_7_a_restored_backup_equals_its_manifest_but_the_deleted_stay_deleted(
    capsys, tmp_path
):
    """002 §4.7: records are kept six months after removal, then deleted. A restore of a
    backup made before the deletion must not bring them back (UK GDPR Article 17)."""
    run_demo(capsys, people=10)
    person = Letter.objects.exclude(pdf="").first().person
    reported(make_user(Role.REPORTER), person, category="ABUSE")  # evidence in storage
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))
    manifest = manifest_of(archive)
    assert row_counts() == manifest.tables
    assert stored_files() == manifest.files
    person_delete(person, on=clock.today(), by=SYSTEM)
    deleted = changed(manifest.tables, row_counts())
    his_files = manifest.files.keys() - stored_files().keys()
    call_command("restore", str(archive), interactive=False)
    restored = changed(manifest.tables, row_counts())

    assert not Person.objects.filter(pk=person.pk).exists()
    assert {name.split("/")[0] for name in his_files} == {"evidence", "letters"}
    assert stored_files() == {n: h for n, h in manifest.files.items() if n not in his_files}
    # The audit has one event more than before the restore: the restore's own.
    assert restored == {**deleted, "privacy_auditevent": deleted["privacy_auditevent"] - 1}
    assert deleted["people_person"] == 1
    assert AuditEvent.objects.filter(summary__startswith="Restored the backup").count() == 1
    with capsys.disabled():
        print(
            f"\nRestore drill on {connection.vendor}: {sum(manifest.tables.values())} rows in "
            f"{len(manifest.tables)} tables and {len(manifest.files)} files backed up; "
            f"after the restore, equal to the manifest but for the deleted person's rows "
            f"({', '.join(f'{t} -{n}' for t, n in sorted(restored.items()) if n > 0)}; "
            f"privacy_auditevent +{-restored['privacy_auditevent']}) "
            f"and files ({len(his_files)}: {', '.join(sorted(his_files))})."
        )
