"""One backup archive: the database, the private files and a manifest that says what both
held (rows per table, a SHA-256 per file); and restoring one, deletions since included.

The archive is a gzipped tar: `database.dump` (PostgreSQL's custom format) or
`database.sqlite3`, `files/<name in private storage>`, and `manifest.json`, written last.
It is written beside its final name and renamed when complete, so an archive under its
name is always whole.
"""

import dataclasses
import hashlib
import io
import json
import posixpath
import tarfile
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from caution.audit.actions import audit_record
from caution.audit.models import AuditEvent
from caution.backups.databases import (
    FILE_NAMES,
    BackupError,
    database_dump,
    database_load,
    row_counts,
    vendor,
)
from caution.lib import clock
from caution.privacy.models import Tombstone
from caution.privacy.retention import deletion_replay

FORMAT = "caution-backup/1"
MANIFEST = "manifest.json"
FILES = "files"


@dataclasses.dataclass
class Manifest:
    """What a backup holds: made when, of which database, at which migrations, the rows
    per table and the SHA-256 of the database copy and of each private file."""

    made_at: str
    vendor: str
    database_sha256: str
    migrations: list[str]
    tables: dict[str, int]
    files: dict[str, str]
    format: str = FORMAT

    @property
    def database(self) -> str:
        return FILE_NAMES[self.vendor]

    def to_json(self) -> bytes:
        return json.dumps(dataclasses.asdict(self), indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        try:
            fields = json.loads(data)
            if fields.get("format") != FORMAT:
                raise BackupError(f"Not a {FORMAT} archive.")
            return cls(**fields)
        except (ValueError, TypeError) as error:
            raise BackupError(f"The manifest cannot be read: {error}") from None


@dataclasses.dataclass
class Restored:
    """What a restore did: the backup's manifest, the rows per table once deletions were
    made again, the deletions made again, and files not in the backup removed."""

    manifest: Manifest
    rows: dict[str, int]
    deletions_replayed: int
    files_removed: int


def backup_make(path: Path, *, by) -> Manifest:
    """Back up the database and the private files into the archive `path`."""
    # Audited first, so the backup itself holds the record of its making.
    with transaction.atomic():
        audit_record(by=by, verb=AuditEvent.Verb.EXPORT, summary="Backed up the database and files")
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / FILE_NAMES[vendor()]
        migrations = _applied_migrations()
        tables = database_dump(copy)
        partial = path.with_name(f".{path.name}.partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(copy, arcname=copy.name)
            files = _files_add(tar, default_storage)
            manifest = Manifest(
                made_at=clock.now().isoformat(timespec="seconds"),
                vendor=vendor(),
                database_sha256=_sha256_file(copy),
                migrations=migrations,
                tables=tables,
                files=files,
            )
            _add(tar, MANIFEST, manifest.to_json())
        partial.chmod(0o600)
        partial.replace(path)
    return manifest


def backup_read(path: Path, into: Path) -> Manifest:
    """Unpack the archive into the folder `into` and check every part against the manifest."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} cannot be read as a backup: {error}") from None
    if not (into / MANIFEST).is_file():
        raise BackupError(f"{path} has no {MANIFEST}: not a backup, or not a whole one.")
    manifest = Manifest.from_json((into / MANIFEST).read_bytes())
    if not (into / manifest.database).is_file() or (
        _sha256_file(into / manifest.database) != manifest.database_sha256
    ):
        raise BackupError(f"{manifest.database} is missing or differs from the manifest.")
    for name, sha256 in manifest.files.items():
        stored = into / FILES / name
        if not stored.is_file() or _sha256_file(stored) != sha256:
            raise BackupError(f"{FILES}/{name} is missing or differs from the manifest.")
    return manifest


def backup_restore(path: Path, *, by) -> Restored:
    """Replace the database and the private files with the backup's, then make again every
    deletion made since the backup (from the tombstones of the database replaced), so that
    no deleted person comes back (UK GDPR Article 17). Stop the web and worker processes
    first: the database is replaced under them."""
    with tempfile.TemporaryDirectory() as work:
        manifest = backup_read(path, Path(work))
        _check_restorable(manifest)
        deletions = _tombstones_now()
        database_load(Path(work) / manifest.database, tables=list(manifest.tables))
        ContentType.objects.clear_cache()
        differ = _differences(manifest.tables, row_counts())
        if differ:
            raise BackupError(f"After loading, rows differ from the manifest in: {differ}")
        removed = _files_restore(Path(work) / FILES, manifest.files, default_storage)
    _migrate_if_behind(manifest)
    replayed = sum(deletion_replay(tombstone, by=by) for tombstone in deletions)
    with transaction.atomic():
        audit_record(
            by=by,
            verb=AuditEvent.Verb.CHANGE,
            summary=f"Restored the backup made at {manifest.made_at}",
            details={"deletions_replayed": replayed, "files_removed": removed},
        )
    return Restored(manifest, row_counts(), replayed, removed)


def _differences(expected: dict[str, int], found: dict[str, int]) -> str:
    return ", ".join(
        f"{table} ({expected.get(table, 0)} in the backup, {found.get(table, 0)} now)"
        for table in sorted(expected.keys() | found.keys())
        if expected.get(table, 0) != found.get(table, 0)
    )


def _applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _known_migrations() -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}


def _check_restorable(manifest: Manifest) -> None:
    if manifest.vendor != vendor():
        raise BackupError(
            f"This is a backup of a {manifest.vendor} database; DATABASE_URL names a "
            f"{vendor()} one."
        )
    unknown = sorted(set(manifest.migrations) - _known_migrations())
    if unknown:
        raise BackupError(
            f"The backup was made by a later release (migrations {', '.join(unknown[:3])}): "
            "install that release to restore it."
        )


def _migrate_if_behind(manifest: Manifest) -> None:
    if _known_migrations() - set(manifest.migrations):
        call_command("migrate", interactive=False, verbosity=0)


def _tombstones_now() -> list[Tombstone]:
    """The deletions the database about to be replaced knows of; none if it has no tables."""
    with connection.cursor() as cursor:
        if Tombstone._meta.db_table not in connection.introspection.table_names(cursor):
            return []
    return list(Tombstone.objects.exclude(person_id=None).order_by("deleted_on"))


def _stored_names(storage: Storage, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing stored yet
        return []
    names = [posixpath.join(folder, name) for name in files]
    for sub in folders:
        names += _stored_names(storage, posixpath.join(folder, sub))
    return sorted(names)


def _files_add(tar: tarfile.TarFile, storage: Storage) -> dict[str, str]:
    hashes = {}
    for name in _stored_names(storage):
        with storage.open(name, "rb") as stored:
            data = stored.read()
        hashes[name] = hashlib.sha256(data).hexdigest()
        _add(tar, f"{FILES}/{name}", data)
    return hashes


def _files_restore(folder: Path, files: dict[str, str], storage: Storage) -> int:
    """Put the backup's files in storage and remove those it did not have (they belong to
    records the restore took back); how many were removed."""
    extra = [name for name in _stored_names(storage) if name not in files]
    for name in extra:
        storage.delete(name)
    for name in files:
        if storage.exists(name):
            storage.delete(name)
        with (folder / name).open("rb") as data:
            saved = storage.save(name, File(data, name=name))
        if saved != name:
            raise BackupError(f"{FILES}/{name} was stored as {saved}.")
    return len(extra)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(clock.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
