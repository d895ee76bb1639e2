from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from structures.geography import DEPARTEMENT_CHOICES, REGION_CHOICES
from structures.models import Mission, Structure


class StructureFilter(FilterSet):
    """The directory's filters. They live in the URL: a filtered view can be shared, and
    the list, the map's GeoJSON and the CSV export all read the same ones."""

    q = CharFilter(label=_("Rechercher"), method="filter_text", max_length=100)
    type = ChoiceFilter(
        label=_("Type de structure"),
        field_name="kind",
        choices=Structure.Kind.choices,
        empty_label=_("Tous les types"),
    )
    secpa = ChoiceFilter(
        label=_("Expérimentation SECPa"),
        choices=[("oui", _("Participe à SECPa")), ("non", _("Ne participe pas à SECPa"))],
        method="filter_secpa",
        empty_label=_("Peu importe"),
    )
    mission = ModelChoiceFilter(
        label=_("Mission"),
        queryset=Mission.objects.all(),
        to_field_name="slug",
        field_name="missions",
        empty_label=_("Toutes les missions"),
    )
    region = ChoiceFilter(
        label=_("Région"), choices=REGION_CHOICES, empty_label=_("Toutes les régions")
    )
    departement = ChoiceFilter(
        label=_("Département"),
        choices=DEPARTEMENT_CHOICES,
        empty_label=_("Tous les départements"),
    )
    lien = ChoiceFilter(
        label=_("Lien avec le réseau"),
        field_name="relation",
        choices=Structure.Relation.choices,
        empty_label=_("Tous"),
    )

    class Meta:
        model = Structure
        fields: list[str] = []

    def filter_text(
        self, queryset: QuerySet[Structure], name: str, value: str
    ) -> QuerySet[Structure]:
        return queryset.search(value)  # type: ignore[attr-defined]

    def filter_secpa(
        self, queryset: QuerySet[Structure], name: str, value: str
    ) -> QuerySet[Structure]:
        return queryset.filter(secpa=value == "oui")
