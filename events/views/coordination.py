"""Coordinators' pages next to the admin: a call's statistics, and the mails they write to
the speakers of a call or the registrants of an event."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import CallForPapers, Event
from events.services import mailings, statistics


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@staff_member_required
def call_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "events.view_submission")
    call = get_object_or_404(CallForPapers.objects.select_related("event"), pk=pk)
    context = {
        **admin.site.each_context(request),
        "title": _("Statistiques de l'appel « %(call)s »") % {"call": call},
        "call": call,
        "stats": statistics.call_statistics(call),
    }
    return render(request, "admin/events/call_statistics.html", context)


class MailingForm(forms.Form):
    states = forms.MultipleChoiceField(
        label=gettext_lazy("Intervenants des propositions"),
        choices=[(s.value, s.label) for s in mailings.SPEAKER_STATES],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=gettext_lazy("Objet"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("Variables : {{ name }}, {{ event }}, {{ title }} (le titre)."),
    )

    def __init__(self, *args: object, speakers: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not speakers:
            del self.fields["states"]

    def clean_subject(self) -> str:
        return mailings.check_template(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        return mailings.check_template(self.cleaned_data["body"])


@staff_member_required
def mailing(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Write to the speakers of a call (``intervenants``) or the registrants of an event
    (``inscrits``); each address gets the mail once."""
    speakers = kind == "intervenants"
    _require(request, "events.change_submission" if speakers else "events.view_registration")
    target: CallForPapers | Event = (
        get_object_or_404(CallForPapers.objects.select_related("event"), pk=pk)
        if speakers
        else get_object_or_404(Event, pk=pk)
    )
    form = MailingForm(request.POST or None, speakers=speakers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(target, CallForPapers):
                count = mailings.mail_speakers(
                    target, states=data["states"], subject=data["subject"], body=data["body"]
                )
            else:
                count = mailings.mail_registrants(
                    target, subject=data["subject"], body=data["body"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)d courriel(s) en partance.") % {"count": count})
            return redirect("admin:index")
    title = _("Écrire aux intervenants") if speakers else _("Écrire aux inscrits")
    context = {**admin.site.each_context(request), "title": f"{title} — {target}", "form": form}
    return render(request, "admin/events/mailing.html", context)
