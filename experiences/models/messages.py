"""Messages between the working group and a respondent, kept with the response (and erased
with it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Kind(models.TextChoices):
        THANKS = "merci", _("Remerciements")
        QUESTION = "question", _("Une question")
        DECISION = "decision", _("Décision de publication")
        REPLY = "reponse", _("Réponse de la personne")
        CORRECTION = "correction", _("Demande de correction")

    FROM_GROUP = frozenset({Kind.THANKS, Kind.QUESTION, Kind.DECISION})

    response = models.ForeignKey(
        "experiences.Response",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("réponse"),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind)
    body = models.TextField(_("message"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("écrit par (groupe de travail)"),
    )
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["response", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d/%m/%Y})"

    @property
    def from_group(self) -> bool:
        return self.kind in self.FROM_GROUP
