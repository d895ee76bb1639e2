"""The coordinators' interface for structures, missions, press references and the dossier."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network import files
from network.admin import HTTPS_URL_FIELDS
from network.admin_base import BoundedInlineMixin, CheckedChoicesMixin
from network.storage import serve_file
from structures import services
from structures.models import DossierSection, Mission, PressDossier, PressReference, Structure


@admin.register(Mission)
class MissionAdmin(CheckedChoicesMixin, admin.ModelAdmin[Mission]):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Structure)
class StructureAdmin(CheckedChoicesMixin, admin.ModelAdmin[Structure]):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "name",
        "city",
        "departement",
        "kind",
        "secpa",
        "relation",
        "placed_on_map",
        "published",
    ]
    list_filter = [
        "kind",
        "secpa",
        "relation",
        "region",
        "published",
        "coordinates_source",
        "missions",
    ]
    search_fields = ["name", "city", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["missions"]
    autocomplete_fields = ["events"]
    actions = ["place_from_city"]
    readonly_fields = ["region", "coordinates_source", "updated_at"]
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "kind", "relation", "secpa", "secpa_since", "published")},
        ),
        (_("Adresse"), {"fields": ("address", "postcode", "city", "departement", "region")}),
        (
            _("Position sur la carte"),
            {
                "fields": ("latitude", "longitude", "coordinates_source"),
                "description": _(
                    "Laissez vide pour placer la structure au centre de sa commune. "
                    "Déplacez l'épingle sur la carte, ou saisissez les coordonnées : "
                    "elles ne seront plus modifiées automatiquement."
                ),
            },
        ),
        (
            _("Présentation publique"),
            {
                "fields": (
                    "website",
                    "contact_email",
                    "contact_phone",
                    "opening_hours",
                    "description",
                    "missions",
                    "events",
                )
            },
        ),
        (None, {"fields": ("updated_at",)}),
    )

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "css/admin-pin.css"]}
        js = ["vendor/leaflet/leaflet.js", "js/admin-pin.js"]

    @admin.display(boolean=True, description=_("sur la carte"))
    def placed_on_map(self, obj: Structure) -> bool:
        return obj.placed

    def save_model(
        self, request: HttpRequest, obj: Structure, form: ModelForm[Structure], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        moved = {"latitude", "longitude"} & set(form.changed_data)
        if moved and obj.placed:
            services.move_pin(obj, latitude=obj.latitude, longitude=obj.longitude)  # type: ignore[arg-type]
        elif (
            not obj.placed or {"city", "departement", "postcode"} & set(form.changed_data)
        ) and not services.place_structure(obj):
            self.message_user(
                request,
                _("La commune « %(city)s » n'a pas été trouvée : placez l'épingle à la main.")
                % {"city": obj.city},
                messages.WARNING,
            )

    @admin.action(description=_("Placer sur la carte d'après la commune"), permissions=["change"])
    def place_from_city(self, request: HttpRequest, queryset: QuerySet[Structure]) -> None:
        placed = sum(services.place_structure(structure) for structure in queryset)
        self.message_user(
            request,
            ngettext("%(count)d structure placée.", "%(count)d structures placées.", placed)
            % {"count": placed},
        )


@admin.register(PressReference)
class PressReferenceAdmin(CheckedChoicesMixin, admin.ModelAdmin[PressReference]):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "outlet", "kind", "published_on", "mission", "part"]
    list_filter = ["kind", "mission", "part"]
    search_fields = ["title", "authors", "outlet"]
    autocomplete_fields = ["structures"]
    list_select_related = ["mission"]


class DossierSectionForm(forms.ModelForm[DossierSection]):
    class Meta:
        model = DossierSection
        fields = ["title", "body", "image", "image_alt", "position"]
        help_texts = {
            "body": _(
                "Markdown. Écrivez [[nombre de structures]] : le PDF y met le nombre de "
                "structures participantes de l'annuaire (« 20 structures »)."
            )
        }

    def clean_image(self) -> Any:
        """A photo is a PNG or a JPEG by its content, 5 MB at most."""
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            files.check_upload(image, accepted=(files.PNG, files.JPEG))
        return image

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Décrivez la photo pour qui ne la voit pas."))
        return cleaned


class DossierSectionInline(BoundedInlineMixin, admin.StackedInline[DossierSection, PressDossier]):
    model = DossierSection
    form = DossierSectionForm
    extra = 0
    max_num = absolute_max = 30  # a press dossier has about ten sections
    validate_max = True


@admin.register(PressDossier)
class PressDossierAdmin(CheckedChoicesMixin, admin.ModelAdmin[PressDossier]):
    list_display = [
        "title",
        "edition",
        "status",
        "progress_display",
        "page_count",
        "rendered_at",
        "published",
    ]
    readonly_fields = [
        "status",
        "progress_display",
        "pdf_link",
        "fingerprint",
        "page_count",
        "rendered_at",
        "render_seconds",
        "error",
    ]
    fields = ["title", "subtitle", "edition", "published", *readonly_fields]
    inlines = [DossierSectionInline]
    actions = ["render", "render_again"]

    @admin.display(description=_("avancement"))
    def progress_display(self, obj: PressDossier) -> str:
        return f"{obj.progress} %"

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj: PressDossier) -> str:
        if not obj.file:
            return "–"
        url = reverse("admin:structures_pressdossier_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger ce PDF"))

    def get_urls(self) -> list[URLPattern]:
        pdf = path(
            "<int:pk>/pdf/",
            self.admin_site.admin_view(self.pdf_view),
            name="structures_pressdossier_pdf",
        )
        return [pdf, *super().get_urls()]

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        """Any edition's PDF, published or not (the public page offers the latest only)."""
        dossier = get_object_or_404(PressDossier, pk=pk)
        if not self.has_view_permission(request, dossier):
            raise PermissionDenied
        if not dossier.file:
            raise Http404
        return serve_file(
            request,
            dossier.file,
            f"dossier-de-presse-{dossier.edition:%Y-%m}-{dossier.pk}.pdf",
            content_type="application/pdf",
        )

    def _render(
        self, request: HttpRequest, queryset: QuerySet[PressDossier], *, force: bool
    ) -> None:
        queued = []
        for dossier in queryset:
            try:
                if services.request_dossier_rendering(dossier, force=force):
                    queued.append(dossier)
            except ValidationError as refused:
                self.message_user(request, " ".join(refused.messages), messages.WARNING)
        if queued:
            self.message_user(
                request,
                _("Fabrication lancée ; suivez son avancement dans la colonne « avancement »."),
            )
        else:
            self.message_user(
                request, _("Le PDF est déjà à jour ou en cours de fabrication."), messages.INFO
            )

    @admin.action(description=_("Fabriquer le PDF (s'il n'est pas à jour)"), permissions=["change"])
    def render(self, request: HttpRequest, queryset: QuerySet[PressDossier]) -> None:
        self._render(request, queryset, force=False)

    @admin.action(description=_("Fabriquer à nouveau le PDF"), permissions=["change"])
    def render_again(self, request: HttpRequest, queryset: QuerySet[PressDossier]) -> None:
        self._render(request, queryset, force=True)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        from django.utils import timezone

        return {"edition": timezone.localdate()}
