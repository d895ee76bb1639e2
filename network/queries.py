from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models

from network.text import normalise_for_search

if TYPE_CHECKING:
    from network.models import EngagementRole  # noqa: F401


_QS = TypeVar("_QS", bound=models.QuerySet)


def search_words(queryset: _QS, text: str) -> _QS:
    """Rows whose normalised ``search_text`` holds every word of ``text`` (case and
    accents ignored: "mediateur" finds "Médiateur de santé pair")."""
    for word in normalise_for_search(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class EngagementRoleQuerySet(models.QuerySet["EngagementRole"]):
    def published(self) -> EngagementRoleQuerySet:
        return self.filter(published=True)

    def search(self, text: str) -> EngagementRoleQuerySet:
        """Entries whose name, acronym, other names, summary or definition hold every word."""
        return search_words(self, text)

    def for_list(self) -> EngagementRoleQuerySet:
        return self.select_related("source", "variant_of")

    def for_detail(self) -> EngagementRoleQuerySet:
        from network.models import Portrait

        return self.select_related("source", "comparison_source", "variant_of").prefetch_related(
            models.Prefetch("portraits", queryset=Portrait.objects.select_related("source")),
            "engagement_forms",
            models.Prefetch("variants", queryset=self.model.objects.published()),
        )
