"""Backups of everything: the database and the uploaded files (the bucket or the folder),
with a manifest that counts and fingerprints both.

A backup is a folder::

    manifest.json   tables and their row counts, every file's size and sha256
    database.dump   pg_dump's custom format (SQLite's copy in development)
    files/…         every object of the default storage, under its storage name

:func:`verify_backup` restores both into scratch places (a scratch database, a scratch
folder) and compares them with the manifest: a restore that was tried, not hoped for.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connection
from django.utils import timezone

from network import backups

MANIFEST = "manifest.json"
DATABASE = "database.dump"
FILES = "files"
CHUNK = 1 << 20


class BackupError(RuntimeError):
    """A backup that does not restore to what its manifest says."""


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name of ``storage``, folders walked (empty for a folder not created yet)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _copy_and_hash(source: Any, target: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def back_up_everything(
    folder: Path, *, database: dict[str, Any] | None = None, storage: Storage | None = None
) -> dict[str, Any]:
    """Write the database, every stored file and the manifest into ``folder``; return the
    manifest. Side effects: ``folder`` is created (it must not hold a backup already)."""
    database = dict(database or connection.settings_dict)
    storage = storage or default_storage
    if (folder / MANIFEST).exists():
        raise BackupError(f"{folder} already holds a backup")
    folder.mkdir(parents=True, exist_ok=True)
    backups.backup(folder / DATABASE, database)
    files: dict[str, dict[str, Any]] = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as source:
            sha256, size = _copy_and_hash(source, folder / FILES / name)
        files[name] = {"sha256": sha256, "bytes": size}
    tables = backups.row_counts(database)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "storage": storage.__class__.__name__,  # the wrapped class of default_storage
        "database": {
            "file": DATABASE,
            "sha256": sha256_of(folder / DATABASE),
            "bytes": (folder / DATABASE).stat().st_size,
            "tables": tables,
            "rows": sum(tables.values()),
        },
        "files": {
            "count": len(files),
            "bytes": sum(entry["bytes"] for entry in files.values()),
            "entries": files,
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking that every file of the backup is whole."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from None
    if sha256_of(folder / DATABASE) != manifest["database"]["sha256"]:
        raise BackupError(f"{folder / DATABASE} differs from its manifest")
    for name, entry in manifest["files"]["entries"].items():
        path = folder / FILES / name
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{path} is missing or differs from its manifest")
    return manifest


def restore_everything(
    folder: Path, *, database: dict[str, Any] | None = None, storage: Storage | None = None
) -> dict[str, Any]:
    """Replace the database's content and put back every file of the backup, under its
    name. Side effects: the database is overwritten; files of the backup overwrite those of
    the same name (files added since are kept). Returns the manifest."""
    manifest = read_manifest(folder)
    storage = storage or default_storage
    backups.restore(folder / DATABASE, database or connection.settings_dict)
    for name in manifest["files"]["entries"]:
        storage.delete(name)
        with (folder / FILES / name).open("rb") as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"{name} was restored as {saved}")
    return manifest


def verify_backup(
    folder: Path, *, database: dict[str, Any] | None = None, storage: Storage | None = None
) -> dict[str, int]:
    """Back up into ``folder``, restore the database into a scratch database and the files
    into a scratch folder, and compare both with the manifest. Returns the figures (tables,
    rows, files, bytes); raises :class:`BackupError` on any difference."""
    database = dict(database or connection.settings_dict)
    manifest = back_up_everything(folder, database=database, storage=storage)
    scratch_db = dict(database, NAME=backups._scratch_name(database, folder / DATABASE))
    backups._create(scratch_db)
    try:
        backups.restore(folder / DATABASE, scratch_db)
        restored_tables = backups.row_counts(scratch_db)
    finally:
        backups._drop(scratch_db)
    if restored_tables != manifest["database"]["tables"]:
        raise BackupError(f"the restored database differs: {restored_tables}")
    scratch = Path(tempfile.mkdtemp(prefix="restore-check-"))
    try:
        restore_files = FileSystemStorage(location=scratch)
        for name in manifest["files"]["entries"]:
            with (folder / FILES / name).open("rb") as source:
                restore_files.save(name, File(source, name=name))
        restored: dict[str, dict[str, Any]] = {
            name: {"sha256": sha256_of(scratch / name), "bytes": (scratch / name).stat().st_size}
            for name in stored_names(restore_files)
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if restored != manifest["files"]["entries"]:
        raise BackupError("the restored files differ from the manifest")
    return {
        "tables": len(restored_tables),
        "rows": sum(restored_tables.values()),
        "files": len(restored),
        "bytes": sum(entry["bytes"] for entry in restored.values()),
    }
