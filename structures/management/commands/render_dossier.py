"""Queue the rendering of the latest press dossier (done at once when Celery is eager)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from structures import services
from structures.models import PressDossier


class Command(BaseCommand):
    help = "Render the latest press dossier's PDF if its data changed (--force: in any case)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        dossier = PressDossier.objects.order_by("-edition").first()
        if dossier is None:
            self.stdout.write("No press dossier.")
            return
        with transaction.atomic():
            queued = services.request_dossier_rendering(dossier, force=force)
        dossier.refresh_from_db()
        if not queued:
            self.stdout.write(f"{dossier}: up to date ({dossier.get_status_display()}).")
        else:
            self.stdout.write(f"{dossier}: {dossier.get_status_display()}.")
