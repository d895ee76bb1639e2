"""Back up the database and the uploaded files, or prove that a backup restores
(``--verify``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from network.file_backups import BackupError, back_up_everything, verify_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup) and every uploaded file (bucket "
        "or folder) into a folder with a manifest; --verify also restores both and compares."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Default: backups/reseau-<time>/")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Restore into a scratch database and a scratch folder, compare with the "
            "manifest (row counts, files, sha256).",
        )

    def handle(self, *args: Any, output: Path | None, verify: bool, **options: Any) -> None:
        folder = output or Path("backups") / f"reseau-{timezone.now():%Y%m%d-%H%M%S}"
        try:
            if not verify:
                manifest = back_up_everything(folder)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Backup written to {folder}: {len(manifest['database']['tables'])} "
                        f"tables, {manifest['database']['rows']} rows, "
                        f"{manifest['files']['count']} files, {manifest['files']['bytes']} bytes."
                    )
                )
                return
            figures = verify_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup {folder} restored into a scratch database and a scratch folder: "
                f"{figures['tables']} tables, {figures['rows']} rows, {figures['files']} files, "
                f"{figures['bytes']} bytes, all identical."
            )
        )
