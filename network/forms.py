"""Form pieces shared by the apps' admin forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.timezones import PARIS, end_of_day


def parse_reminder_days(text: str) -> list[int]:
    """``"7, 1"`` → ``[7, 1]``: days before a deadline, each positive, largest first, once.

    Raises ``ValidationError`` (in French) for anything else; an empty text means none.
    """
    try:
        offsets = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        offsets = [0]
    if any(offset <= 0 for offset in offsets):
        raise ValidationError(
            _("Indiquez des nombres de jours séparés par des virgules, par exemple « 7,1 »."),
            code="reminder_days",
        )
    return sorted(set(offsets), reverse=True)


class ClosingDateMixin(forms.ModelForm):
    """A deadline typed as a day, with an optional time when the form declares
    ``closing_time``: a day alone closes at the end of that day in Paris (« avant le
    16 mars », « jusqu'au 31 mai inclus »). Writes ``instance.closes_at``. Subclasses may
    redeclare ``closing_date`` (its label) and set ``closing_error``."""

    closing_error = gettext_lazy("La clôture doit suivre l'ouverture.")

    closing_date = forms.DateField(
        label=gettext_lazy("clôture (incluse)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Jusqu'à la fin de ce jour, heure de Paris."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        closes_at = getattr(self.instance, "closes_at", None)
        if self.instance.pk and closes_at:
            local = closes_at.astimezone(PARIS)
            self.fields["closing_date"].initial = local.date()
            if "closing_time" in self.fields and closes_at != end_of_day(local.date()):
                self.fields["closing_time"].initial = local.time()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day: datetime.date | None = cleaned.get("closing_date")
        if day:
            time: datetime.time | None = cleaned.get("closing_time")
            closes = datetime.datetime.combine(day, time, tzinfo=PARIS) if time else end_of_day(day)
            opens = cleaned.get("opens_at")
            if opens and closes <= opens:
                self.add_error("closing_date", str(self.closing_error))
            self.instance.closes_at = closes
        return cleaned
