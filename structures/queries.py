from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from network.text import normalise_for_search

if TYPE_CHECKING:
    from structures.models import Structure  # noqa: F401


class StructureQuerySet(models.QuerySet["Structure"]):
    def published(self) -> StructureQuerySet:
        return self.filter(published=True)

    def search(self, text: str) -> StructureQuerySet:
        """Structures whose name, city, département or presentation hold every word."""
        query = self
        for word in normalise_for_search(text).split():
            query = query.filter(search_text__contains=word)
        return query

    def with_missions(self) -> StructureQuerySet:
        return self.prefetch_related("missions")

    def placed(self) -> StructureQuerySet:
        return self.filter(latitude__isnull=False, longitude__isnull=False)
