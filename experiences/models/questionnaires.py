"""Questionnaires that coordinators define: sections, questions, conditions, two languages.

A campaign asks the questions of its own questionnaire; the answers are kept on the
response as JSON keyed by each question's ``key``, which stays the same for the life of a
questionnaire (it names the CSV column and the JSON field of the respondent's data).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _localised(french: str, english: str) -> str:
    """The English text under /en/ when there is one, else the French."""
    if english and (get_language() or "fr").startswith("en"):
        return english
    return french


class Questionnaire(models.Model):
    """The questions of a campaign, or a template a new campaign starts as a copy of."""

    name = models.CharField(_("nom"), max_length=200)
    is_template = models.BooleanField(
        _("modèle"),
        default=False,
        help_text=_("Proposé comme point de départ des nouvelles campagnes."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-is_template", "name"]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("questionnaire"),
    )
    title_fr = models.CharField(_("titre (français)"), max_length=200)
    title_en = models.CharField(_("titre (anglais)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (français)"), blank=True)
    intro_en = models.TextField(_("introduction (anglais)"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.title_fr

    @property
    def title(self) -> str:
        return _localised(self.title_fr, self.title_en)

    @property
    def intro(self) -> str:
        return _localised(self.intro_fr, self.intro_en)


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "texte-court", _("Texte court")
        LONG_TEXT = "texte-long", _("Texte long")
        SINGLE = "choix-unique", _("Choix unique")
        MULTIPLE = "choix-multiple", _("Choix multiple")
        YES_NO = "oui-non", _("Oui / non")
        NUMBER = "nombre", _("Nombre")
        DATE = "date", _("Date")
        SCALE = "echelle", _("Échelle")
        FILE = "fichier", _("Fichier")
        COMMUNE = "commune", _("Commune")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    key = models.SlugField(
        _("clé"),
        max_length=50,
        help_text=_(
            "Nom stable de la réponse (colonne du CSV, champ des données de la personne) : "
            "lettres, chiffres, tirets bas."
        ),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    label_fr = models.CharField(_("question (français)"), max_length=300)
    label_en = models.CharField(_("question (anglais)"), max_length=300, blank=True)
    help_fr = models.CharField(_("aide (français)"), max_length=500, blank=True)
    help_en = models.CharField(_("aide (anglais)"), max_length=500, blank=True)
    required = models.BooleanField(_("nécessaire pour envoyer"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    max_length = models.PositiveIntegerField(
        _("longueur maximale (caractères)"), null=True, blank=True
    )
    choices = models.TextField(
        _("choix"),
        blank=True,
        help_text=_("Un choix par ligne : « code | libellé français | libellé anglais »."),
    )
    allow_other = models.BooleanField(_("« autre, précisez »"), default=False)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("affichée selon la réponse à"),
    )
    condition_values = models.CharField(
        _("si la réponse est"),
        max_length=300,
        blank=True,
        help_text=_(
            "Codes séparés par des virgules (« oui » ou « non » pour une question oui/non)."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="one_question_per_key")
        ]

    def __str__(self) -> str:
        return self.label_fr

    @property
    def label(self) -> str:
        return _localised(self.label_fr, self.label_en)

    @property
    def help(self) -> str:
        return _localised(self.help_fr, self.help_en)

    def choice_list(self) -> list[tuple[str, str]]:
        """``(code, label)`` in the active language."""
        found = []
        for line in self.choices.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                continue
            french = parts[1] if len(parts) > 1 and parts[1] else parts[0]
            english = parts[2] if len(parts) > 2 else ""
            found.append((parts[0], _localised(french, english)))
        return found

    def condition_codes(self) -> list[str]:
        return [code.strip() for code in self.condition_values.split(",") if code.strip()]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind in self.CHOICE_KINDS and not self.choice_list():
            errors["choices"] = _("Une question à choix a besoin d'au moins un choix.")
        if self.condition_question_id and not self.condition_codes():
            errors["condition_values"] = _("Indiquez la ou les réponses qui l'affichent.")
        condition = self.condition_question
        if condition is not None:
            if condition.questionnaire_id != self.questionnaire_id or condition.pk == self.pk:
                errors["condition_question"] = _(
                    "Choisissez une autre question du même questionnaire."
                )
            elif condition.condition_question_id:
                errors["condition_question"] = _(
                    "Une seule condition à la fois : cette question dépend déjà d'une autre."
                )
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.max_value <= self.min_value
        ):
            errors["max_value"] = _("Le maximum doit dépasser le minimum.")
        if errors:
            raise ValidationError(errors)
