"""The coordinators' interface for experience campaigns: responses, publication, erasures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from experiences import exports, services
from experiences.forms import (
    MAX_ATTACHMENTS,
    CampaignAdminForm,
    PrivacyNoticeForm,
    PublishedExperienceAdminForm,
)
from experiences.models import (
    Assessment,
    Campaign,
    ErasureLog,
    PrivacyNotice,
    PublishedExperience,
    Response,
    ResponseAttachment,
)
from network.admin_base import BoundedInlineMixin as BoundedInline
from network.models import User


def _apply(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    items: Iterable[Any],
    service: Callable[..., Any],
    done: Any,
) -> None:
    """Run ``service(item, by=user)`` on each item; report refusals one by one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    count = 0
    for item in items:
        try:
            service(item, by=user)
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        except PermissionDenied:
            model_admin.message_user(request, _("Action non autorisée."), messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)


class PrivacyNoticeFormSet(BaseInlineFormSet[PrivacyNotice, Campaign, Any]):
    def clean(self) -> None:
        """A published campaign collects personal data: never without its notice."""
        super().clean()
        campaign = self.instance
        added = any(form.has_changed() and form.is_valid() for form in self.extra_forms)
        if campaign.published and not added and not (campaign.pk and campaign.notices.exists()):
            raise ValidationError(
                _(
                    "Une campagne publiée recueille des données personnelles : ajoutez sa "
                    "notice d'information avant de la publier."
                )
            )


class PrivacyNoticeInline(BoundedInline, admin.StackedInline[PrivacyNotice, Campaign]):
    """A version given to respondents is frozen: a change is a new version. One nobody has
    been given yet can still be corrected."""

    model = PrivacyNotice
    form = PrivacyNoticeForm
    formset = PrivacyNoticeFormSet
    extra = 0
    max_num = absolute_max = 50  # versions of one campaign's notice

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    form = CampaignAdminForm
    list_display = ["title", "opens_at", "closes_at", "published", "response_count"]
    list_filter = ["published"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["working_group"]
    inlines = [PrivacyNoticeInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "published", "contact_email"]}),
        (_("Textes"), {"fields": ["introduction", "objective", "eligibility", "purpose"]}),
        (_("Calendrier"), {"fields": ["opens_at", "closing_date", "reminder_days"]}),
        (_("Groupe de travail et données"), {"fields": ["working_group", "retention_months"]}),
        (_("Questionnaire"), {"fields": ["questionnaire", "copy_from"]}),
    ]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.give_questionnaire(form.instance, source=form.cleaned_data.get("copy_from"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Campaign]:
        return super().get_queryset(request).annotate(responses_total=Count("responses"))

    @admin.display(description=_("réponses"), ordering="responses_total")
    def response_count(self, obj: Any) -> int:
        return int(obj.responses_total)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "working_group":
            kwargs["queryset"] = services.assessor_candidates()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AssessmentInline(BoundedInline, admin.TabularInline[Assessment, Response]):
    model = Assessment
    extra = 0
    max_num = absolute_max = 100  # one per member of the campaign's working group
    fields = readonly_fields = ("member", "perspective", "remarkable", "comment", "updated_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttachmentInline(BoundedInline, admin.TabularInline[ResponseAttachment, Response]):
    model = ResponseAttachment
    extra = 0
    max_num = absolute_max = MAX_ATTACHMENTS
    fields = readonly_fields = ("document", "content_type", "size")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("document"))
    def document(self, obj: ResponseAttachment) -> str:
        if obj.pk is None:  # a form of a posted formset, not a stored document
            return "-"
        url = reverse(
            "working-group-attachment", kwargs={"pk": obj.response_id, "attachment": obj.pk}
        )
        return format_html('<a href="{}">{}</a>', url, obj.name)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    """Responses are read here, never edited: their author changes them through their link."""

    list_display = [
        "reference_display",
        "heading",
        "campaign",
        "state",
        "favourable",
        "remarkable",
        "submitted_at",
    ]
    list_filter = [
        "campaign",
        "state",
        "departement",
        "remarkable",
    ]
    search_fields = ["email", "name", "answers__title", "answers__organisation"]
    list_select_related = ["campaign"]
    inlines = [AttachmentInline, AssessmentInline]
    actions = ["export_csv", "mark_remarkable", "prepare_publication", "erase"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Response]:
        return super().get_queryset(request).with_favourable_counts()  # type: ignore[attr-defined]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Response._meta.fields if f.name != "secret"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # erasure goes through the logged action below

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("experiences.export_response")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("experiences.publish_publishedexperience")

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("experiences.change_response")

    @admin.display(description=_("référence"), ordering="pk")
    def reference_display(self, obj: Response) -> str:
        return obj.reference

    @admin.display(description=_("titre de la démarche"))
    def heading(self, obj: Response) -> str:
        return obj.heading

    @admin.display(description=_("avis favorables (usagers / professionnels)"))
    def favourable(self, obj: Any) -> str:
        return f"{obj.favourable_users} / {obj.favourable_professionals}"

    @admin.action(description=_("Exporter en CSV (sans coordonnées)"), permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Response]) -> HttpResponseBase:
        return exports.csv_response(queryset)

    @admin.action(description=_("Retenir comme remarquable"), permissions=["change"])
    def mark_remarkable(self, request: HttpRequest, queryset: QuerySet[Response]) -> None:
        _apply(
            self,
            request,
            queryset.prefetch_related("assessments"),
            services.mark_remarkable,
            _("%(count)d retenue(s)."),
        )

    @admin.action(description=_("Préparer la publication"), permissions=["publish"])
    def prepare_publication(self, request: HttpRequest, queryset: QuerySet[Response]) -> None:
        _apply(
            self,
            request,
            queryset,
            services.prepare_publication,
            _("%(count)d page(s) à compléter dans « Expériences publiées »."),
        )

    @admin.action(
        description=_("Effacer les données (demande de la personne)"), permissions=["erase"]
    )
    def erase(self, request: HttpRequest, queryset: QuerySet[Response]) -> TemplateResponse | None:
        """Erase at once and for good, once the coordinator has confirmed on a second page."""
        user = request.user
        if not isinstance(user, User):
            raise PermissionDenied
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/experiences/response/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Effacer les données de ces réponses ?"),
                    "opts": self.opts,
                    "media": self.media,
                    "responses": list(queryset.select_related("campaign")),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        count = 0
        for response in queryset:
            services.erase_response(response, reason=ErasureLog.Reason.COORDINATOR, by=user)
            count += 1
        self.message_user(request, _("%(count)d réponse(s) effacée(s).") % {"count": count})
        return None


@admin.register(PublishedExperience)
class PublishedExperienceAdmin(admin.ModelAdmin[PublishedExperience]):
    form = PublishedExperienceAdminForm
    list_display = ["title", "campaign", "organisation_type", "level", "published", "published_at"]
    list_filter = ["published", "campaign", "organisation_type", "level", "contexts"]
    list_select_related = ["campaign"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["structure"]
    filter_horizontal = ["contexts"]
    readonly_fields = ["response", "published", "published_at"]
    actions = ["publish", "unpublish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a page starts from a remarkable response (« Préparer la publication »)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("experiences.publish_publishedexperience")

    @admin.action(description=_("Publier"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[PublishedExperience]) -> None:
        _apply(
            self,
            request,
            queryset.select_related("response"),
            services.publish_experience,
            _("%(count)d publiée(s)."),
        )

    @admin.action(description=_("Retirer de la publication"), permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[PublishedExperience]) -> None:
        _apply(self, request, queryset, services.unpublish_experience, _("%(count)d retirée(s)."))


@admin.register(ErasureLog)
class ErasureLogAdmin(admin.ModelAdmin[ErasureLog]):
    list_display = ["reference", "campaign", "reason", "erased_by", "erased_at", "kept_publication"]
    list_filter = ["reason", "campaign"]
    list_select_related = ["campaign", "erased_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


from experiences import admin_questionnaires  # noqa: E402,F401  (registers the questionnaires)
