from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, FilterSet, ModelChoiceFilter

from experiences.models import Context, OrganisationType, ParticipationLevel, PublishedExperience
from structures.geography import DEPARTEMENT_CHOICES


class PublishedExperienceFilter(FilterSet):
    """The published experiences' filters, in the URL so that a filtered list can be shared."""

    contexte = ModelChoiceFilter(
        label=_("Contexte"),
        queryset=Context.objects.all(),
        to_field_name="code",
        field_name="contexts",
        empty_label=_("Tous les contextes"),
    )
    organisation = ChoiceFilter(
        label=_("Type d'organisation"),
        field_name="organisation_type",
        choices=OrganisationType.choices,
        empty_label=_("Tous les types"),
    )
    departement = ChoiceFilter(
        label=_("Département"),
        choices=DEPARTEMENT_CHOICES,
        empty_label=_("Tous les départements"),
    )
    niveau = ChoiceFilter(
        label=_("Niveau de participation"),
        field_name="level",
        choices=ParticipationLevel.choices,
        empty_label=_("Tous les niveaux"),
    )

    class Meta:
        model = PublishedExperience
        fields: list[str] = []
