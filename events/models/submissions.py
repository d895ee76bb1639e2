"""Submissions to calls for papers and their speakers."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.programme import CallForPapers, CallTheme, ContributionKind, ProgrammeSlot


def attachment_path(instance: Submission, filename: str) -> str:
    """Unguessable names: attachments are never listed or served publicly."""
    return f"propositions/{instance.call_id}/{uuid.uuid4().hex}.pdf"


class Submission(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyée")
        ACCEPTED = "accepted", _("Acceptée")
        REJECTED = "rejected", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée")
        CONFIRMED = "confirmed", _("Confirmée")

    class Decision(models.TextChoices):
        ACCEPT = "accepted", _("Accepter")
        REJECT = "rejected", _("Refuser")

    call = models.ForeignKey(
        CallForPapers, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("appel")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("déposée par"),
    )
    title = models.CharField(_("titre"), max_length=300, blank=True)
    abstract = models.TextField(_("résumé"), blank=True)
    theme = models.ForeignKey(
        CallTheme, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("thématique")
    )
    contribution_kind = models.ForeignKey(
        ContributionKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("type de contribution"),
    )
    submission_type = models.ForeignKey(
        "events.SubmissionType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("format"),
    )
    note = models.TextField(_("note aux organisateurs"), blank=True)
    attachment = models.FileField(_("document PDF"), upload_to=attachment_path, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.DRAFT)
    staged_decision = models.CharField(
        _("décision préparée"), max_length=10, choices=Decision, blank=True
    )
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    decision_sent_at = models.DateTimeField(_("décision envoyée le"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    slot = models.OneToOneField(
        ProgrammeSlot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("créneau du programme"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["call", "state"])]
        permissions = [
            ("review_submission", _("Peut relire les propositions qui lui sont confiées"))
        ]

    def __str__(self) -> str:
        return self.title or str(_("Proposition sans titre"))

    def get_absolute_url(self) -> str:
        return reverse("submission-edit", kwargs={"pk": self.pk})

    @property
    def editable_states(self) -> set[str]:
        return {self.State.DRAFT, self.State.SUBMITTED}

    def word_count(self) -> int:
        return len(self.abstract.split())

    def missing_for_submission(self) -> list[Any]:
        """What must be filled in before the submission can be sent."""
        missing = []
        if not self.title.strip():
            missing.append(_("un titre"))
        if not self.abstract.strip():
            missing.append(_("un résumé"))
        if self.theme_id is None and self.call.themes.exists():
            missing.append(_("une thématique"))
        if self.contribution_kind_id is None and self.call.contribution_kinds.exists():
            missing.append(_("un type de contribution"))
        return missing


class SubmissionSpeaker(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("proposition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaking_in",
        verbose_name=_("compte"),
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    affiliation = models.CharField(_("structure"), max_length=200, blank=True)
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    engagement_role = models.ForeignKey(
        "network.EngagementRole",
        verbose_name=_("rôle d'engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    invited_at = models.DateTimeField(_("invité le"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("invitation acceptée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("intervenant de la proposition")
        verbose_name_plural = _("intervenants de la proposition")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "email"], name="one_speaker_per_email_per_submission"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def public_condition() -> models.Q:
        """The lines whose speaker the public reads on the event's speaker pages: with an
        account, of a confirmed proposal they own or were invited to and accepted."""
        return models.Q(submission__state=Submission.State.CONFIRMED, user__isnull=False) & (
            models.Q(user=models.F("submission__owner")) | models.Q(accepted_at__isnull=False)
        )

    @property
    def has_public_page(self) -> bool:
        """:meth:`public_condition` read on this row and its (already loaded) proposal."""
        submission = self.submission
        return (
            self.user_id is not None
            and submission.state == Submission.State.CONFIRMED
            and (self.user_id == submission.owner_id or self.accepted_at is not None)
        )
