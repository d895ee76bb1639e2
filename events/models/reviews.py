"""Reviews of submissions: criteria per call, one review per reviewer and submission."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.programme import CallForPapers
from events.models.submissions import Submission


class ReviewCriterion(models.Model):
    call = models.ForeignKey(
        CallForPapers, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("appel")
    )
    name = models.CharField(_("critère"), max_length=200)
    max_score = models.PositiveSmallIntegerField(
        _("note maximale"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de relecture")
        verbose_name_plural = _("critères de relecture")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """Created empty when a coordinator assigns a reviewer; done when submitted."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("proposition")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("relecteur"),
    )
    comment = models.TextField(
        _("commentaire"), blank=True, help_text=_("Pour les organisateurs seulement.")
    )
    author_comment = models.TextField(
        _("commentaire pour les auteurs"),
        blank=True,
        help_text=_("Lu par les auteurs une fois la décision envoyée, sans votre nom."),
    )
    score = models.DecimalField(
        _("note moyenne"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("rendue le"), null=True, blank=True)
    created_at = models.DateTimeField(_("attribuée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relecture")
        verbose_name_plural = _("relectures")
        ordering = ["submission", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="one_review_each")
        ]

    def __str__(self) -> str:
        return f"{self.submission} — {self.reviewer}"

    @property
    def done(self) -> bool:
        return self.submitted_at is not None


class ReviewScore(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("relecture")
    )
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.CASCADE, verbose_name=_("critère")
    )
    value = models.PositiveSmallIntegerField(_("note"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
