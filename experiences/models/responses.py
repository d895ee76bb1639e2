"""Responses to a campaign, their attachments and the working group's assessments.

Personal data lives only on :class:`Response` (and its attachments): the working group
reads the approach without the contact details.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network.models import Perspective


def attachment_path(instance: ResponseAttachment, filename: str) -> str:
    """Unguessable names: attachments are served only through permission-checked views."""
    return f"experiences/{instance.response.campaign_id}/{uuid.uuid4().hex}"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(state=Response.State.SUBMITTED)

    def with_favourable_counts(self) -> ResponseQuerySet:
        """``favourable_users`` and ``favourable_professionals``: one subquery each, so that
        a page of a long list counts its own rows, not a grouped join of the whole table."""
        return self.annotate(
            favourable_users=_favourable_count(Perspective.LIVED_EXPERIENCE),
            favourable_professionals=_favourable_count(Perspective.PROFESSIONAL),
        )

    def with_attachment_count(self) -> ResponseQuerySet:
        attachments = (
            ResponseAttachment.objects.filter(response=models.OuterRef("pk"))
            .order_by()
            .values("response")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(attachment_count=Coalesce(models.Subquery(attachments), 0))


def _favourable_count(perspective: str) -> Coalesce:
    favourable = (
        Assessment.objects.filter(
            response=models.OuterRef("pk"), remarkable=True, perspective=perspective
        )
        .order_by()
        .values("response")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(favourable), 0)


class Response(models.Model):
    """One questionnaire, without an account: its owner comes back through a signed link."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyée")

    campaign = models.ForeignKey(
        "experiences.Campaign",
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("campagne"),
    )
    notice = models.ForeignKey(
        "experiences.PrivacyNotice",
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("notice d'information remise"),
    )
    secret = models.CharField(max_length=40, default=new_secret, editable=False)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.DRAFT)
    created_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    # Who answers: personal data, erased at the end of the retention period.
    name = models.CharField(_("nom et prénom"), max_length=200, blank=True)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    # The answers to the campaign's questionnaire, keyed by question key (the fixed columns
    # of the HAS form were moved here by migration 0005 and dropped by 0007).
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    # Where the approach took place (the commune question): INSEE codes.
    commune = models.CharField(_("commune"), max_length=200, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    region = models.CharField(_("région"), max_length=2, blank=True)

    recontact_consent = models.BooleanField(
        _("accepte d'être recontacté(e) pour d'autres projets"), default=False
    )
    recontact_consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)

    remarkable = models.BooleanField(_("remarquable"), default=False)
    remarkable_at = models.DateTimeField(_("retenue le"), null=True, blank=True)

    objects: ClassVar[ResponseQuerySet] = ResponseQuerySet.as_manager()  # type: ignore[assignment]

    PERSONAL_FIELDS: ClassVar[tuple[str, ...]] = ("name", "email", "phone")

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-created_at"]
        permissions = [
            ("export_response", _("Peut exporter les réponses (CSV)")),
            ("assess_response", _("Peut lire et évaluer les réponses (groupe de travail)")),
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return self.heading

    @property
    def approach_title(self) -> str:
        """The approach's title, whichever questionnaire asked it ("" when none)."""
        return str(self.answer("title") or "")

    @property
    def heading(self) -> str:
        """The approach's title, whichever questionnaire asked it."""
        title = self.answer("title")
        return str(title) if title else _("Réponse n° %(number)s") % {"number": self.pk}

    def answer(self, key: str) -> Any:
        """The answer to the question ``key`` ("" when it was not answered)."""
        return self.answers.get(key, "")

    @property
    def reference(self) -> str:
        return f"EXP-{self.pk:05d}"


class ResponseAttachment(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("réponse")
    )
    file = models.FileField(_("fichier"), upload_to=attachment_path)
    question_key = models.CharField(_("question"), max_length=50, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("taille (octets)"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """A working-group member's reading of a response: remarkable or not, and why."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("réponse")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="experience_assessments",
        verbose_name=_("membre du groupe de travail"),
    )
    perspective = models.CharField(_("point de vue"), max_length=15, choices=Perspective)
    remarkable = models.BooleanField(_("remarquable"))
    comment = models.TextField(_("commentaire"), blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("avis du groupe de travail")
        verbose_name_plural = _("avis du groupe de travail")
        ordering = ["response", "updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["response", "member"], name="one_assessment_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} : {self.response}"
