"""The coordinators' interface for the programme as a schedule: submission types on the
call, rooms on the event, sessions, and the grid by day and room where talks are placed
and the programme is published."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.admin import BoundedInline, CallForPapersAdmin, EventAdmin
from events.models import Event, Room, Session, SubmissionType, Talk
from events.schedule_forms import PlaceTalkForm
from events.services import schedule
from network.admin import HTTPS_URL_FIELDS


class SubmissionTypeInline(BoundedInline, admin.TabularInline[SubmissionType, Any]):
    model = SubmissionType
    extra = 0
    max_num = 20


class RoomInline(BoundedInline, admin.TabularInline[Room, Event]):
    model = Room
    extra = 0
    max_num = 30
    formfield_overrides = HTTPS_URL_FIELDS


class TalkInline(BoundedInline, admin.TabularInline[Talk, Session]):
    model = Talk
    extra = 0
    max_num = 50
    fields = ["submission", "starts_at", "duration_minutes", "slug"]
    readonly_fields = ["submission", "starts_at", "duration_minutes", "slug"]
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # talks are placed from the grid, which checks them


CallForPapersAdmin.inlines = [*CallForPapersAdmin.inlines, SubmissionTypeInline]
EventAdmin.inlines = [*EventAdmin.inlines, RoomInline]


@admin.display(description=_("programme"))
def programme_grid_link(event: Event) -> str:
    url = reverse("admin:events_session_grid", args=[event.pk])
    return format_html('<a href="{}">{}</a>', url, _("Grille"))


EventAdmin.list_display = [*EventAdmin.list_display, programme_grid_link]


class SessionForm(forms.ModelForm[Session]):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event, room, theme = data.get("event"), data.get("room"), data.get("theme")
        if event and room and room.event_id != event.pk:
            self.add_error("room", _("Cette salle appartient à un autre événement."))
        if event and theme and theme.call.event_id != event.pk:
            self.add_error("theme", _("Cette thématique est celle d'un autre événement."))
        return data


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    form = SessionForm
    list_display = ["title", "event", "room", "kind", "starts_at", "duration_minutes"]
    list_filter = ["kind", "event"]
    list_select_related = ["event", "room"]
    search_fields = ["title", "talks__submission__title"]
    inlines = [TalkInline]

    def get_urls(self) -> list[URLPattern]:
        grid = self.admin_site.admin_view(self.grid_view)
        return [
            path("grille/<int:event_id>/", grid, name="events_session_grid"),
            *super().get_urls(),
        ]

    def grid_view(self, request: HttpRequest, event_id: int) -> HttpResponse:
        """The grid by day and room: conflicts, a form to place a talk, publication."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=event_id)
        form = PlaceTalkForm(event, request.POST or None)
        if request.method == "POST" and self._handle_post(request, event, form):
            return HttpResponseRedirect(request.path)
        sessions = list(schedule.schedule_sessions(event))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Grille du programme : %(event)s") % {"event": event},
            "event": event,
            "grid": schedule.programme_grid(sessions, list(event.rooms.all())),
            "conflicts": schedule.find_schedule_conflicts(event=event),
            "form": form,
            "unplaced": form.fields["submission"].queryset.filter(talk__isnull=True),  # type: ignore[attr-defined]
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/events/programme_grid.html", context)

    def _handle_post(self, request: HttpRequest, event: Event, form: PlaceTalkForm) -> bool:
        """Publish, withdraw or place a talk; True when done (then redirect)."""
        try:
            if "publish" in request.POST:
                schedule.publish_programme(event=event)
                self.message_user(request, _("Le programme est publié."))
                return True
            if "unpublish" in request.POST:
                schedule.unpublish_programme(event=event)
                self.message_user(request, _("Le programme n'est plus public."))
                return True
            if form.is_valid():
                talk = schedule.place_talk(
                    submission=form.cleaned_data["submission"],
                    session=form.cleaned_data["session"],
                    starts_at=form.starts_at(),
                )
                self.message_user(request, _("« %(talk)s » est placée.") % {"talk": talk})
                return True
        except ValidationError as error:
            if "publish" in request.POST:
                self.message_user(
                    request,
                    _("Publication refusée : corrigez d'abord les conflits."),
                    messages.ERROR,
                )
            else:
                form.add_error(None, error)
        return False


import events.admin_attendance  # noqa: E402, F401  # check-in, sign-in sheets, certificates
