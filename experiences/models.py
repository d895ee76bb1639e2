"""Experience campaigns modelled on the HAS call: responses, assessments, publication.

Personal data lives only on :class:`Response` (and its attachments): the working group
reads the approach without the contact details, publications are written apart from the
response, and erasing a response leaves an :class:`ErasureLog` row that holds none of it.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Perspective, Sector

RESERVED_SLUGS = frozenset({"publiees", "groupe-de-travail", "reponse"})


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
            self.reminder_offsets  # noqa: B018 - validates the field
        except ValueError:
            errors["reminder_days"] = _(
                "Indiquez des nombres de jours séparés par des virgules, par exemple « 7,1 »."
            )
        if errors:
            raise ValidationError(errors)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.published and self.opens_at <= now < self.closes_at

    @property
    def reminder_offsets(self) -> list[int]:
        """Days before closing when unfinished drafts are reminded (``"7,1"`` → ``[7, 1]``)."""
        offsets = [int(part) for part in self.reminder_days.replace(" ", "").split(",") if part]
        if any(offset <= 0 for offset in offsets):
            raise ValueError("reminder offsets must be positive")
        return sorted(set(offsets), reverse=True)

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


def attachment_path(instance: ResponseAttachment, filename: str) -> str:
    """Unguessable names: attachments are served only through permission-checked views."""
    return f"experiences/{instance.response.campaign_id}/{uuid.uuid4().hex}"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(state=Response.State.SUBMITTED)

    def with_favourable_counts(self) -> ResponseQuerySet:
        """``favourable_users`` and ``favourable_professionals``: one subquery each, so that
        a page of a long list counts its own rows, not a grouped join of the whole table."""
        return self.annotate(
            favourable_users=_favourable_count(Perspective.LIVED_EXPERIENCE),
            favourable_professionals=_favourable_count(Perspective.PROFESSIONAL),
        )

    def with_attachment_count(self) -> ResponseQuerySet:
        attachments = (
            ResponseAttachment.objects.filter(response=models.OuterRef("pk"))
            .order_by()
            .values("response")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(attachment_count=Coalesce(models.Subquery(attachments), 0))


def _favourable_count(perspective: str) -> Coalesce:
    favourable = (
        Assessment.objects.filter(
            response=models.OuterRef("pk"), remarkable=True, perspective=perspective
        )
        .order_by()
        .values("response")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(favourable), 0)


class Response(models.Model):
    """One questionnaire, without an account: its owner comes back through a signed link."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyée")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="responses", verbose_name=_("campagne")
    )
    notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("notice d'information remise"),
    )
    secret = models.CharField(max_length=40, default=new_secret, editable=False)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.DRAFT)
    created_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    # Who answers: personal data, erased at the end of the retention period.
    name = models.CharField(_("nom et prénom"), max_length=200, blank=True)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("type d'organisation"), max_length=30, choices=OrganisationType, blank=True
    )
    organisation_type_other = models.CharField(
        _("autre type d'organisation"), max_length=200, blank=True
    )
    role = models.CharField(_("votre rôle dans la démarche"), max_length=200, blank=True)

    # The approach.
    title = models.CharField(_("titre de la démarche"), max_length=300, blank=True)
    contexts = models.ManyToManyField(
        Context, verbose_name=_("contextes"), related_name="responses", blank=True
    )
    sectors = models.JSONField(_("secteurs"), default=list, blank=True)
    territory = models.CharField(_("territoire"), max_length=200, blank=True)
    period = models.CharField(_("période"), max_length=100, blank=True)
    level = models.CharField(
        _("niveau de participation"), max_length=20, choices=ParticipationLevel, blank=True
    )
    participants = models.JSONField(_("qui a participé"), default=list, blank=True)
    actions = models.TextField(_("ce qui a été fait"), blank=True)
    changes = models.TextField(_("ce que cela a changé"), blank=True)
    difficulties = models.TextField(_("difficultés rencontrées"), blank=True)
    success_factors = models.TextField(_("conditions qui ont aidé"), blank=True)
    links = models.TextField(_("liens"), blank=True)

    recontact_consent = models.BooleanField(
        _("accepte d'être recontacté(e) pour d'autres projets"), default=False
    )
    recontact_consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)

    remarkable = models.BooleanField(_("remarquable"), default=False)
    remarkable_at = models.DateTimeField(_("retenue le"), null=True, blank=True)

    objects: ClassVar[ResponseQuerySet] = ResponseQuerySet.as_manager()  # type: ignore[assignment]

    PERSONAL_FIELDS: ClassVar[tuple[str, ...]] = ("name", "email", "phone")
    REQUIRED_TO_SUBMIT: ClassVar[tuple[str, ...]] = (
        "name",
        "email",
        "organisation",
        "organisation_type",
        "role",
        "title",
        "contexts",
        "level",
        "participants",
        "actions",
        "changes",
    )

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-created_at"]
        permissions = [("export_response", _("Peut exporter les réponses (CSV)"))]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return self.title or _("Réponse n° %(number)s") % {"number": self.pk}

    @property
    def reference(self) -> str:
        return f"EXP-{self.pk:05d}"

    def links_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def organisation_type_label(self) -> str:
        if self.organisation_type == OrganisationType.OTHER and self.organisation_type_other:
            return self.organisation_type_other
        return self.get_organisation_type_display()

    def sector_labels(self) -> list[str]:
        return [str(Sector(value).label) for value in self.sectors if value in Sector.values]

    def participant_labels(self) -> list[str]:
        return [
            str(Participant(value).label) for value in self.participants if value in Participant
        ]


class ResponseAttachment(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("réponse")
    )
    file = models.FileField(_("fichier"), upload_to=attachment_path)
    name = models.CharField(_("nom"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("taille (octets)"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """A working-group member's reading of a response: remarkable or not, and why."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("réponse")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="experience_assessments",
        verbose_name=_("membre du groupe de travail"),
    )
    perspective = models.CharField(_("point de vue"), max_length=15, choices=Perspective)
    remarkable = models.BooleanField(_("remarquable"))
    comment = models.TextField(_("commentaire"), blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("avis du groupe de travail")
        verbose_name_plural = _("avis du groupe de travail")
        ordering = ["response", "updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["response", "member"], name="one_assessment_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} : {self.response}"


class PublishedExperienceQuerySet(models.QuerySet["PublishedExperience"]):
    def published(self) -> PublishedExperienceQuerySet:
        return self.filter(published=True)

    def for_cards(self) -> PublishedExperienceQuerySet:
        return self.select_related("structure").prefetch_related("contexts")


class PublishedExperience(models.Model):
    """A remarkable experience as the public reads it: a summary with no personal data,
    kept when the response it came from is erased."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("campagne"),
    )
    response = models.OneToOneField(
        Response,
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
        Context, verbose_name=_("contextes"), related_name="publications"
    )
    organisation_type = models.CharField(
        _("type d'organisation"), max_length=30, choices=OrganisationType
    )
    level = models.CharField(
        _("niveau de participation"), max_length=20, choices=ParticipationLevel
    )
    territory = models.CharField(_("territoire"), max_length=200, blank=True)
    period = models.CharField(_("période"), max_length=100, blank=True)
    source = models.CharField(
        _("pour en savoir plus"),
        max_length=400,
        blank=True,
        help_text=_("Référence publique (article, ouvrage), si l'expérience en a une."),
    )
    published = models.BooleanField(_("publiée"), default=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

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


class ErasureLog(models.Model):
    """That a response's personal data was erased, when and why: nothing of the data."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Fin de la durée de conservation")
        RESPONDENT = "respondent", _("Demande de la personne (lien personnel)")
        COORDINATOR = "coordinator", _("Demande reçue par la coordination")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="erasures", verbose_name=_("campagne")
    )
    reference = models.CharField(_("réponse"), max_length=20)
    reason = models.CharField(_("motif"), max_length=15, choices=Reason)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effacée par"),
    )
    attachments = models.PositiveSmallIntegerField(_("pièces jointes effacées"), default=0)
    mails = models.PositiveIntegerField(_("courriels effacés"), default=0)
    kept_publication = models.BooleanField(_("résumé publié conservé"), default=False)
    erased_at = models.DateTimeField(_("effacée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("effacement")
        verbose_name_plural = _("journal des effacements")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_reason_display()})"
