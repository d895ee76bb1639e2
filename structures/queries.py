from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from network.queries import search_words

if TYPE_CHECKING:
    from structures.models import Structure  # noqa: F401


class StructureQuerySet(models.QuerySet["Structure"]):
    def published(self) -> StructureQuerySet:
        return self.filter(published=True)

    def search(self, text: str) -> StructureQuerySet:
        """Structures whose name, city, département or presentation hold every word."""
        return search_words(self, text)

    def with_missions(self) -> StructureQuerySet:
        return self.prefetch_related("missions")

    def placed(self) -> StructureQuerySet:
        return self.filter(latitude__isnull=False, longitude__isnull=False)
