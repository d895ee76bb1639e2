"""Campaigns: what a call for experiences asks, until when, under which personal-data notice;
and the contexts an approach may take place in."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experiences.models.responses import Response
from network.forms import parse_reminder_days

RESERVED_SLUGS = frozenset({"publiees", "groupe-de-travail", "reponse"})


class Context(models.Model):
    """Where an approach took place (the HAS call's list); loaded by a migration."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("nom"), max_length=200)
    examples = models.CharField(_("exemples"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("contexte")
        verbose_name_plural = _("contextes")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def published(self) -> CampaignQuerySet:
        return self.filter(published=True)

    def for_respondents(self) -> CampaignQuerySet:
        """Where a respondent may ask for their links: published campaigns, and any campaign
        that still holds responses (unpublishing it does not take their rights away)."""
        return self.filter(
            models.Q(published=True) | models.Q(pk__in=Response.objects.values("campaign_id"))
        )

    def open(self, now: datetime.datetime | None = None) -> CampaignQuerySet:
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)


class Campaign(models.Model):
    """A call for experiences: what it is for, who may answer, until when."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    introduction = models.TextField(_("introduction"), help_text=_("Markdown."))
    objective = models.TextField(_("objectif du recueil"), help_text=_("Markdown."))
    eligibility = models.TextField(_("qui peut répondre"), help_text=_("Markdown."))
    purpose = models.TextField(
        _("à quoi servent les contributions"),
        help_text=_("Markdown. Le rôle du groupe de travail et la publication."),
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    working_group = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("groupe de travail"),
        related_name="experience_campaigns",
        blank=True,
        help_text=_(
            "Membres du groupe « Groupe de travail », à parts égales usagers et "
            "professionnels (leur point de vue se règle sur leur fiche)."
        ),
    )
    contact_email = models.EmailField(_("contact"))
    retention_months = models.PositiveSmallIntegerField(
        _("conservation des données personnelles (mois après la clôture)"), default=12
    )
    reminder_days = models.CharField(
        _("relances des brouillons (jours avant la clôture)"),
        max_length=30,
        default="7,1",
        help_text=_("Nombres de jours séparés par des virgules. Vide : aucune relance."),
    )
    published = models.BooleanField(_("publiée"), default=False)
    questionnaire = models.ForeignKey(
        "experiences.Questionnaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("questionnaire"),
        help_text=_(
            "Vide : la campagne reçoit à l'enregistrement une copie du questionnaire choisi "
            "dans « copier depuis »."
        ),
    )

    objects: ClassVar[CampaignQuerySet] = CampaignQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Cette adresse est réservée par le site : choisissez-en une autre.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("La clôture doit suivre l'ouverture.")
        try:
            parse_reminder_days(self.reminder_days)
        except ValidationError as error:
            errors["reminder_days"] = error.messages
        if errors:
            raise ValidationError(errors)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.published and self.opens_at <= now < self.closes_at

    @property
    def reminder_offsets(self) -> list[int]:
        """Days before closing when unfinished drafts are reminded (``"7,1"`` → ``[7, 1]``).

        Raises ``ValidationError`` for a text that :meth:`clean` refuses."""
        return parse_reminder_days(self.reminder_days)

    @property
    def erase_at(self) -> datetime.datetime:
        """When the respondents' personal data is erased: the retention after closing."""
        local = timezone.localtime(self.closes_at)
        month = local.month - 1 + self.retention_months
        year, month = local.year + month // 12, month % 12 + 1
        day = min(local.day, _days_in_month(year, month))
        return local.replace(year=year, month=month, day=day)

    def current_notice(self) -> PrivacyNotice | None:
        return self.notices.order_by("-version").first()


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


class PrivacyNotice(models.Model):
    """The personal-data notice, as the CNIL asks: who, why, on what basis, for whom, how
    long, the rights and the contact. A version is frozen once a response refers to it;
    a change is a new version."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="notices", verbose_name=_("campagne")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    controller = models.TextField(_("qui collecte vos données (responsable du traitement)"))
    purpose = models.TextField(_("pourquoi (finalité)"))
    legal_basis = models.TextField(_("sur quelle base légale"))
    recipients = models.TextField(_("qui les reçoit"))
    retention = models.TextField(_("combien de temps"))
    rights = models.TextField(_("vos droits et comment les exercer"))
    dpo_contact = models.CharField(_("délégué à la protection des données"), max_length=200)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice d'information")
        verbose_name_plural = _("notices d'information (données personnelles)")
        ordering = ["campaign", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "version"], name="one_notice_per_version")
        ]

    def __str__(self) -> str:
        return _("Notice n° %(version)s") % {"version": self.version}

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) in the order the CNIL recommends."""
        return [
            (str(_("Qui collecte vos données ?")), self.controller),
            (str(_("Pourquoi ?")), self.purpose),
            (str(_("Sur quelle base légale ?")), self.legal_basis),
            (str(_("Qui les reçoit ?")), self.recipients),
            (str(_("Combien de temps sont-elles conservées ?")), self.retention),
            (str(_("Quels sont vos droits et comment les exercer ?")), self.rights),
        ]
