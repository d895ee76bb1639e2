"""Base app models: people, the glossary of engagement roles, and the mail outbox."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network.queries import EngagementRoleQuerySet
from network.text import normalise_for_search


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class Perspective(models.TextChoices):
    """Where a reviewer or a working-group member speaks from (paired review, parity)."""

    LIVED_EXPERIENCE = "usager", _("Savoir expérientiel (usager, patient, proche)")
    PROFESSIONAL = "professionnel", _("Professionnel")


class User(AbstractUser):
    """A person with an account; they log in with their email address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse e-mail"), unique=True)
    perspective = models.CharField(
        _("point de vue"),
        max_length=15,
        choices=Perspective,
        blank=True,
        help_text=_("Pour les relectures en binôme et la parité du groupe de travail."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class SearchableModel(models.Model):
    """A row with a normalised ``search_text`` (case and accents removed), recomputed on
    every save, with the other fields it derives from others listed in ``derived_fields``."""

    search_text = models.TextField(editable=False, default="")

    derived_fields: ClassVar[tuple[str, ...]] = ("search_text",)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.derived_fields}
        super().save(*args, **kwargs)

    def search_source(self) -> str:
        raise NotImplementedError

    def derive(self) -> None:
        """Compute the derived fields from the others (subclasses add theirs)."""
        self.search_text = normalise_for_search(self.search_source())


# --- Glossary ----------------------------------------------------------------------------------


class Source(models.Model):
    """A document a definition is taken from: title, publisher, year."""

    title = models.CharField(_("titre"), max_length=300)
    publisher = models.CharField(_("éditeur ou auteur"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    url = models.URLField(_("lien"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "publisher", "year"], name="unique_source")
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.publisher}, {self.year}"


class Sector(models.TextChoices):
    HEALTH = "sanitaire", _("Sanitaire")
    MEDICO_SOCIAL = "medico-social", _("Médico-social")
    SOCIAL = "social", _("Social")


class Dimension(models.TextChoices):
    INDIVIDUAL = "individuelle", _("Individuelle")
    COLLECTIVE = "collective", _("Collective")


class EngagementRole(SearchableModel):
    """An entry of the glossary: a form of user engagement, or a notion that frames them."""

    class Kind(models.TextChoices):
        ROLE = "role", _("Rôle d'engagement")
        NOTION = "notion", _("Notion")

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=150, unique=True)
    kind = models.CharField(_("type d'entrée"), max_length=10, choices=Kind, default=Kind.ROLE)
    acronym = models.CharField(_("sigle"), max_length=20, blank=True)
    other_names = models.TextField(
        _("autres appellations"), blank=True, help_text=_("Une appellation par ligne.")
    )
    variant_of = models.ForeignKey(
        "self",
        verbose_name=_("forme particulière de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="variants",
    )
    summary = models.TextField(_("en quelques mots"), help_text=_("Résumé en langage courant."))
    definition = models.TextField(_("définition"), help_text=_("Markdown."))
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="entries"
    )
    individual_dimension = models.BooleanField(_("dimension individuelle"), default=False)
    collective_dimension = models.BooleanField(_("dimension collective"), default=False)
    health_sector = models.BooleanField(_("secteur sanitaire"), default=False)
    medico_social_sector = models.BooleanField(_("secteur médico-social"), default=False)
    social_sector = models.BooleanField(_("secteur social"), default=False)
    objective = models.TextField(_("objectif"), blank=True)
    lived_experience_required = models.BooleanField(
        _("vécu de la maladie requis"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour une notion."),
    )
    lived_experience = models.TextField(_("vécu relatif à la vie avec la maladie"), blank=True)
    legitimacy_source = models.TextField(_("source de légitimité"), blank=True)
    competence_source = models.TextField(_("source de compétences"), blank=True)
    training_required = models.BooleanField(_("formation requise"), default=False)
    appointment_required = models.BooleanField(_("désignation requise"), default=False)
    training = models.TextField(_("formation ou désignation"), blank=True)
    comparison_source = models.ForeignKey(
        Source,
        verbose_name=_("source des critères de comparaison"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compared_entries",
    )
    published = models.BooleanField(_("publié"), default=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = EngagementRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du glossaire")
        verbose_name_plural = _("entrées du glossaire")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("glossary-detail", kwargs={"slug": self.slug})

    @property
    def published_parent(self) -> EngagementRole | None:
        """The entry this one is a particular form of, when the public may read it."""
        parent = self.variant_of
        return parent if parent is not None and parent.published else None

    def search_source(self) -> str:
        return " ".join([self.name, self.acronym, self.other_names, self.summary, self.definition])

    @property
    def other_names_list(self) -> list[str]:
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    @property
    def sectors(self) -> list[str]:
        flags = {
            Sector.HEALTH: self.health_sector,
            Sector.MEDICO_SOCIAL: self.medico_social_sector,
            Sector.SOCIAL: self.social_sector,
        }
        return [str(sector.label) for sector, on in flags.items() if on]

    @property
    def dimensions(self) -> list[str]:
        flags = {
            Dimension.INDIVIDUAL: self.individual_dimension,
            Dimension.COLLECTIVE: self.collective_dimension,
        }
        return [str(dimension.label) for dimension, on in flags.items() if on]

    @property
    def initial(self) -> str:
        """The letter of the A–Z index, without its accent (É goes under E)."""
        letter = normalise_for_search(self.name[:1]).upper()
        return letter if letter.isalpha() else "#"


class Portrait(models.Model):
    """A person's own words about their engagement, illustrating a role."""

    first_name = models.CharField(_("prénom"), max_length=60)
    age = models.PositiveSmallIntegerField(_("âge"), null=True, blank=True)
    caption = models.CharField(_("légende"), max_length=200)
    story = models.TextField(_("témoignage"))
    role = models.ForeignKey(
        EngagementRole,
        verbose_name=_("rôle"),
        on_delete=models.CASCADE,
        related_name="portraits",
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("portrait")
        verbose_name_plural = _("portraits")
        ordering = ["position", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["first_name", "role"], name="unique_portrait_per_role")
        ]

    def __str__(self) -> str:
        return self.caption


class EngagementForm(models.Model):
    """A field where users take part (a "fiche-mission"): research, ethics, training…"""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=150, unique=True)
    description = models.TextField(_("description"))
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT)
    roles = models.ManyToManyField(
        EngagementRole, verbose_name=_("rôles"), related_name="engagement_forms", blank=True
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("forme d'engagement")
        verbose_name_plural = _("formes d'engagement")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


# --- Mail outbox -------------------------------------------------------------------------------


class OutgoingMail(models.Model):
    """One mail to one recipient, rendered and stored before it is sent (an outbox row)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    template = models.CharField(_("modèle"), max_length=100)
    to = models.EmailField(_("destinataire"))
    about = models.CharField(
        _("à propos de"),
        max_length=100,
        blank=True,
        help_text=_("L'objet que ce courriel concerne, pour l'effacer avec lui."),
    )
    subject = models.CharField(_("objet"), max_length=250)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    retry_from = models.DateTimeField(_("renvoyé le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels envoyés")
        ordering = ["-created_at"]
        indexes = [  # only the mails that are about something: reminders' inserts stay cheap
            models.Index(fields=["about"], condition=~models.Q(about=""), name="mail_about")
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


# --- Reminders ---------------------------------------------------------------------------------


class SentReminder(models.Model):
    """One reminder, recorded before it is sent: the unique constraint makes it exactly once.

    A second beat, a retried task or a restarted worker finds the row and sends nothing.
    """

    kind = models.CharField(_("type de relance"), max_length=60)
    recipient = models.EmailField(_("destinataire"))
    object_key = models.CharField(_("objet"), max_length=100)
    deadline = models.DateTimeField(_("échéance"))
    mail = models.ForeignKey(
        OutgoingMail,
        verbose_name=_("courriel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relance envoyée")
        verbose_name_plural = _("relances envoyées")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "object_key", "deadline"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
