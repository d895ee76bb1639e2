"""Restore the database from a backup file made by ``backup_database``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network import backups


class Command(BaseCommand):
    help = "Replace the database's content with a backup (made by backup_database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, backup: Path, yes: bool, **options: Any) -> None:
        if not backup.is_file():
            raise CommandError(f"No backup file at {backup}")
        if not yes and input(f"Replace the database with {backup}? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        backups.restore(backup)
        self.stdout.write(self.style.SUCCESS(f"Database restored from {backup}"))
