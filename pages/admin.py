from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pages.forms import SiteIdentityForm
from pages.models import Page, SiteIdentity
from pages.urls import NAMED_PAGES
from pages.views import CONTACT, SITE_MAP

# The footer links to these: they may be rewritten, not deleted.
REQUIRED_PAGES = {*NAMED_PAGES, CONTACT, SITE_MAP}


@admin.register(Page)
class PageAdmin(admin.ModelAdmin[Page]):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "body"]

    def get_readonly_fields(self, request: HttpRequest, obj: Page | None = None) -> Any:
        return ["slug"] if obj is not None and obj.slug in REQUIRED_PAGES else []

    def get_prepopulated_fields(self, request: HttpRequest, obj: Page | None = None) -> Any:
        return {} if obj is not None and obj.slug in REQUIRED_PAGES else self.prepopulated_fields

    def has_delete_permission(self, request: HttpRequest, obj: Page | None = None) -> bool:
        if obj is not None and obj.slug in REQUIRED_PAGES:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # the required pages must stay
        return actions


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin[SiteIdentity]):
    form = SiteIdentityForm
    fieldsets = [
        (None, {"fields": ["site_name", "contact_email"]}),
        (_("Images"), {"fields": ["logo", "logo_alt", "favicon", "social_image"]}),
        (
            _("Contact presse (dossier de presse)"),
            {"fields": ["press_contact_name", "press_contact_email", "press_contact_phone"]},
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One identity: the list opens it directly."""
        identity = SiteIdentity.load()
        return HttpResponseRedirect(reverse("admin:pages_siteidentity_change", args=[identity.pk]))
