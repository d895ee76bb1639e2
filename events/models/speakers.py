"""Speakers' profiles: filled once per account, reused by every proposal, public once the
speaker has confirmed a talk."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def photo_path(instance: SpeakerProfile, filename: str) -> str:
    """Unguessable names: photos are served by a view that checks who may see them."""
    extension = "png" if filename.lower().endswith(".png") else "jpg"
    return f"intervenants/{uuid.uuid4().hex}.{extension}"


class SpeakerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="speaker_profile",
        verbose_name=_("compte"),
    )
    display_name = models.CharField(
        _("nom affiché"), max_length=150, help_text=_("Tel qu'il figurera au programme.")
    )
    pronouns = models.CharField(_("pronoms"), max_length=40, blank=True)
    bio = models.TextField(
        _("biographie courte"),
        max_length=1200,
        blank=True,
        help_text=_("Quelques lignes, 1 200 caractères au plus."),
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    links = models.TextField(
        _("liens"), blank=True, help_text=_("Une adresse web par ligne, cinq au plus.")
    )
    engagement_role = models.ForeignKey(
        "network.EngagementRole",
        verbose_name=_("rôle d'engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("profil d'intervenant")
        verbose_name_plural = _("profils d'intervenants")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]
