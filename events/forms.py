from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import CallForPapers
from network.timezones import PARIS, end_of_day


class CallForPapersAdminForm(forms.ModelForm[CallForPapers]):
    """The deadline is a date, with an optional time: a date alone closes at the end of
    that day in Paris (« avant le 16 mars »)."""

    closing_date = forms.DateField(
        label=_("date limite"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closing_time = forms.TimeField(
        label=_("heure limite"),
        required=False,
        help_text=_("Vide : l'appel ferme à la fin de la journée, heure de Paris."),
    )

    class Meta:
        model = CallForPapers
        fields = ["event", "text", "opens_at", "contact_email", "document", "abstract_max_words"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            local = self.instance.closes_at.astimezone(PARIS)
            self.fields["closing_date"].initial = local.date()
            if local.time().replace(microsecond=0) != end_of_day(local.date()).time().replace(
                microsecond=0
            ):
                self.fields["closing_time"].initial = local.time()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, time = cleaned.get("closing_date"), cleaned.get("closing_time")
        if day:
            closes = datetime.datetime.combine(day, time, tzinfo=PARIS) if time else end_of_day(day)
            opens = cleaned.get("opens_at")
            if opens and closes <= opens:
                self.add_error("closing_date", _("La date limite doit suivre l'ouverture."))
            self.instance.closes_at = closes
        return cleaned
