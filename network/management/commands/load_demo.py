"""Load the demo content of every app that has a ``demo`` module with a ``load()``."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load every app's demo content from its demo/ folder (a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if (
                not config.name.startswith("django")
                and find_spec(config.name)
                and find_spec(module_name)
            ):
                counts = import_module(module_name).load()
                summary = ", ".join(f"{count} {what}" for what, count in counts.items())
                self.stdout.write(f"{config.verbose_name}: {summary}")
