from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from experiences import services
from experiences.models import (
    Campaign,
    Context,
    OrganisationType,
    Participant,
    PrivacyNotice,
    PublishedExperience,
    Questionnaire,
    Response,
)
from network.files import JPEG, PDF, PNG, check_upload
from network.forms import ClosingDateMixin
from network.models import Sector

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


class ResponseForm(forms.ModelForm[Response]):
    """The questionnaire. Saving a draft needs only an address to send the link to; what
    sending needs is checked by the service, field by field."""

    contexts = forms.ModelMultipleChoiceField(
        label=_("Dans quel(s) contexte(s) la démarche s'est-elle déroulée ?"),
        queryset=Context.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Secteur(s)"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    participants = forms.MultipleChoiceField(
        label=_("Qui y a pris part ?"),
        choices=Participant.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_attachments = MultipleFileField(
        label=_("Documents à joindre"),
        required=False,
        help_text=_("Facultatif. Jusqu'à 3 documents PDF, PNG ou JPEG de 5 Mo au plus chacun."),
    )
    # A field people do not see and robots fill in.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    class Meta:
        model = Response
        fields = [
            "name",
            "email",
            "phone",
            "organisation",
            "organisation_type",
            "organisation_type_other",
            "role",
            "title",
            "contexts",
            "sectors",
            "territory",
            "period",
            "level",
            "participants",
            "actions",
            "changes",
            "difficulties",
            "success_factors",
            "links",
            "recontact_consent",
        ]
        labels = {
            "organisation": _("Organisation"),
            "organisation_type": _("Type d'organisation"),
            "organisation_type_other": _("Si « autre », précisez"),
            "role": _("Votre rôle dans la démarche"),
            "title": _("Titre de la démarche"),
            "territory": _("Territoire"),
            "period": _("Période"),
            "level": _("Niveau de participation"),
            "actions": _("Qu'avez-vous fait ensemble ?"),
            "changes": _("Qu'est-ce que cela a changé ?"),
            "difficulties": _("Quelles difficultés avez-vous rencontrées ?"),
            "success_factors": _("Quelles conditions ont aidé ?"),
            "links": _("Liens"),
            "recontact_consent": _(
                "J'accepte d'être recontacté(e) pour d'autres projets que ce recueil."
            ),
        }
        help_texts = {
            "email": _(
                "Pour vous envoyer le lien personnel qui permet de revenir à votre réponse."
            ),
            "phone": _("Facultatif."),
            "territory": _("Par exemple : un quartier, une ville, un département."),
            "period": _("Par exemple : de 2021 à 2023, ou « depuis 2022 »."),
            "level": _(
                "Les personnes ont-elles donné leur avis, collaboré ou co-construit le projet ?"
            ),
            "actions": _("Décrivez la démarche, sans donnée de santé."),
            "links": _("Facultatif. Une adresse web (https://…) par ligne."),
            "recontact_consent": _(
                "Facultatif, sans effet sur votre contribution. Vous pouvez le retirer à tout "
                "moment en revenant à votre réponse."
            ),
        }
        widgets = {
            "level": forms.RadioSelect,
            "actions": forms.Textarea(attrs={"rows": 8}),
            "changes": forms.Textarea(attrs={"rows": 6}),
            "difficulties": forms.Textarea(attrs={"rows": 4}),
            "success_factors": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    IDENTITY: tuple[str, ...] = (
        "name",
        "email",
        "phone",
        "organisation",
        "organisation_type",
        "organisation_type_other",
        "role",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Choisissez")),
            *OrganisationType.choices,
        ]
        self.fields["level"].choices = list(self.fields["level"].choices)[1:]  # type: ignore[attr-defined]
        self.fields["new_attachments"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("name", "email", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "name": "name",
                "email": "email",
                "phone": "tel",
            }[name]
        for name in ("actions", "changes", "difficulties", "success_factors", "links"):
            self.fields[name].max_length = MAX_TEXT  # type: ignore[attr-defined]
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEXT))
            self.fields[name].widget.attrs["maxlength"] = str(MAX_TEXT)
        for name in Response.REQUIRED_TO_SUBMIT:
            self.fields[name].to_submit = True  # type: ignore[attr-defined]  # marked * on the page
        if self.instance.pk:
            self.initial.setdefault("contexts", list(self.instance.contexts.all()))
        self.removable = list(self.instance.attachments.all()) if self.instance.pk else []

    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.IDENTITY]

    def file_keys(self) -> list[str]:
        return ["new_attachments"]

    def chosen_contexts(self) -> Any:
        return self.cleaned_data["contexts"]

    def read_only(self) -> None:
        """Shown, not editable (the campaign is closed): text stays selectable, so answers
        posted too late can still be copied; choices and files are disabled."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", "") in TYPED:
                widget.attrs["readonly"] = True
            else:
                widget.attrs["disabled"] = True

    def approach_fields(self) -> list[forms.BoundField]:
        skip = {*self.IDENTITY, "recontact_consent", "website", "new_attachments"}
        return [self[name] for name in self.fields if name not in skip]

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_links(self) -> str:
        links: str = self.cleaned_data.get("links", "")
        validate = URLValidator(schemes=["http", "https"])
        for line in links.splitlines():
            if line.strip():
                try:
                    validate(line.strip())
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("« %(line)s » n'est pas une adresse web (https://…).")
                        % {"line": line.strip()[:80]}
                    ) from None
        return links

    def clean_new_attachments(self) -> list[tuple[UploadedFile, str]]:
        uploads: list[UploadedFile] = self.cleaned_data.get("new_attachments") or []
        kept = len(self.removable) - len(self.removed_attachments())
        if kept + len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("%(max)d documents au plus par réponse.") % {"max": MAX_ATTACHMENTS}
            )
        checked = []
        for upload in uploads:
            content_type = check_upload(
                upload, accepted=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES
            )
            checked.append((upload, content_type))
        return checked

    def removed_attachments(self) -> list[int]:
        ids = {str(a.pk): a.pk for a in self.removable}
        return [ids[value] for value in self.data.getlist("remove_attachment") if value in ids]  # type: ignore[attr-defined]

    def answers(self) -> dict[str, Any]:
        """The validated answers kept on the response itself (not contexts nor files)."""
        skip = {"contexts", "new_attachments", "website"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


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
