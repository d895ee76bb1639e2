"""Forms of the programme's grid in the admin."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session, Submission


def session_label(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{start:%d/%m %H:%M} · {session.room or '—'} · {session.title}"


class PlaceTalkForm(forms.Form):
    """Place a confirmed submission of the event's call in one of its sessions."""

    submission = forms.ModelChoiceField(
        label=_("proposition confirmée"), queryset=Submission.objects.none()
    )
    session = forms.ModelChoiceField(label=_("session"), queryset=Session.objects.none())
    start_time = forms.TimeField(
        label=_("heure de début"),
        required=False,
        help_text=_("Vide : après les interventions déjà dans la session."),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        submissions = cast(forms.ModelChoiceField[Submission], self.fields["submission"])
        sessions = cast(forms.ModelChoiceField[Session], self.fields["session"])
        submissions.queryset = Submission.objects.filter(
            call__event=event, state=Submission.State.CONFIRMED
        ).order_by("title")
        sessions.queryset = (
            Session.objects.filter(event=event)
            .exclude(kind=Session.Kind.BREAK)
            .select_related("room")
            .order_by("starts_at", "pk")
        )
        sessions.label_from_instance = session_label  # type: ignore[method-assign,assignment]

    def starts_at(self) -> datetime.datetime | None:
        """The chosen start on the session's day, Paris time; None to follow the others."""
        time = self.cleaned_data.get("start_time")
        if time is None:
            return None
        session: Session = self.cleaned_data["session"]
        day = timezone.localtime(session.starts_at).date()
        return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
