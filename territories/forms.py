from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from structures.geography import REGION_CHOICES
from territories.layers import Layer


class TerritoryForm(forms.Form):
    """The choices of the territorial view, read from the URL (``couche``, ``region``)."""

    couche = forms.ChoiceField(label=_("Données affichées"), required=False)
    region = forms.ChoiceField(
        label=_("Région"),
        required=False,
        choices=[("", _("Toute la France")), *REGION_CHOICES],
    )

    def __init__(self, *args: Any, layers: list[Layer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        couche = cast(forms.ChoiceField, self.fields["couche"])
        couche.choices = [(layer.key, layer.label) for layer in layers]
        couche.error_messages["invalid_choice"] = _(
            "Ces données n'existent pas (ou plus) : voici les structures du réseau."
        )
        self.fields["region"].error_messages["invalid_choice"] = _(
            "Cette région n'existe pas : voici toute la France."
        )
