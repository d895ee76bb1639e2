from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from experiences import services
from experiences.models import (
    Campaign,
    PrivacyNotice,
    PublishedExperience,
    Questionnaire,
)
from network.files import JPEG, PDF, PNG
from network.forms import ClosingDateMixin

MAX_ATTACHMENTS = 3
TYPED = {"text", "email", "tel", "url", "number"}  # inputs whose value is typed text
MAX_TEXT = 10_000  # characters per free-text answer
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (PDF, PNG, JPEG)


class CampaignAdminForm(ClosingDateMixin):
    """« Jusqu'au 31 mai inclus »: a closing date closes at the end of that day in Paris."""

    closing_date = forms.DateField(
        label=_("clôture (incluse)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Les réponses sont reçues jusqu'à la fin de ce jour, heure de Paris."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("copier depuis un questionnaire"),
        queryset=Questionnaire.objects.all(),
        required=False,
        help_text=_(
            "Une campagne sans questionnaire reçoit une copie de celui-ci (par défaut, le "
            "modèle de l'appel HAS), à adapter ensuite."
        ),
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "published",
            "contact_email",
            "introduction",
            "objective",
            "eligibility",
            "purpose",
            "opens_at",
            "reminder_days",
            "working_group",
            "retention_months",
            "questionnaire",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].initial = services.default_template()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("questionnaire")
        if chosen is not None and chosen.is_template:
            self.add_error(
                "questionnaire",
                _("Un modèle ne se pose pas tel quel : choisissez-le dans « copier depuis »."),
            )
        return cleaned


class PrivacyNoticeForm(forms.ModelForm[PrivacyNotice]):
    """A version already given to a respondent is shown, never rewritten."""

    class Meta:
        model = PrivacyNotice
        fields = [
            "version",
            "controller",
            "purpose",
            "legal_basis",
            "recipients",
            "retention",
            "rights",
            "dpo_contact",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.responses.exists():
            for field in self.fields.values():
                field.disabled = True
            self.fields["version"].help_text = _(
                "Cette version a été remise à des répondants : elle ne se modifie plus, "
                "ajoutez-en une nouvelle."
            )


class PublishedExperienceAdminForm(forms.ModelForm[PublishedExperience]):
    """The public page of an experience: its texts never carry the respondent's data."""

    class Meta:
        model = PublishedExperience
        fields = [
            "campaign",
            "title",
            "slug",
            "summary",
            "structure",
            "contexts",
            "organisation_type",
            "level",
            "territory",
            "period",
            "source",
            "origin",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        texts = [cleaned.get(field) or "" for field in ("title", "summary", "source")]
        found = services.personal_data_found(self.instance.response, texts)
        if found:
            raise ValidationError(
                _("Le texte public contient des données personnelles de la personne (%(fields)s).")
                % {"fields": ", ".join(found)}
            )
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail donnée dans votre réponse"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class AssessmentForm(forms.Form):
    remarkable = forms.TypedChoiceField(
        label=_("Cette expérience est-elle remarquable ?"),
        choices=[("oui", _("Oui, remarquable")), ("non", _("Non"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
