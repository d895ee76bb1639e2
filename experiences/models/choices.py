"""The coded answers of the questionnaire (the HAS call's lists)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """Who may answer (the HAS call's list of organisations), and a free "other"."""

    USERS_ASSOCIATION = "usagers", _("Association d'usagers")
    PROFESSIONAL = "professionnelle", _("Structure professionnelle (soins ou accompagnement)")
    TEACHING_RESEARCH = (
        "enseignement-recherche",
        _("Structure d'enseignement, de formation, de recherche ou d'évaluation"),
    )
    USER_INFORMATION = "information", _("Structure d'information des usagers")
    OTHER = "autre", _("Autre")


class ParticipationLevel(models.TextChoices):
    OPINION = "avis", _("Donner son avis")
    COLLABORATION = "collaborer", _("Collaborer")
    CO_CONSTRUCTION = "co-construire", _("Co-construire")


class Participant(models.TextChoices):
    PATIENTS = "patients", _("Patients")
    SUPPORTED_PEOPLE = "personnes-accompagnees", _("Personnes accompagnées")
    RELATIVES = "proches", _("Proches et aidants")
    REPRESENTATIVES = "representants", _("Représentants légaux ou associatifs")
    PROFESSIONALS = "professionnels", _("Professionnels")
