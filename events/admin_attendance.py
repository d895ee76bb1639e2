"""The coordinators' interface for attendance: the check-in page, sign-in sheets, the
certificates' batches with their progress."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.admin import EventAdmin
from events.admin_schedule import SessionAdmin
from events.models import Certificate, CertificateRun, Event, Session
from events.services import attendance


@admin.action(description=_("Fabriquer et envoyer les attestations de présence"))
def start_certificates(
    modeladmin: admin.ModelAdmin[Event], request: HttpRequest, queryset: QuerySet[Event]
) -> None:
    for event in queryset:
        try:
            attendance.start_certificates(event=event)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{event} : {' '.join(error.messages)}", messages.ERROR
            )
        else:
            modeladmin.message_user(
                request, _("%(event)s : attestations en cours de fabrication.") % {"event": event}
            )


@admin.display(description=_("pointage"))
def check_in_link(event: Event) -> str:
    return format_html('<a href="{}">{}</a>', reverse("check-in", args=[event.slug]), _("Pointer"))


_actions = [*(getattr(EventAdmin, "actions", None) or []), start_certificates]
EventAdmin.actions = _actions  # type: ignore[misc]
EventAdmin.list_display = [*EventAdmin.list_display, check_in_link]


@admin.action(description=_("Fabriquer les feuilles d'émargement"))
def render_sign_in_sheets(
    modeladmin: admin.ModelAdmin[Session], request: HttpRequest, queryset: QuerySet[Session]
) -> None:
    for session in queryset:
        attendance.request_sign_in_sheet(session=session)
    modeladmin.message_user(request, _("Feuilles d'émargement en cours de fabrication."))


@admin.display(description=_("émargement"))
def sign_in_sheet_link(session: Session) -> str:
    url = reverse("sign-in-sheet", args=[session.pk])
    return format_html('<a href="{}">{}</a>', url, _("PDF"))


setattr(SessionAdmin, "actions", [render_sign_in_sheets])  # noqa: B010
SessionAdmin.list_display = [*SessionAdmin.list_display, sign_in_sheet_link]


@admin.register(CertificateRun)
class CertificateRunAdmin(admin.ModelAdmin[CertificateRun]):
    list_display = ["event", "status", "progress_bar", "rendered", "started_at", "finished_at"]
    list_select_related = ["event"]
    readonly_fields = [f.name for f in CertificateRun._meta.fields]

    @admin.display(description=_("progression"))
    def progress_bar(self, run: CertificateRun) -> str:
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {}/{}',
            run.progress,
            run.progress,
            run.done,
            run.total,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started from the events' action


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ["registration", "code", "rendered_at", "sent_at"]
    list_select_related = ["registration__event"]
    search_fields = ["registration__name", "registration__email", "code"]
    readonly_fields = ["registration", "code", "file", "fingerprint", "rendered_at", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
