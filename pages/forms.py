from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from network.files import JPEG, PNG, check_upload
from pages.models import SiteIdentity

MAX_MESSAGE = 5000
MAX_IMAGE_BYTES = 1024 * 1024


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=150)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Pour vous répondre ; elle n'est utilisée à rien d'autre."),
    )
    subject = forms.CharField(label=_("Objet"), max_length=150)
    message = forms.CharField(
        label=_("Votre message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("%(count)s caractères au plus. N'y mettez aucune donnée de santé.")
        % {"count": MAX_MESSAGE},
    )
    # A field people do not see and robots fill in.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].error_messages["required"] = _("Indiquez votre nom.")
        self.fields["email"].error_messages.update(
            {
                "required": _("Indiquez votre adresse e-mail, pour que nous puissions répondre."),
                "invalid": _("Indiquez une adresse e-mail valide, comme nom@exemple.fr."),
            }
        )
        self.fields["subject"].error_messages["required"] = _("Indiquez l'objet de votre message.")
        self.fields["message"].error_messages["required"] = _("Écrivez votre message.")

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


def _image(upload: UploadedFile | None, *, accepted: tuple[str, ...]) -> UploadedFile | None:
    """A new upload must be what its content says (an SVG, which can carry scripts, is refused)."""
    if isinstance(upload, UploadedFile):
        check_upload(upload, accepted=accepted, max_bytes=MAX_IMAGE_BYTES)
    return upload


class SiteIdentityForm(forms.ModelForm[SiteIdentity]):
    class Meta:
        model = SiteIdentity
        fields = [
            "site_name",
            "contact_email",
            "logo",
            "logo_alt",
            "favicon",
            "social_image",
            "press_contact_name",
            "press_contact_email",
            "press_contact_phone",
        ]

    def clean_logo(self) -> UploadedFile | None:
        return _image(self.cleaned_data.get("logo"), accepted=(PNG, JPEG))

    def clean_favicon(self) -> UploadedFile | None:
        return _image(self.cleaned_data.get("favicon"), accepted=(PNG,))

    def clean_social_image(self) -> UploadedFile | None:
        return _image(self.cleaned_data.get("social_image"), accepted=(PNG, JPEG))
