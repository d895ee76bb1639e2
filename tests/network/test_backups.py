"""Backups of everything restore: ``make backup-check`` backs up the database and the files,
restores both into scratch places and compares them with the manifest."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from network import backups, file_backups
from network.models import EngagementRole
from tests.conftest import needs_services
from tests.factories import EngagementRoleFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("appels/appel.pdf", ContentFile(b"%PDF-1.4 appel"))
    default_storage.save("experiences/3/4f2a", ContentFile(b"%PDF-1.4 compte rendu"))
    return tmp_path / "media"


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_the_database_and_the_files_into_scratch_places(
    tmp_path: Path, media: Path
) -> None:
    EngagementRoleFactory(name="Patient partenaire")
    out = io.StringIO()

    call_command("backup_database", "--verify", "--output", str(tmp_path / "b"), stdout=out)

    assert "2 files, 35 bytes, all identical" in out.getvalue()
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["database"]["tables"]["network_engagementrole"] == 1
    assert manifest["files"]["count"] == 2
    assert manifest["files"]["entries"]["appels/appel.pdf"]["bytes"] == 14
    assert (tmp_path / "b" / "files" / "experiences/3/4f2a").read_bytes() == (
        b"%PDF-1.4 compte rendu"
    )
    assert backups.row_counts(connection.settings_dict)["network_engagementrole"] == 1


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_brings_back_rows_and_files_deleted_after_the_backup(
    tmp_path: Path, media: Path
) -> None:
    EngagementRoleFactory(name="Patient partenaire")
    call_command("backup_database", "--output", str(tmp_path / "b"), stdout=io.StringIO())
    EngagementRole.objects.all().delete()
    default_storage.delete("appels/appel.pdf")
    connection.close()  # pg_restore --clean drops the tables this connection has open

    call_command("restore_database", str(tmp_path / "b"), "--yes", stdout=io.StringIO())

    assert list(EngagementRole.objects.values_list("name", flat=True)) == ["Patient partenaire"]
    assert (media / "appels" / "appel.pdf").read_bytes() == b"%PDF-1.4 appel"


def _sqlite(tmp_path: Path) -> dict[str, str]:
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with sqlite3.connect(database["NAME"]) as db:
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (1)")
    return database


def test_verify_refuses_a_restore_that_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _sqlite(tmp_path)
    real_restore = backups.restore

    def lossy_restore(path: Path, target: dict[str, str]) -> None:
        real_restore(path, target)
        with sqlite3.connect(target["NAME"]) as db:
            db.execute("DELETE FROM t")

    assert backups.verify(tmp_path / "ok.dump", database) == {"t": 1}
    monkeypatch.setattr(backups, "restore", lossy_restore)
    with pytest.raises(RuntimeError, match="differs"):
        backups.verify(tmp_path / "lossy.dump", database)
    with pytest.raises(file_backups.BackupError, match="restored database differs"):
        file_backups.verify_backup(
            tmp_path / "lossy", database=database, storage=FileSystemStorage(tmp_path / "none")
        )


def test_a_damaged_file_in_a_backup_is_refused_before_anything_is_restored(
    tmp_path: Path,
) -> None:
    database = _sqlite(tmp_path)
    storage = FileSystemStorage(tmp_path / "media")
    storage.save("dossiers/dossier.pdf", ContentFile(b"%PDF-1.4 dossier"))
    file_backups.back_up_everything(tmp_path / "b", database=database, storage=storage)
    (tmp_path / "b" / "files" / "dossiers" / "dossier.pdf").write_bytes(b"abime")
    storage.delete("dossiers/dossier.pdf")

    with pytest.raises(file_backups.BackupError, match="differs from its manifest"):
        file_backups.restore_everything(tmp_path / "b", database=database, storage=storage)
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore_database", str(tmp_path / "absent"), "--yes")

    assert not storage.exists("dossiers/dossier.pdf")


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_backup_check_reports_rows_files_and_bytes(tmp_path: Path, media: Path) -> None:
    """The Makefile target as an operator runs it (its install step taken as done), on the
    test database and folder."""
    EngagementRoleFactory(name="Patient partenaire")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "network.settings",
    }
    scratch = ROOT / "backups" / "check"

    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "-C", str(ROOT), "-o", "install", "backup-check"],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 files, 35 bytes, all identical" in result.stdout
    manifest = json.loads((scratch / "manifest.json").read_text())
    assert manifest["database"]["tables"]["network_engagementrole"] == 1
