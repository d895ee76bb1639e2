"""Surveys whose results are given by département, entered by coordinators."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from structures.geography import DEPARTEMENT_CHOICES, DEPARTEMENTS


class SurveyQuerySet(models.QuerySet["Survey"]):
    def published(self) -> SurveyQuerySet:
        return self.filter(published=True)


class Survey(models.Model):
    """A survey's table by département, with where it comes from and what it found."""

    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)
    author = models.CharField(
        _("groupe ou auteur"), max_length=250, help_text=_("Qui a mené l'enquête.")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    source_title = models.CharField(
        _("titre de la source"),
        max_length=400,
        help_text=_("Le document où les résultats ont été publiés, nommé par son titre."),
    )
    findings = models.TextField(
        _("constats"),
        blank=True,
        help_text=_("Un constat par ligne, en texte simple (aucune mise en forme n'est lue)."),
    )
    notes = models.TextField(_("remarques"), blank=True)
    total_respondents = models.PositiveIntegerField(
        _("total des répondants annoncé"),
        null=True,
        blank=True,
        help_text=_("Le total publié par la source : les lignes doivent s'y additionner."),
    )
    total_projects = models.PositiveIntegerField(
        _("total des projets annoncé"), null=True, blank=True
    )
    published = models.BooleanField(_("publiée"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquête territoriale")
        verbose_name_plural = _("enquêtes territoriales")
        ordering = ["position", "-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("territories") + f"?couche=enquete-{self.slug}"

    @property
    def findings_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.findings.splitlines() if line.strip(" -•\t")]


class SurveyRow(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="rows", verbose_name=_("enquête")
    )
    departement = models.CharField(_("département"), max_length=3, choices=DEPARTEMENT_CHOICES)
    respondents = models.PositiveIntegerField(_("répondants"))
    share = models.DecimalField(
        _("part des répondants (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Telle que publiée par la source."),
    )
    projects = models.PositiveIntegerField(_("projets"), null=True, blank=True)

    class Meta:
        verbose_name = _("ligne d'enquête")
        verbose_name_plural = _("lignes d'enquête")
        ordering = ["departement"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "departement"], name="survey_row_one_per_departement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.departement_name} ({self.departement})"

    @property
    def departement_name(self) -> str:
        return DEPARTEMENTS.get(self.departement, ("", ""))[0]
