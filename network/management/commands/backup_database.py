"""Back up the database to a file, or prove that a backup restores (``--verify``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from network import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's backup); --verify also restores it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Default: backups/reseau-<time>.dump")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Restore the backup into a scratch database and compare every table.",
        )

    def handle(self, *args: Any, output: Path | None, verify: bool, **options: Any) -> None:
        path = output or Path("backups") / f"reseau-{timezone.now():%Y%m%d-%H%M%S}.dump"
        if not verify:
            backups.backup(path)
            self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
            return
        counts = backups.verify(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup {path} restored into a scratch database: {len(counts)} tables, "
                f"{sum(counts.values())} rows, all identical."
            )
        )
