from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet

from network.models import Dimension, EngagementRole, Sector

_SECTOR_FIELDS = {
    Sector.HEALTH: "health_sector",
    Sector.MEDICO_SOCIAL: "medico_social_sector",
    Sector.SOCIAL: "social_sector",
}
_DIMENSION_FIELDS = {
    Dimension.INDIVIDUAL: "individual_dimension",
    Dimension.COLLECTIVE: "collective_dimension",
}


class GlossaryFilter(FilterSet):
    """The glossary's search and filters; they live in the URL, so a view can be shared."""

    q = CharFilter(label=_("Rechercher"), method="filter_text", max_length=100)
    secteur = ChoiceFilter(
        label=_("Secteur"), choices=Sector.choices, method="filter_sector", empty_label=_("Tous")
    )
    dimension = ChoiceFilter(
        label=_("Dimension"),
        choices=Dimension.choices,
        method="filter_dimension",
        empty_label=_("Toutes"),
    )

    class Meta:
        model = EngagementRole
        fields: list[str] = []

    def filter_text(
        self, queryset: QuerySet[EngagementRole], name: str, value: str
    ) -> QuerySet[EngagementRole]:
        return queryset.search(value)  # type: ignore[attr-defined]

    def filter_sector(
        self, queryset: QuerySet[EngagementRole], name: str, value: str
    ) -> QuerySet[EngagementRole]:
        return queryset.filter(**{_SECTOR_FIELDS[Sector(value)]: True})

    def filter_dimension(
        self, queryset: QuerySet[EngagementRole], name: str, value: str
    ) -> QuerySet[EngagementRole]:
        return queryset.filter(**{_DIMENSION_FIELDS[Dimension(value)]: True})
