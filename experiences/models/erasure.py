"""The log of erased responses: that they were erased, never what they held."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureLog(models.Model):
    """That a response's personal data was erased, when and why: nothing of the data."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Fin de la durée de conservation")
        RESPONDENT = "respondent", _("Demande de la personne (lien personnel)")
        COORDINATOR = "coordinator", _("Demande reçue par la coordination")

    campaign = models.ForeignKey(
        "experiences.Campaign",
        on_delete=models.PROTECT,
        related_name="erasures",
        verbose_name=_("campagne"),
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
