"""Member structures of the network, their missions, the press about them, the dossier."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import SearchableModel
from structures.geography import (
    DEPARTEMENT_CHOICES,
    DEPARTEMENTS,
    REGION_CHOICES,
    departement_of_postcode,
    region_of,
)
from structures.queries import StructureQuerySet


class Mission(models.Model):
    """A mission of the SECPa specification: accueil inconditionnel, médiation en santé…"""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Structure(SearchableModel):
    class Kind(models.TextChoices):
        HEALTH_CENTRE = "centre-de-sante", _("Centre de santé")
        COMMUNITY_HEALTH_CENTRE = (
            "centre-de-sante-communautaire",
            _("Centre de santé communautaire"),
        )
        MSP = "msp", _("Maison de santé pluriprofessionnelle")
        UNIVERSITY_MSP = (
            "msp-universitaire",
            _("Maison de santé pluriprofessionnelle universitaire"),
        )
        HEALTH_HUB = "pole-de-sante", _("Pôle de santé")
        OTHER = "autre", _("Autre")

    class Relation(models.TextChoices):
        MEMBER = "membre", _("Membre du réseau")
        PARTNER = "partenaire", _("Partenaire")
        SUPPORTER = "soutien", _("Soutien du dossier de presse")
        CITED = "citee", _("Citée dans le dossier de presse")

    class CoordinatesSource(models.TextChoices):
        NONE = "", _("Non placée")
        GAZETTEER = "commune", _("Commune (répertoire hors ligne)")
        GEOCODER = "adresse", _("Adresse (géocodeur)")
        MANUAL = "manuel", _("Placée à la main")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind, default=Kind.HEALTH_CENTRE)
    secpa = models.BooleanField(_("participe à l'expérimentation SECPa"), default=False)
    secpa_since = models.PositiveSmallIntegerField(
        _("dans l'expérimentation depuis"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2021), MaxValueValidator(2100)],
        help_text=_("Année d'entrée dans l'expérimentation."),
    )
    relation = models.CharField(
        _("lien avec le réseau"), max_length=20, choices=Relation, default=Relation.MEMBER
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=120)
    departement = models.CharField(
        _("département"), max_length=3, choices=DEPARTEMENT_CHOICES, blank=True
    )
    region = models.CharField(_("région"), max_length=2, choices=REGION_CHOICES, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinates_source = models.CharField(
        _("origine des coordonnées"),
        max_length=10,
        choices=CoordinatesSource,
        blank=True,
        default=CoordinatesSource.NONE,
    )
    website = models.URLField(_("site web"), blank=True)
    contact_email = models.EmailField(_("e-mail de contact public"), blank=True)
    contact_phone = models.CharField(_("téléphone public"), max_length=30, blank=True)
    opening_hours = models.TextField(
        _("horaires et accueil"),
        blank=True,
        help_text=_("Jours et heures d'ouverture, accueil sans rendez-vous, accès."),
    )
    description = models.TextField(
        _("présentation"),
        blank=True,
        help_text=_("Écrite par les coordinateurs. Markdown (le HTML est retiré)."),
    )
    missions = models.ManyToManyField(
        Mission, verbose_name=_("missions"), related_name="structures", blank=True
    )
    events = models.ManyToManyField(
        "events.Event",
        verbose_name=_("événements"),
        related_name="structures",
        blank=True,
        help_text=_("Les événements que la structure organise ou où elle intervient."),
    )
    published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        # The directory lists published structures by name, all of them or one territory's.
        indexes = [
            models.Index(fields=["published", "name"]),
            models.Index(fields=["published", "region", "name"], name="structure_region_name"),
            models.Index(
                fields=["published", "departement", "name"], name="structure_departement_name"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="structure_coordinates_both_or_none",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    derived_fields = ("search_text", "departement", "region")

    def clean(self) -> None:
        """A postcode and a département that disagree: say so rather than keep either."""
        super().clean()
        from_postcode = departement_of_postcode(self.postcode)
        if from_postcode and self.departement and from_postcode != self.departement:
            raise ValidationError(
                {
                    "departement": _(
                        "Le code postal %(postcode)s est dans le département %(expected)s, "
                        "pas %(chosen)s : corrigez l'un ou l'autre."
                    )
                    % {
                        "postcode": self.postcode,
                        "expected": dict(DEPARTEMENT_CHOICES)[from_postcode],
                        "chosen": self.get_departement_display(),
                    }
                }
            )

    def derive(self) -> None:
        if not self.departement:
            self.departement = departement_of_postcode(self.postcode)
        if self.departement:
            self.region = region_of(self.departement)
        super().derive()

    def search_source(self) -> str:
        return " ".join([self.name, self.city, self.description, self.get_departement_display()])

    def get_absolute_url(self) -> str:
        return reverse("structure-detail", kwargs={"slug": self.slug})

    @property
    def departement_name(self) -> str:
        return DEPARTEMENTS.get(self.departement, ("", ""))[0]

    @property
    def placed(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PressReference(models.Model):
    """An article, podcast, documentary… about structures of the network and a mission."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        PODCAST = "podcast", _("Podcast")
        DOCUMENTARY = "documentaire", _("Documentaire")
        CONFERENCE = "conference", _("Conférence")
        TV = "emission", _("Émission de télévision")
        BOOK = "livre", _("Livre")
        MONOGRAPH = "monographie", _("Monographie")
        OTHER = "autre", _("Autre")

    class DatePrecision(models.TextChoices):
        DAY = "jour", _("Jour")
        MONTH = "mois", _("Mois")
        YEAR = "annee", _("Année")

    class Part(models.TextChoices):
        MISSION = "", _("Celle de sa mission")
        GLOBAL = "demarche", _("Démarche et projet global de santé communautaire et participative")
        TRADES = "metiers", _("Les métiers, fonctions et missions développées")

    title = models.CharField(_("titre"), max_length=400)
    introduction = models.TextField(
        _("phrase d'introduction"),
        blank=True,
        help_text=_("La phrase qui présente la référence dans le dossier de presse."),
    )
    part = models.CharField(
        _("partie du dossier"),
        max_length=10,
        choices=Part,
        blank=True,
        default=Part.MISSION,
        help_text=_("Pour une référence sans mission : la partie du dossier qui la cite."),
    )
    authors = models.CharField(_("auteurs"), max_length=250, blank=True)
    outlet = models.CharField(_("média ou éditeur"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.ARTICLE)
    published_on = models.DateField(_("date de parution"), null=True, blank=True)
    date_precision = models.CharField(
        _("précision de la date"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    details = models.CharField(
        _("précisions"), max_length=200, blank=True, help_text=_("Numéro, pages, minutage…")
    )
    url = models.URLField(_("lien"), blank=True)
    structures = models.ManyToManyField(
        Structure, verbose_name=_("structures"), related_name="press_references", blank=True
    )
    mission = models.ForeignKey(
        Mission,
        verbose_name=_("mission illustrée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="press_references",
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("référence presse")
        verbose_name_plural = _("références presse")
        ordering = ["position", "-published_on"]

    def __str__(self) -> str:
        return self.title


class PressDossier(models.Model):
    """The press dossier: its story sections, and the latest PDF made from live data."""

    class Status(models.TextChoices):
        IDLE = "idle", _("Aucune fabrication en cours")
        QUEUED = "queued", _("En attente")
        RENDERING = "rendering", _("Fabrication en cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    title = models.CharField(_("titre"), max_length=200)
    subtitle = models.CharField(_("sous-titre"), max_length=300, blank=True)
    edition = models.DateField(_("date d'édition"))
    published = models.BooleanField(_("proposé au public"), default=True)
    file = models.FileField(_("PDF"), upload_to="dossiers/", blank=True)
    fingerprint = models.CharField(_("empreinte des données"), max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.IDLE)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    rendered_at = models.DateTimeField(_("fabriqué le"), null=True, blank=True)
    render_seconds = models.FloatField(_("durée de fabrication (s)"), null=True, blank=True)
    rendering_since = models.DateTimeField(_("fabrication commencée le"), null=True, blank=True)

    # A rendering takes seconds; one silent for this long was left by a worker that died.
    STALE_AFTER = datetime.timedelta(minutes=15)

    class Meta:
        verbose_name = _("dossier de presse")
        verbose_name_plural = _("dossiers de presse")
        ordering = ["-edition"]

    def __str__(self) -> str:
        return f"{self.title} ({self.edition:%m/%Y})"

    @classmethod
    def rendering_now(cls) -> models.Q:
        """A rendering under way, not one a dead worker left behind (that one may be taken
        over)."""
        return models.Q(
            status=cls.Status.RENDERING, rendering_since__gte=timezone.now() - cls.STALE_AFTER
        )

    @property
    def in_progress(self) -> bool:
        if self.status == self.Status.RENDERING:
            return (
                self.rendering_since is not None
                and self.rendering_since >= timezone.now() - self.STALE_AFTER
            )
        return self.status == self.Status.QUEUED


class DossierSection(models.Model):
    dossier = models.ForeignKey(
        PressDossier, on_delete=models.CASCADE, related_name="sections", verbose_name=_("dossier")
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), help_text=_("Markdown."))
    image = models.FileField(
        _("photo"),
        upload_to="dossiers/photos/",
        blank=True,
        help_text=_("Facultative. PNG ou JPEG, 5 Mo au plus."),
    )
    image_alt = models.CharField(
        _("texte alternatif de la photo"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre la photo, pour qui ne la voit pas."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("partie du dossier")
        verbose_name_plural = _("parties du dossier")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title
