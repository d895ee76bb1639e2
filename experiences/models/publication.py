"""What the public reads of a remarkable experience."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from experiences.models.choices import OrganisationType, ParticipationLevel


class PublishedExperienceQuerySet(models.QuerySet["PublishedExperience"]):
    def published(self) -> PublishedExperienceQuerySet:
        return self.filter(published=True)

    def for_cards(self) -> PublishedExperienceQuerySet:
        return self.select_related("structure").prefetch_related("contexts")


class PublishedExperience(models.Model):
    """A remarkable experience as the public reads it: a summary with no personal data,
    kept when the response it came from is erased."""

    campaign = models.ForeignKey(
        "experiences.Campaign",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("campagne"),
    )
    response = models.OneToOneField(
        "experiences.Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name=_("réponse d'origine"),
    )
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("adresse"), max_length=120, unique=True)
    summary = models.TextField(
        _("résumé public"),
        help_text=_("Markdown. Aucune donnée personnelle : ni nom, ni adresse, ni téléphone."),
    )
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
        verbose_name=_("structure de l'annuaire"),
    )
    contexts = models.ManyToManyField(
        "experiences.Context", verbose_name=_("contextes"), related_name="publications"
    )
    organisation_type = models.CharField(
        _("type d'organisation"), max_length=30, choices=OrganisationType
    )
    level = models.CharField(
        _("niveau de participation"), max_length=20, choices=ParticipationLevel
    )
    territory = models.CharField(_("territoire"), max_length=200, blank=True)
    commune = models.CharField(_("commune"), max_length=200, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    region = models.CharField(_("région"), max_length=2, blank=True, db_index=True)
    period = models.CharField(_("période"), max_length=100, blank=True)
    source = models.CharField(
        _("pour en savoir plus"),
        max_length=400,
        blank=True,
        help_text=_("Référence publique (article, ouvrage), si l'expérience en a une."),
    )
    origin = models.CharField(
        _("provenance"),
        max_length=300,
        blank=True,
        help_text=_(
            "Vide pour une expérience retenue par le groupe de travail ; sinon le document "
            "d'où elle vient (par exemple un dossier de presse), affiché avec elle."
        ),
    )
    published = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    correction_until = models.DateTimeField(
        _("corrections demandées jusqu'au"), null=True, blank=True
    )

    objects: ClassVar[PublishedExperienceQuerySet] = PublishedExperienceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("expérience publiée")
        verbose_name_plural = _("expériences publiées")
        ordering = ["-published_at", "title"]
        permissions = [("publish_publishedexperience", _("Peut publier une expérience"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("published-experience", kwargs={"slug": self.slug})
