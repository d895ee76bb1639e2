"""Attendance: registrants checked in on the day, sign-in sheets per session, and the
attendance certificates (« attestations de présence ») made after the event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.programme import Event
from events.models.registrations import Registration
from events.models.schedule import Session


class Attendance(models.Model):
    """A registrant marked present by a coordinator."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("inscription"),
    )
    present_at = models.DateTimeField(_("présent le"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pointé par"),
    )

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        permissions = [("check_in_attendance", _("Peut pointer les présences"))]

    def __str__(self) -> str:
        return str(self.registration)


class SignInSheet(models.Model):
    """The printable sign-in sheet of a session (names sorted, a signature column)."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="sign_in_sheet", verbose_name=_("session")
    )
    file = models.FileField(_("PDF"), upload_to="emargements/", blank=True)
    fingerprint = models.CharField(_("empreinte"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("fabriquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("feuille d'émargement")
        verbose_name_plural = _("feuilles d'émargement")

    def __str__(self) -> str:
        return str(self.session)


class Certificate(models.Model):
    """An attendance certificate: rendered once per fingerprint, verifiable by its code."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("inscription"),
    )
    code = models.CharField(_("code de vérification"), max_length=16, unique=True)
    file = models.FileField(_("PDF"), upload_to="attestations/", blank=True)
    fingerprint = models.CharField(_("empreinte"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("fabriquée le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation de présence")
        verbose_name_plural = _("attestations de présence")

    def __str__(self) -> str:
        return str(self.registration)


class CertificateRun(models.Model):
    """One batch of certificates of an event, rendered in Celery; its progress shows in
    the admin."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RENDERING = "rendering", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="certificate_runs",
        verbose_name=_("événement"),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("attestations"), default=0)
    done = models.PositiveIntegerField(_("faites"), default=0)
    rendered = models.PositiveIntegerField(_("fabriquées"), default=0)
    send = models.BooleanField(_("envoyer par courriel"), default=True)
    started_at = models.DateTimeField(_("lancé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("fabrication d'attestations")
        verbose_name_plural = _("fabrications d'attestations")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.event} — {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def progress(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
