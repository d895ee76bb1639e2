"""Events of the network (study days, webinars…), their programme and calls for papers."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.queries import EventQuerySet
from network.forms import parse_reminder_days


class Event(models.Model):
    class Kind(models.TextChoices):
        STUDY_DAY = "journee-etudes", _("Journée d'études")
        WEBINAR = "webinaire", _("Webinaire")
        MEETING = "rencontre", _("Rencontre")
        TRAINING = "formation", _("Formation")

    class ReplayKind(models.TextChoices):
        VIDEO = "video", _("Vidéo")
        SLIDES = "slides", _("Diaporama")

    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.STUDY_DAY)
    starts_at = models.DateTimeField(
        _("début"), null=True, blank=True, help_text=_("Heure de Paris. Vide : date à préciser.")
    )
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    location = models.CharField(_("lieu"), max_length=250, blank=True)
    online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(_("lien de connexion"), blank=True)
    replay_url = models.URLField(_("lien du replay"), blank=True)
    replay_kind = models.CharField(
        _("type de replay"), max_length=10, choices=ReplayKind, default=ReplayKind.VIDEO
    )
    replay_note = models.CharField(_("replay"), max_length=300, blank=True)
    audience = models.TextField(_("public"), blank=True)
    organiser = models.CharField(_("organisateur"), max_length=250)
    summary = models.TextField(_("chapeau"), blank=True)
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=False)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    published = models.BooleanField(_("publié"), default=True)
    programme_published_at = models.DateTimeField(
        _("programme publié le"),
        null=True,
        blank=True,
        help_text=_("La grille des sessions n'est visible qu'une fois publiée."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=False, ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event-detail", kwargs={"slug": self.slug})

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        end = self.ends_at or self.starts_at
        return end is not None and end < now


class ProgrammeSlot(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conférence")
        EXPERIENCE = "retour-experience", _("Retour d'expérience")
        ROUND_TABLE = "table-ronde", _("Table ronde")
        WORKSHOP = "atelier", _("Atelier")
        OTHER = "autre", _("Autre")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("événement")
    )
    starts_at = models.DateTimeField(_("heure"), null=True, blank=True)
    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.CONFERENCE)
    description = models.TextField(_("présentation"), blank=True, help_text=_("Markdown."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("créneau du programme")
        verbose_name_plural = _("créneaux du programme")
        ordering = ["position", "starts_at"]

    def __str__(self) -> str:
        return self.title


class SlotSpeaker(models.Model):
    slot = models.ForeignKey(
        ProgrammeSlot, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("créneau")
    )
    name = models.CharField(_("nom"), max_length=150)
    affiliation = models.CharField(_("structure"), max_length=200, blank=True)
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    engagement_role = models.ForeignKey(
        "network.EngagementRole",
        verbose_name=_("rôle d'engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Si l'intervenant parle au titre d'un rôle du glossaire."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("intervenant")
        verbose_name_plural = _("intervenants")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class CallForPapers(models.Model):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="call_for_papers", verbose_name=_("événement")
    )
    text = models.TextField(_("texte de l'appel"), help_text=_("Markdown."))
    opens_at = models.DateTimeField(_("ouverture"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("date limite"),
        help_text=_("Une date seule ferme l'appel à la fin de ce jour, heure de Paris."),
    )
    contact_email = models.EmailField(_("adresse de contact"))
    document = models.FileField(_("document de l'appel"), upload_to="appels/", blank=True)
    abstract_max_words = models.PositiveSmallIntegerField(
        _("longueur maximale du résumé (mots)"), default=500
    )
    review_deadline = models.DateTimeField(_("date limite des relectures"), null=True, blank=True)
    confirmation_deadline = models.DateTimeField(
        _("date limite de confirmation des intervenants"), null=True, blank=True
    )
    reviewers_see_speakers = models.BooleanField(
        _("les relecteurs voient les intervenants"),
        default=False,
        help_text=_("Sinon, la relecture est anonyme."),
    )
    send_author_comments = models.BooleanField(
        _("joindre les commentaires pour les auteurs aux mails de décision"),
        default=False,
        help_text=_(
            "Les auteurs lisent toujours ces commentaires dans « Mes propositions » une fois la "
            "décision envoyée."
        ),
    )
    paired_review = models.BooleanField(
        _("relecture en binôme"),
        default=False,
        help_text=_(
            "Chaque proposition est relue par au moins une personne au savoir expérientiel "
            "et un professionnel."
        ),
    )
    acceptance_subject = models.CharField(
        _("objet du courriel d'acceptation"),
        max_length=200,
        default="Votre proposition « {{ title }} » est retenue",
    )
    acceptance_body = models.TextField(
        _("courriel d'acceptation"),
        default=(
            "Bonjour,\n\nNous avons le plaisir de vous annoncer que votre proposition "
            "« {{ title }} » est retenue pour « {{ event }} ».\n\nMerci de confirmer votre "
            "participation avant le {{ confirmation_deadline }} :\n{{ url }}\n"
        ),
        help_text=_(
            "Variables : {{ title }}, {{ event }}, {{ url }}, {{ confirmation_deadline }}."
        ),
    )
    rejection_subject = models.CharField(
        _("objet du courriel de refus"),
        max_length=200,
        default="Votre proposition « {{ title }} »",
    )
    rejection_body = models.TextField(
        _("courriel de refus"),
        default=(
            "Bonjour,\n\nNous vous remercions pour votre proposition « {{ title }} » pour "
            "« {{ event }} ». Nous ne pouvons malheureusement pas la retenir cette fois-ci.\n"
        ),
        help_text=_("Variables : {{ title }}, {{ event }}, {{ url }}."),
    )
    reminder_days = models.CharField(
        _("relances des brouillons (jours avant la date limite)"),
        max_length=50,
        default="7,1",
        validators=[validate_comma_separated_integer_list],
        help_text=_("Par exemple « 7,1 » : une relance 7 jours puis 1 jour avant. Vide : aucune."),
    )

    class Meta:
        verbose_name = _("appel à communications")
        verbose_name_plural = _("appels à communications")

    def __str__(self) -> str:
        return str(_("Appel : %(event)s") % {"event": self.event.title})

    def get_absolute_url(self) -> str:
        return reverse("call-detail", kwargs={"slug": self.event.slug})

    @property
    def reminder_offsets(self) -> list[int]:
        """Days before the deadline a draft's owner is reminded, largest first."""
        try:
            return parse_reminder_days(self.reminder_days)
        except ValidationError:  # stored before the admin form checked it: no reminder
            return []

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at


class CallTheme(models.Model):
    call = models.ForeignKey(
        CallForPapers, on_delete=models.CASCADE, related_name="themes", verbose_name=_("appel")
    )
    title = models.CharField(_("thématique"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ContributionKind(models.Model):
    call = models.ForeignKey(
        CallForPapers,
        on_delete=models.CASCADE,
        related_name="contribution_kinds",
        verbose_name=_("appel"),
    )
    name = models.CharField(_("type de contribution"), max_length=150)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type de contribution")
        verbose_name_plural = _("types de contribution")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name
