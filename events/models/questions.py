"""Questions a call asks on top of its fixed fields, and their answers (like pretalx's
questions: asked of the proposal or of each speaker)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models.programme import CallForPapers
from events.models.submissions import Submission, SubmissionSpeaker


def answer_file_path(instance: Answer, filename: str) -> str:
    """Unguessable names: answer files are served by a view that checks who may read them."""
    return f"reponses/{instance.question_id}/{uuid.uuid4().hex}.pdf"


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Texte court")
        LONG_TEXT = "long_text", _("Texte long")
        CHOICE = "choice", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        BOOLEAN = "boolean", _("Oui / non")
        NUMBER = "number", _("Nombre")
        DATE = "date", _("Date")
        FILE = "file", _("Fichier PDF")

    class Target(models.TextChoices):
        SUBMISSION = "submission", _("La proposition")
        SPEAKER = "speaker", _("Chaque intervenant")

    call = models.ForeignKey(
        CallForPapers, on_delete=models.CASCADE, related_name="questions", verbose_name=_("appel")
    )
    label = models.CharField(_("question"), max_length=300)
    label_en = models.CharField(_("question (anglais)"), max_length=300, blank=True)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    help_text_en = models.CharField(_("aide (anglais)"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.TEXT)
    target = models.CharField(
        _("posée à"), max_length=10, choices=Target, default=Target.SUBMISSION
    )
    required = models.BooleanField(_("obligatoire"), default=False)
    max_length = models.PositiveIntegerField(
        _("longueur maximale"),
        null=True,
        blank=True,
        help_text=_("En caractères, pour les textes."),
    )
    options = models.TextField(
        _("choix proposés"),
        blank=True,
        help_text=_("Un choix par ligne ; « français | anglais » pour traduire."),
    )
    visible_to_reviewers = models.BooleanField(_("visible des relecteurs"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.localized_label()

    def localized_label(self) -> str:
        if self.label_en and translation.get_language() == "en":
            return self.label_en
        return self.label

    def localized_help_text(self) -> str:
        if self.help_text_en and translation.get_language() == "en":
            return self.help_text_en
        return self.help_text

    def choices(self) -> list[tuple[str, str]]:
        """(stored value, label shown): the French text is stored, whatever the language."""
        english = translation.get_language() == "en"
        pairs = []
        for line in self.options.splitlines():
            if not line.strip():
                continue
            french, _sep, other = (part.strip() for part in line.partition("|"))
            pairs.append((french, other if english and other else french))
        return pairs


class Answer(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="answers", verbose_name=_("proposition")
    )
    speaker = models.ForeignKey(
        SubmissionSpeaker,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("intervenant"),
    )
    value = models.TextField(_("réponse"), blank=True)
    file = models.FileField(_("fichier"), upload_to=answer_file_path, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "submission"],
                condition=models.Q(speaker__isnull=True),
                name="one_answer_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["question", "speaker"],
                condition=models.Q(speaker__isnull=False),
                name="one_answer_per_speaker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.shown()}"

    def shown(self) -> str:
        """The answer as a person reads it (a multiple choice as a list, yes/no in words)."""
        if self.question.kind == Question.Kind.BOOLEAN:
            return str(_("Oui")) if self.value == "yes" else str(_("Non"))
        if self.question.kind == Question.Kind.MULTIPLE:
            return ", ".join(line for line in self.value.splitlines() if line)
        if self.question.kind == Question.Kind.FILE:
            return str(_("Fichier joint")) if self.file else ""
        return self.value
