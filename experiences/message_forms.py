"""The forms of the messages between the working group and a respondent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from experiences.models import Message


class GroupMessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Nature du message"),
        choices=[(kind.value, kind.label) for kind in Message.Kind if kind in Message.FROM_GROUP],
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Message à la personne"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Il lui est envoyé par courriel et s'affiche sur la page de sa réponse."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message au groupe de travail"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sans donnée de santé."),
    )
