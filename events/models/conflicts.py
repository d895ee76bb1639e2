"""Conflicts of interest reviewers declare: with a person (by email address) or with a
structure; automatic and manual assignment never cross them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConflictOfInterest(models.Model):
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflicts_of_interest",
        verbose_name=_("relecteur"),
    )
    person_email = models.EmailField(
        _("adresse e-mail de la personne"),
        blank=True,
        help_text=_("Celle sous laquelle la personne propose."),
    )
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("structure"),
    )
    reason = models.CharField(_("nature du lien"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        ordering = ["reviewer", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person_email="") | models.Q(structure__isnull=False),
                name="conflict_names_someone",
            )
        ]

    def __str__(self) -> str:
        return self.person_email or str(self.structure)
