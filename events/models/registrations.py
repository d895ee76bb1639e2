"""Registrations to events, with a capacity and a waiting list. A registration takes a place
(or a rank on the waiting list) only once confirmed through the link mailed to its address."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.programme import Event


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("À confirmer")
        CONFIRMED = "confirmed", _("Inscrit")
        WAITING = "waiting", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("événement")
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    structure = models.CharField(_("structure"), max_length=200, blank=True)
    role = models.CharField(_("fonction ou qualité"), max_length=200, blank=True)
    accessibility_needs = models.TextField(
        _("besoins d'accessibilité"),
        blank=True,
        help_text=_("Interprétariat, accès en fauteuil, sous-titrage… pour que nous préparions."),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        _("confirmée le"),
        null=True,
        blank=True,
        help_text=_("Par le lien du courriel ; la liste d'attente suit cet ordre."),
    )

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"
