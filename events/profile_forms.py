"""The speaker's profile form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from events.models import SpeakerProfile
from network.models import EngagementRole

MAX_LINKS = 5


class SpeakerProfileForm(forms.ModelForm[SpeakerProfile]):
    # Checked by its content and resized by the service, not stored by the form.
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        help_text=_("Facultatif. PNG ou JPEG de 5 Mo au plus."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_photo = forms.BooleanField(label=_("Retirer la photo"), required=False)

    class Meta:
        model = SpeakerProfile
        fields = [
            "display_name",
            "pronouns",
            "organisation",
            "engagement_role",
            "bio",
            "links",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement_role"].queryset = EngagementRole.objects.published().filter(  # type: ignore[attr-defined]
            kind=EngagementRole.Kind.ROLE
        )
        self.fields["engagement_role"].empty_label = _("Aucun en particulier")  # type: ignore[attr-defined]
        self.fields["pronouns"].help_text = _("Facultatif (par exemple : elle, il, iel).")

    def clean_links(self) -> str:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise forms.ValidationError(_("Cinq liens au plus."))
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("« %(link)s » n'est pas une adresse web (https://…).") % {"link": link}
                ) from None
        return "\n".join(links)

    def changes(self) -> dict[str, Any]:
        """What the service saves (after ``is_valid()``): every field but the photo."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
