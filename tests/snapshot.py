"""A copy of every table's rows kept aside in the test database, put back in one transaction.

The browser tests that write need the demo content at their start. Emptying the database,
restoring what the migrations wrote and loading the demo again costs seconds; putting back
a copy taken once costs a TRUNCATE and one INSERT … SELECT per table. The copy lives in a
PostgreSQL schema of its own, outside the search path: Django never sees its tables (a
flush leaves them alone) and it goes with the test database.
"""

from __future__ import annotations

from django.db import connection, transaction


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


class Snapshot:
    """The rows of the tables of Django's models (and their sequences) at ``take()``."""

    def __init__(self, name: str) -> None:
        self.schema = _quoted(f"snapshot_{name}")
        self.columns: dict[str, str] = {}
        self.sequences: list[tuple[str, int, bool]] = []

    @staticmethod
    def supported() -> bool:
        return connection.vendor == "postgresql"

    def take(self) -> None:
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            self.columns = {}
            for table in sorted(tables):
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND table_name = %s AND is_generated = 'NEVER' "
                    "ORDER BY ordinal_position",
                    [table],
                )
                names = ", ".join(_quoted(name) for (name,) in cursor.fetchall())
                self.columns[table] = names
                cursor.execute(  # identifiers from introspection, quoted by Django
                    f"CREATE TABLE {self.schema}.{_quoted(table)} AS "  # noqa: S608
                    f"SELECT {names} FROM {_quoted(table)}"
                )
            cursor.execute(
                "SELECT sequencename, coalesce(last_value, 1), last_value IS NOT NULL "
                "FROM pg_sequences WHERE schemaname = current_schema()"
            )
            self.sequences = [(_quoted(name), value, called) for name, value, called in cursor]

    def restore(self) -> None:
        """Every table as it was at ``take()``; the constraints are checked at the commit
        (Django's foreign keys are deferrable), so the order of the tables does not matter."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(_quoted(t) for t in self.columns)}")
            for table, names in self.columns.items():
                cursor.execute(  # identifiers from introspection, quoted by Django
                    f"INSERT INTO {_quoted(table)} ({names}) "  # noqa: S608
                    f"SELECT {names} FROM {self.schema}.{_quoted(table)}"
                )
            for sequence, value, called in self.sequences:
                cursor.execute("SELECT setval(%s, %s, %s)", [sequence, value, called])

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
