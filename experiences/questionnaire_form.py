"""The form of a configured questionnaire: one field per question, named by its key.

Saving a draft needs only an address; what sending needs (the required
questions that are shown) is checked by the service. A conditional question whose
condition is not met is ignored: its answer is neither validated nor kept.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from experiences import answers as reading
from experiences.forms import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_TEXT,
    TYPED,
    MultipleFileField,
)
from experiences.models import Campaign, Question, Response, ResponseAttachment
from network.files import check_upload

Kind = Question.Kind
SHORT_TEXT = 300


def _field(question: Question) -> forms.Field:
    """The form field that asks ``question`` (never required here: drafts may be partial)."""
    common: dict[str, Any] = {"label": question.label, "required": False}
    if question.help:
        common["help_text"] = question.help
    kind = question.kind
    if kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=question.max_length or SHORT_TEXT, **common)
    if kind == Kind.LONG_TEXT:
        limit = question.max_length or MAX_TEXT
        return forms.CharField(max_length=limit, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind in (Kind.SINGLE, Kind.YES_NO):
        return forms.ChoiceField(
            choices=reading.choices_of(question), widget=forms.RadioSelect, **common
        )
    if kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=reading.choices_of(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Kind.NUMBER:
        return forms.IntegerField(
            min_value=question.min_value, max_value=question.max_value, **common
        )
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == Kind.SCALE:
        low = question.min_value if question.min_value is not None else 1
        high = question.max_value if question.max_value is not None else 5
        return forms.TypedChoiceField(
            choices=[(str(n), str(n)) for n in range(low, high + 1)],
            coerce=int,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Kind.FILE:
        field = MultipleFileField(**common)
        field.widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
        return field
    common.setdefault(
        "help_text",
        _("Le nom de la commune et son code postal, par exemple « Villeurbanne 69100 »."),
    )
    return forms.CharField(max_length=SHORT_TEXT, **common)


class ConfiguredResponseForm(forms.ModelForm[Response]):
    """Who answers (fixed: the link is sent to the address) and the campaign's questions."""

    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    class Meta:
        model = Response
        fields = ["name", "email", "phone", "recontact_consent"]
        labels = {
            "recontact_consent": _(
                "J'accepte d'être recontacté(e) pour d'autres projets que ce recueil."
            ),
        }
        help_texts = {
            "email": _(
                "Pour vous envoyer le lien personnel qui permet de revenir à votre réponse."
            ),
            "phone": _("Facultatif."),
            "recontact_consent": _(
                "Facultatif, sans effet sur votre contribution. Vous pouvez le retirer à tout "
                "moment en revenant à votre réponse."
            ),
        }

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questionnaire = campaign.questionnaire
        self.questions = reading.questions_of(questionnaire) if questionnaire else []
        self.fields["name"].to_submit = True  # type: ignore[attr-defined]
        self.fields["email"].to_submit = True  # type: ignore[attr-defined]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name, autocomplete in (("name", "name"), ("email", "email"), ("phone", "tel")):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        saved = self.instance.answers
        for question in self.questions:
            field = _field(question)
            field.question = question  # type: ignore[attr-defined]
            field.hint = reading.condition_hint(question)  # type: ignore[attr-defined]
            field.to_submit = question.required  # type: ignore[attr-defined]
            self.fields[question.key] = field
            if question.allow_other and question.kind in Question.CHOICE_KINDS:
                self.fields[f"{question.key}_other"] = forms.CharField(
                    label=_("Si « autre », précisez"), required=False, max_length=SHORT_TEXT
                )
                self.initial.setdefault(f"{question.key}_other", saved.get(f"{question.key}_other"))
            initial = saved.get(question.key)
            if question.kind == Kind.COMMUNE and isinstance(initial, dict):
                initial = initial.get("typed") or initial.get("commune")
            if question.kind != Kind.FILE and initial is not None:
                self.initial.setdefault(question.key, initial)
        self.removable = list(self.instance.attachments.all()) if self.instance.pk else []

    def identity_fields(self) -> list[forms.BoundField]:
        return [self["name"], self["email"], self["phone"]]

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """``(section, [(bound field, its "other" field or None)])`` in order."""
        grouped: list[tuple[Any, list[Any]]] = []
        for question in self.questions:
            if not grouped or grouped[-1][0].pk != question.section_id:
                grouped.append((question.section, []))
            other = self.fields.get(f"{question.key}_other")
            removable = [a for a in self.removable if a.question_key == question.key]
            grouped[-1][1].append(
                (self[question.key], self[f"{question.key}_other"] if other else None, removable)
            )
        return grouped

    def read_only(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", "") in TYPED:
                widget.attrs["readonly"] = True
            else:
                widget.attrs["disabled"] = True

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def file_keys(self) -> list[str]:
        return [q.key for q in self.questions if q.kind == Kind.FILE]

    def removed_attachments(self) -> list[int]:
        ids = {str(a.pk): a.pk for a in self.removable}
        return [ids[value] for value in self.data.getlist("remove_attachment") if value in ids]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        shown: dict[str, Any] = {}
        uploads: list[tuple[UploadedFile, str, str]] = []
        for question in self.questions:
            key = question.key
            if not reading.is_shown(question, shown):
                cleaned.pop(key, None)
                self.errors.pop(key, None)
                continue
            if key in self.errors:
                continue
            value = cleaned.get(key)
            if question.kind == Kind.FILE:
                uploads += self._checked_files(question, value or [])
            elif question.kind == Kind.COMMUNE and value:
                self._check_commune(key, value)
            shown[key] = value
        cleaned["new_attachments"] = uploads
        self.shown = shown
        return cleaned

    def _check_commune(self, key: str, value: str) -> None:
        if reading.find_commune(value) is None:
            self.add_error(
                key,
                _(
                    "Commune introuvable : indiquez son nom et son code postal, par exemple "
                    "« Villeurbanne 69100 »."
                ),
            )

    def _checked_files(
        self, question: Question, uploads: list[UploadedFile]
    ) -> list[tuple[UploadedFile, str, str]]:
        removed = set(self.removed_attachments())
        kept = [a for a in self.removable if a.question_key == question.key and a.pk not in removed]
        if len(kept) + len(uploads) > MAX_ATTACHMENTS:
            self.add_error(
                question.key,
                _("%(max)d documents au plus par réponse.") % {"max": MAX_ATTACHMENTS},
            )
            return []
        checked = []
        for upload in uploads:
            try:
                content_type = check_upload(
                    upload, accepted=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES
                )
            except forms.ValidationError as error:
                self.add_error(question.key, error)
                return []
            checked.append((upload, content_type, question.key))
        return checked

    def answers(self) -> dict[str, Any]:
        """What :func:`services.save_response` sets on the response."""
        cleaned = self.cleaned_data
        kept: dict[str, Any] = {}
        place: reading.Place | None = None
        for question in self.questions:
            key = question.key
            if key not in self.shown or question.kind == Kind.FILE:
                continue
            value = self.shown[key]
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if question.kind == Kind.COMMUNE and value:
                place = place or reading.find_commune(value)
                found = reading.find_commune(value)
                value = {**found.as_answer(), "typed": value} if found else None
            if not reading.is_empty(value):
                kept[key] = value
            other = cleaned.get(f"{key}_other")
            if other and (value == reading.OTHER or reading.OTHER in (value or [])):
                kept[f"{key}_other"] = other
        return {
            "name": cleaned.get("name", ""),
            "email": cleaned.get("email", ""),
            "phone": cleaned.get("phone", ""),
            "recontact_consent": cleaned.get("recontact_consent", False),
            "answers": kept,
            "commune": place.commune if place else "",
            "departement": place.departement if place else "",
            "region": place.region if place else "",
        }


def attachments_by_question(response: Response) -> dict[str, list[ResponseAttachment]]:
    found: dict[str, list[ResponseAttachment]] = {}
    for attachment in response.attachments.all():
        found.setdefault(attachment.question_key, []).append(attachment)
    return found
