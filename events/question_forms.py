"""The call's own questions, as form fields: one form for the proposal's questions, one per
saved speaker for the questions asked of each speaker."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from events.models import Answer, Question
from network.files import PDF, check_upload

DEFAULT_MAX_LENGTH = {Question.Kind.TEXT: 300, Question.Kind.LONG_TEXT: 5000}
YES_NO = [("yes", _("Oui")), ("no", _("Non"))]


def question_field(question: Question) -> forms.Field:
    """The field asking ``question``; never required here: a draft keeps whatever was typed,
    required answers are checked when the proposal is sent."""
    label = question.localized_label()
    if question.required:
        label = _("%(label)s (obligatoire)") % {"label": label}
    common: dict[str, Any] = {
        "label": label,
        "help_text": question.localized_help_text(),
        "required": False,
    }
    kind = question.kind
    if kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
        limit = question.max_length or DEFAULT_MAX_LENGTH[Question.Kind(kind)]
        widget = forms.Textarea(attrs={"rows": 5}) if kind == Question.Kind.LONG_TEXT else None
        return forms.CharField(max_length=limit, widget=widget, **common)
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=question.choices(), widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choices(), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.BOOLEAN:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    if kind == Question.Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    # No link to the stored file here: it is served by a view that checks who asks.
    return forms.FileField(widget=forms.FileInput(attrs={"accept": "application/pdf"}), **common)


def stored_value(question: Question, value: Any) -> str:
    """How an answer is stored (a multiple choice one per line, a date in ISO form)."""
    if value in (None, "", []):
        return ""
    if question.kind == Question.Kind.MULTIPLE:
        return "\n".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def initial_value(question: Question, answer: Answer) -> Any:
    if question.kind == Question.Kind.MULTIPLE:
        return answer.value.splitlines()
    return answer.value


class AnswersForm(forms.Form):
    """The answers to ``questions`` (all of one target), prefilled from ``answers``."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        answers: list[Answer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        current = {answer.question_id: answer for answer in answers}
        for question in questions:
            name = f"question_{question.pk}"
            self.fields[name] = question_field(question)
            if question.pk in current:
                self.initial[name] = initial_value(question, current[question.pk])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            upload = cleaned.get(f"question_{question.pk}")
            if question.kind == Question.Kind.FILE and isinstance(upload, UploadedFile):
                try:
                    check_upload(upload, accepted=(PDF,))
                except forms.ValidationError as error:
                    self.add_error(f"question_{question.pk}", error)
        return cleaned

    def changes(self) -> dict[int, Any]:
        """Question pk → what to store: text, or an upload (None: a file kept as it is)."""
        result: dict[int, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}")
            if question.kind == Question.Kind.FILE:
                result[question.pk] = value or None
            else:
                result[question.pk] = stored_value(question, value)
        return result
