"""Backups restore: ``make backup-check`` backs up, restores into a scratch database and
compares every table."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from network import backups
from network.models import EngagementRole
from tests.conftest import needs_services
from tests.factories import EngagementRoleFactory


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_scratch_database_with_every_row(tmp_path: Path) -> None:
    EngagementRoleFactory(name="Patient partenaire")
    out = io.StringIO()

    call_command("backup_database", "--verify", "--output", str(tmp_path / "b.dump"), stdout=out)

    assert "all identical" in out.getvalue()
    assert (tmp_path / "b.dump").stat().st_size > 0
    counts = backups.row_counts(connection.settings_dict)
    assert counts["network_engagementrole"] == 1


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_brings_back_what_was_deleted_after_the_backup(tmp_path: Path) -> None:
    EngagementRoleFactory(name="Patient partenaire")
    call_command("backup_database", "--output", str(tmp_path / "b.dump"), stdout=io.StringIO())
    EngagementRole.objects.all().delete()
    connection.close()  # pg_restore --clean drops the tables this connection has open

    call_command("restore_database", str(tmp_path / "b.dump"), "--yes", stdout=io.StringIO())

    assert list(EngagementRole.objects.values_list("name", flat=True)) == ["Patient partenaire"]


def test_verify_refuses_a_restore_that_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    import sqlite3

    with sqlite3.connect(database["NAME"]) as db:
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (1)")
    real_restore = backups.restore

    def lossy_restore(path: Path, target: dict[str, str]) -> None:
        real_restore(path, target)
        with sqlite3.connect(target["NAME"]) as db:
            db.execute("DELETE FROM t")

    assert backups.verify(tmp_path / "ok.dump", database) == {"t": 1}
    monkeypatch.setattr(backups, "restore", lossy_restore)
    with pytest.raises(RuntimeError, match="differs"):
        backups.verify(tmp_path / "lossy.dump", database)
