"""Restore the database and the uploaded files from a backup made by ``backup_database``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network.file_backups import MANIFEST, BackupError, restore_everything


class Command(BaseCommand):
    help = "Replace the database's content and put back the files of a backup folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="A folder written by backup_database.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, backup: Path, yes: bool, **options: Any) -> None:
        if not (backup / MANIFEST).is_file():
            raise CommandError(f"No backup at {backup} (a folder with {MANIFEST})")
        if (
            not yes
            and input(f"Replace the database and files with {backup}? [y/N] ").lower() != "y"
        ):
            raise CommandError("Nothing restored.")
        try:
            manifest = restore_everything(backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored from {backup}: {manifest['database']['rows']} rows, "
                f"{manifest['files']['count']} files."
            )
        )
