"""Back up and restore the database: ``pg_dump``/``pg_restore`` for PostgreSQL, SQLite's
own backup API in development. :func:`verify` proves a backup restores: it restores into
a scratch database and compares every table's row count with the original. The tools run
from argument lists, never through a shell.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

PG_ENGINE = "django.db.backends.postgresql"


def _pg_command(program: str, database: dict[str, Any], *args: str) -> list[str]:
    command = [program]
    if database["HOST"]:
        command += ["--host", database["HOST"]]
    if database["PORT"]:
        command += ["--port", str(database["PORT"])]
    if database["USER"]:
        command += ["--username", database["USER"]]
    return [*command, "--no-password", *args]


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if database["PASSWORD"]:
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def backup(path: Path, database: dict[str, Any] | None = None) -> Path:
    """Write a full backup of the database to ``path``."""
    database = database or connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if database["ENGINE"] == PG_ENGINE:
        subprocess.run(  # noqa: S603
            _pg_command("pg_dump", database, "--format=custom", f"--file={path}", database["NAME"]),
            env=_pg_env(database),
            check=True,
        )
    else:
        path.unlink(missing_ok=True)
        with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(path) as target:
            source.backup(target)
    return path


def restore(path: Path, database: dict[str, Any] | None = None) -> None:
    """Replace the database's content with the backup's."""
    database = database or connection.settings_dict
    if database["ENGINE"] == PG_ENGINE:
        subprocess.run(  # noqa: S603
            _pg_command(
                "pg_restore",
                database,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(path),
            ),
            env=_pg_env(database),
            check=True,
        )
    else:
        with sqlite3.connect(path) as source, sqlite3.connect(database["NAME"]) as target:
            source.backup(target)


def row_counts(database: dict[str, Any]) -> dict[str, int]:
    """Every table's row count, read through a connection of its own."""
    if database["ENGINE"] == PG_ENGINE:
        import psycopg

        with psycopg.connect(
            dbname=database["NAME"],
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
        ) as db:
            tables = [
                row[0]
                for row in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {
                table: db.execute(
                    psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
                ).fetchone()[0]  # type: ignore[index]
                for table in tables
            }
    with sqlite3.connect(database["NAME"]) as db:
        tables = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        ]
        quoted = {table: '"' + table.replace('"', '""') + '"' for table in tables}
        return {
            table: db.execute(f"SELECT count(*) FROM {quoted[table]}").fetchone()[0]  # noqa: S608
            for table in tables
        }


def verify(path: Path, database: dict[str, Any] | None = None) -> dict[str, int]:
    """Back up the database to ``path``, restore it into a scratch database, and check that
    every table has the same row count. Returns the counts; raises on any difference."""
    database = dict(database or connection.settings_dict)
    backup(path, database)
    scratch = dict(database, NAME=_scratch_name(database, path))
    _create(scratch)
    try:
        restore(path, scratch)
        original, restored = row_counts(database), row_counts(scratch)
    finally:
        _drop(scratch)
    if original != restored:
        differences = {
            table: (original.get(table), restored.get(table))
            for table in original.keys() | restored.keys()
            if original.get(table) != restored.get(table)
        }
        raise RuntimeError(f"the restored database differs: {differences}")
    return original


def _scratch_name(database: dict[str, Any], path: Path) -> str:
    if database["ENGINE"] == PG_ENGINE:
        return f"{database['NAME']}_restore_check"
    return str(path.with_suffix(".restore-check.sqlite3"))


def _create(database: dict[str, Any]) -> None:
    _drop(database)
    if database["ENGINE"] == PG_ENGINE:
        subprocess.run(  # noqa: S603
            _pg_command("createdb", database, database["NAME"]), env=_pg_env(database), check=True
        )


def _drop(database: dict[str, Any]) -> None:
    if database["ENGINE"] == PG_ENGINE:
        subprocess.run(  # noqa: S603
            _pg_command("dropdb", database, "--if-exists", database["NAME"]),
            env=_pg_env(database),
            check=True,
        )
    else:
        Path(database["NAME"]).unlink(missing_ok=True)
