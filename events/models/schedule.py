"""The programme of an event as a schedule: submission types (with a duration), rooms,
sessions in a room at a time, and talks placing a confirmed submission in a session."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.programme import CallForPapers, CallTheme, Event

#: Namespace of the talks' and sessions' guids (uuid5), stable across exports.
GUID_NAMESPACE = uuid.UUID("6f0f3a5e-2c1b-5d7e-9b0a-7a51d2c0e415")


class SubmissionType(models.Model):
    """A kind of submission of a call with its duration (« communication 20 min »)."""

    call = models.ForeignKey(
        CallForPapers,
        on_delete=models.CASCADE,
        related_name="submission_types",
        verbose_name=_("appel"),
    )
    name = models.CharField(_("nom"), max_length=150)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=20)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("format de proposition")
        verbose_name_plural = _("formats de proposition")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="submission_type_has_duration"
            )
        ]

    def __str__(self) -> str:
        return str(
            _("%(name)s (%(minutes)d min)") % {"name": self.name, "minutes": self.duration_minutes}
        )


class Room(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("événement")
    )
    name = models.CharField(_("nom"), max_length=150)
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibilité"), blank=True)
    online_url = models.URLField(_("lien en ligne"), blank=True, help_text=_("Événement hybride."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="one_room_name_per_event")
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "pleniere", _("Plénière")
        WORKSHOP = "atelier", _("Atelier en parallèle")
        TALK = "communication", _("Communications")
        BREAK = "pause", _("Pause")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("événement")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.RESTRICT,  # the event's deletion takes both
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("salle"),
    )
    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(_("type"), max_length=15, choices=Kind, default=Kind.TALK)
    theme = models.ForeignKey(
        CallTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thématique"),
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "room__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="session_has_duration"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def guid(self) -> uuid.UUID:
        return uuid.uuid5(GUID_NAMESPACE, f"session-{self.pk}")


class Talk(models.Model):
    """A confirmed submission placed in a session; it lasts as long as its type says."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="talks", verbose_name=_("session")
    )
    submission = models.OneToOneField(
        "events.Submission",
        on_delete=models.CASCADE,
        related_name="talk",
        verbose_name=_("proposition"),
    )
    slug = models.SlugField(_("identifiant d'adresse"), max_length=200, unique=True)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.submission)

    def get_absolute_url(self) -> str:
        return reverse(
            "programme-talk", kwargs={"slug": self.session.event.slug, "talk": self.slug}
        )

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def guid(self) -> uuid.UUID:
        return uuid.uuid5(GUID_NAMESPACE, f"talk-{self.pk}")
