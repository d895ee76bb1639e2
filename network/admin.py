"""The coordinators' interface for the base app: people, the glossary, the mail outbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from network.admin_base import BoundedInlineMixin, CheckedChoicesMixin
from network.mail import requeue_failed
from network.models import (
    EngagementForm,
    EngagementRole,
    OutgoingMail,
    Portrait,
    SentReminder,
    Source,
    User,
)
from network.permissions import groups_with_personal_data

# allauth's mails that carry a key to an account (see network.adapters).
# Mails whose body opens someone's account or answer: coordinators see that they left, not
# their keys (an experience link lets its holder edit or erase the response).
SECRET_MAIL_PREFIXES = (
    "password_reset",
    "email_confirm",
    "login_code",
    "experience_",
    "registration",  # confirmation and cancel links of an event registration
    "attendance_",  # the signed link to an attendance certificate
)

# Typed addresses without a scheme become https:// (Django 6's default, and the safe one).
HTTPS_URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}

_M = TypeVar("_M", bound=Model)


class _LinkedFile:
    """A stored file as the file widget shows it: its name, and the address of its view."""

    def __init__(self, file: FieldFile, url: str) -> None:
        self.url = url
        self.name = file.name

    def __str__(self) -> str:
        return str(self.name)


class DownloadLinkFileWidget(AdminFileWidget):
    """The admin's file input, whose link to the current file goes to a view that checks
    permissions: uploads are never served from ``MEDIA_URL`` in production."""

    def __init__(self, url: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url = url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _LinkedFile(value, self.url)
        return context


class DownloadLinksAdmin(CheckedChoicesMixin, admin.ModelAdmin[_M], Generic[_M]):
    """An admin whose file fields link to their download views.

    ``download_links`` maps a file field to the function giving its view's address.
    """

    download_links: dict[str, Callable[[_M], str]] = {}

    def get_form(
        self, request: HttpRequest, obj: _M | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[_M]]:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            for field, url in self.download_links.items():
                if field in form.base_fields:
                    form.base_fields[field].widget = DownloadLinkFileWidget(url(obj))
        return form


class PlatformUserChangeForm(UserChangeForm):
    """Only a superuser gives a group that carries access to personal data (see
    ``network.permissions.groups_with_personal_data``): such a group opens as much as admin
    access does, and a coordinator could otherwise hand it to any account."""

    granted_by_superuser = True

    def clean_groups(self) -> Any:
        groups = self.cleaned_data["groups"]
        if self.granted_by_superuser:
            return groups
        before = set(self.instance.groups.values_list("pk", flat=True) if self.instance.pk else [])
        refused = groups_with_personal_data(g for g in groups if g.pk not in before)
        if refused:
            raise ValidationError(
                _(
                    "Seul un super-administrateur peut donner le groupe %(groups)s : il ouvre "
                    "l'accès à des données personnelles."
                ),
                params={"groups": ", ".join(f"« {group.name} »" for group in refused)},
                code="personal_data_group",
            )
        return groups


@admin.register(User)
class UserAdmin(CheckedChoicesMixin, DjangoUserAdmin):
    form = PlatformUserChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups", "perspective"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "perspective")}),
        (
            _("Droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    # Only a superuser grants admin access or raw permissions, or sets a password: a
    # coordinator manages people's groups and perspective, never their own powers. Nor does
    # a coordinator change a login address (a password reset to a new one takes the account
    # over): the person changes it at « Mon compte », confirming the new address.
    GRANTS = ["is_staff", "is_superuser", "user_permissions", "last_login", "date_joined"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.GRANTS + (["email"] if obj is not None else [])
        return fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"granted_by_superuser": request.user.is_superuser})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Accounts with admin access (their own included) are changed by a superuser only:
        a coordinator who could change another's address could take the account over."""
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Source)
class SourceAdmin(CheckedChoicesMixin, admin.ModelAdmin[Source]):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "publisher", "year"]
    search_fields = ["title", "publisher"]


class PortraitInline(BoundedInlineMixin, admin.StackedInline[Portrait, EngagementRole]):
    model = Portrait
    extra = 0
    max_num = absolute_max = 12  # a role shows a few portraits (the demo: one each)
    validate_max = True
    autocomplete_fields = ["source"]


@admin.register(Portrait)
class PortraitAdmin(CheckedChoicesMixin, admin.ModelAdmin[Portrait]):
    list_display = ["caption", "role", "age", "position"]
    list_select_related = ["role"]
    list_filter = ["role"]
    search_fields = ["first_name", "caption", "story"]
    autocomplete_fields = ["role", "source"]


@admin.register(EngagementRole)
class EngagementRoleAdmin(CheckedChoicesMixin, admin.ModelAdmin[EngagementRole]):
    list_display = ["name", "acronym", "kind", "variant_of", "published", "updated_at"]
    list_filter = [
        "kind",
        "published",
        "health_sector",
        "medico_social_sector",
        "social_sector",
        "individual_dimension",
        "collective_dimension",
    ]
    search_fields = ["name", "acronym", "other_names", "summary", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source", "comparison_source", "variant_of"]
    list_select_related = ["variant_of"]
    inlines = [PortraitInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "kind",
                    "acronym",
                    "other_names",
                    "variant_of",
                    "published",
                )
            },
        ),
        (_("Définition"), {"fields": ("summary", "definition", "source")}),
        (
            _("Champ"),
            {
                "fields": (
                    "individual_dimension",
                    "collective_dimension",
                    "health_sector",
                    "medico_social_sector",
                    "social_sector",
                )
            },
        ),
        (
            _("Critères de comparaison"),
            {
                "fields": (
                    "objective",
                    "lived_experience_required",
                    "lived_experience",
                    "legitimacy_source",
                    "competence_source",
                    "training_required",
                    "appointment_required",
                    "training",
                    "comparison_source",
                )
            },
        ),
    )


@admin.register(EngagementForm)
class EngagementFormAdmin(CheckedChoicesMixin, admin.ModelAdmin[EngagementForm]):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["roles"]
    autocomplete_fields = ["source"]


@admin.register(SentReminder)
class SentReminderAdmin(CheckedChoicesMixin, admin.ModelAdmin[SentReminder]):
    """Which relance went to whom, when, and what became of its mail."""

    list_display = ["kind", "recipient", "object_key", "deadline", "created_at", "mail_status"]
    list_filter = ["kind"]
    search_fields = ["recipient", "object_key"]
    date_hierarchy = "created_at"
    list_select_related = ["mail"]
    readonly_fields = [field.name for field in SentReminder._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("état du courriel"))
    def mail_status(self, obj: SentReminder) -> str:
        return obj.mail.get_status_display() if obj.mail else "—"


@admin.register(OutgoingMail)
class OutgoingMailAdmin(CheckedChoicesMixin, admin.ModelAdmin[OutgoingMail]):
    """What the platform sent, when and to whom: read-only, with a way to try again."""

    list_display = ["subject", "to", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [*(field.name for field in OutgoingMail._meta.fields), "hidden_body"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        """A mail that carries a key to an account (password reset, address confirmation) or
        to an experience response is shown without its body: whoever read the link could
        take the account over, or edit and erase the response."""
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.template.startswith(SECRET_MAIL_PREFIXES):
            fields = [name for name in fields if name not in {"body_text", "body_html"}]
            fields.append("hidden_body")
        return fields

    @admin.display(description=_("contenu"))
    def hidden_body(self, obj: OutgoingMail) -> str:
        return str(
            _("Masqué : ce courriel contient un lien personnel d'accès à un compte ou une réponse.")
        )

    @admin.action(description=_("Renvoyer les courriels en échec"), permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        count = requeue_failed(queryset)
        self.message_user(
            request, _("%(count)d courriel(s) remis en file d'envoi.") % {"count": count}
        )
