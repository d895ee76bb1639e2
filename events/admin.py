"""The coordinators' interface for events, their programme and calls for papers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from events import services
from events.forms import MAX_SPEAKERS, CallForPapersAdminForm
from events.models import (
    CallForPapers,
    CallTheme,
    ContributionKind,
    Event,
    ProgrammeSlot,
    Registration,
    Review,
    ReviewCriterion,
    SlotSpeaker,
    Submission,
    SubmissionSpeaker,
)
from network.admin import HTTPS_URL_FIELDS, DownloadLinksAdmin
from network.admin_base import BoundedInlineMixin as BoundedInline
from network.models import User


class ProgrammeSlotInline(BoundedInline, admin.StackedInline[ProgrammeSlot, Event]):
    model = ProgrammeSlot
    extra = 0
    max_num = 100
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "kind", "starts_at", "online", "published"]
    list_filter = ["kind", "online", "published"]
    search_fields = ["title", "organiser"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [ProgrammeSlotInline]

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.fill_places(obj)
            if promoted:
                self.message_user(
                    request,
                    _("%(count)d personne(s) de la liste d'attente inscrite(s).")
                    % {"count": len(promoted)},
                )


class SlotSpeakerInline(BoundedInline, admin.TabularInline[SlotSpeaker, ProgrammeSlot]):
    model = SlotSpeaker
    extra = 0
    max_num = 20
    autocomplete_fields = ["engagement_role"]


@admin.register(ProgrammeSlot)
class ProgrammeSlotAdmin(admin.ModelAdmin[ProgrammeSlot]):
    list_display = ["title", "event", "kind", "starts_at", "position"]
    list_filter = ["kind", "event"]
    list_select_related = ["event"]
    search_fields = ["title", "speakers__name"]
    inlines = [SlotSpeakerInline]


class CallThemeInline(BoundedInline, admin.TabularInline[CallTheme, CallForPapers]):
    model = CallTheme
    extra = 0
    max_num = 50


class ContributionKindInline(BoundedInline, admin.TabularInline[ContributionKind, CallForPapers]):
    model = ContributionKind
    extra = 0
    max_num = 50


class ReviewCriterionInline(BoundedInline, admin.TabularInline[ReviewCriterion, CallForPapers]):
    model = ReviewCriterion
    extra = 0
    max_num = 20


@admin.register(CallForPapers)
class CallForPapersAdmin(DownloadLinksAdmin[CallForPapers]):
    form = CallForPapersAdminForm
    download_links = {
        "document": lambda call: reverse("call-document", kwargs={"slug": call.event.slug})
    }
    list_display = ["__str__", "opens_at", "closes_at"]
    list_select_related = ["event"]
    inlines = [CallThemeInline, ContributionKindInline, ReviewCriterionInline]
    # The fields, and their order, are the form's (events.forms.CallForPapersAdminForm).


class ReviewFormSet(BaseInlineFormSet[Review, Submission, Any]):
    """Reviewer lines: a new line asks the service to assign the reviewer (its checks are
    the form's errors); an existing line keeps its reviewer (it may be deleted)."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if index is not None and index < self.initial_form_count():
            form.fields["reviewer"].disabled = True

    def new_reviewers(self) -> list[User]:
        return [
            form.cleaned_data["reviewer"]
            for form in self.extra_forms
            if form.has_changed()
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("reviewer") is not None
        ]

    def clean(self) -> None:
        super().clean()
        for form in self.extra_forms:
            reviewer = form.cleaned_data.get("reviewer") if form.has_changed() else None
            if reviewer is None or form.cleaned_data.get("DELETE"):
                continue
            if self.instance.pk is None:  # a proposal being added has no speakers yet
                form.add_error(
                    "reviewer",
                    _("Enregistrez d'abord la proposition, puis attribuez ses relecteurs."),
                )
                continue
            try:
                services.check_reviewer(self.instance, reviewer)
            except ValidationError as error:
                form.add_error("reviewer", error)


class ReviewInline(BoundedInline, admin.TabularInline[Review, Submission]):
    """Assigning a reviewer is adding a line here (people who may review only, never a
    speaker of the proposal): saved through ``services.assign_reviewer``."""

    model = Review
    formset = ReviewFormSet
    extra = 0
    max_num = 20
    fields = ["reviewer", "score", "comment", "submitted_at"]
    readonly_fields = ["score", "comment", "submitted_at"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "reviewer":
            kwargs["queryset"] = services.reviewers().order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SubmissionSpeakerInline(BoundedInline, admin.TabularInline[SubmissionSpeaker, Submission]):
    model = SubmissionSpeaker
    extra = 0
    max_num = MAX_SPEAKERS
    fields = ["name", "email", "affiliation", "role", "engagement_role", "position"]
    autocomplete_fields = ["engagement_role"]


class ThemeNameFilter(admin.SimpleListFilter):
    """Themes by name: calls that share a theme show it once, not once per call."""

    title = _("thématique")
    parameter_name = "thematique"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        names = CallTheme.objects.order_by("title").values_list("title", flat=True).distinct()
        return [(name, name) for name in names]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(theme__title=value) if value else queryset


class MeanScoreFilter(admin.SimpleListFilter):
    title = _("note moyenne")
    parameter_name = "note"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("4", _("4 et plus")),
            ("3", _("de 3 à 4")),
            ("0", _("moins de 3")),
            ("aucune", _("pas encore notée")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "4":
            return queryset.filter(mean_score__gte=4)
        if value == "3":
            return queryset.filter(mean_score__gte=3, mean_score__lt=4)
        if value == "0":
            return queryset.filter(mean_score__lt=3)
        if value == "aucune":
            return queryset.filter(mean_score__isnull=True)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["name", "email", "event", "status", "structure", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "structure"]
    list_select_related = ["event"]
    actions = ["cancel"]

    # Changed by the confirmation link and the action below, so the waiting list follows.
    readonly_fields = ["status", "confirmed_at"]

    @admin.action(description=_("Annuler (la liste d'attente avance)"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        try:
            promoted = services.cancel_registrations(queryset)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return
        self.message_user(
            request,
            _("Inscriptions annulées ; %(count)d personne(s) de la liste d'attente inscrite(s).")
            % {"count": len(promoted)},
        )


@admin.register(Submission)
class SubmissionAdmin(DownloadLinksAdmin[Submission]):
    list_display = [
        "title",
        "speaker_names",
        "state",
        "staged_decision",
        "review_count",
        "mean",
    ]
    list_filter = ["state", "staged_decision", "call", ThemeNameFilter, MeanScoreFilter]
    search_fields = ["title", "speakers__name", "owner__email"]
    list_select_related = ["call__event"]
    download_links = {
        "attachment": lambda submission: reverse("submission-attachment", args=[submission.pk])
    }
    readonly_fields = [
        "owner",
        "state",
        "submitted_at",
        "decision_sent_at",
        "confirmed_at",
        "slot",
        "paired_review_status",
    ]
    fields = [
        "call",
        "owner",
        "title",
        "abstract",
        "theme",
        "contribution_kind",
        "note",
        "attachment",
        "state",
        "staged_decision",
        "paired_review_status",
        "submitted_at",
        "decision_sent_at",
        "confirmed_at",
        "slot",
    ]
    inlines = [SubmissionSpeakerInline, ReviewInline]
    actions = ["stage_accept", "stage_reject", "send_staged_decisions"]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, ReviewFormSet):
            super().save_formset(request, form, formset, change)
            return
        removed = [form.instance for form in formset.deleted_forms if form.instance.pk is not None]
        for review in removed:
            review.delete()
        # checked in the formset's clean(); the history's change message reads these lists
        formset.new_objects = [
            services.assign_reviewer(formset.instance, reviewer=reviewer)
            for reviewer in formset.new_reviewers()
        ]
        formset.changed_objects, formset.deleted_objects = [], removed

    def get_queryset(self, request: HttpRequest) -> QuerySet[Submission]:
        done = Q(reviews__submitted_at__isnull=False)
        return (
            super()
            .get_queryset(request)
            .annotate(
                mean_score=Avg("reviews__score", filter=done),
                reviews_done=Count("reviews", filter=done),
                reviews_total=Count("reviews"),
            )
        )

    @admin.display(description=_("intervenants"))
    def speaker_names(self, obj: Submission) -> str:
        return ", ".join(speaker.name for speaker in obj.speakers.all()) or "—"

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        changelist.result_list = changelist.result_list.prefetch_related("speakers")
        return changelist

    @admin.display(description=_("relectures"), ordering="reviews_done")
    def review_count(self, obj: Any) -> str:
        return f"{obj.reviews_done} / {obj.reviews_total}"

    @admin.display(description=_("note moyenne"), ordering="mean_score")
    def mean(self, obj: Any) -> str:
        return number_format(obj.mean_score, 2) if obj.mean_score is not None else "—"

    @admin.display(description=_("relecture en binôme"))
    def paired_review_status(self, obj: Submission) -> str:
        if not obj.pk or not obj.call.paired_review:
            return "—"
        missing = services.missing_perspectives(obj)
        return (
            str(
                _("Il manque une relecture rendue : %(missing)s.") % {"missing": ", ".join(missing)}
            )
            if missing
            else str(_("Binôme complet."))
        )

    @admin.action(description=_("Préparer : accepter"), permissions=["change"])
    def stage_accept(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        count = services.stage_decision(queryset, decision=Submission.Decision.ACCEPT)
        self.message_user(
            request,
            _("%(count)d décision(s) préparée(s), rien n'est encore envoyé.") % {"count": count},
        )

    @admin.action(description=_("Préparer : refuser"), permissions=["change"])
    def stage_reject(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        count = services.stage_decision(queryset, decision=Submission.Decision.REJECT)
        self.message_user(
            request,
            _("%(count)d décision(s) préparée(s), rien n'est encore envoyé.") % {"count": count},
        )

    @admin.action(description=_("Envoyer les décisions préparées"), permissions=["change"])
    def send_staged_decisions(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        try:
            count = services.send_decisions(queryset)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("%(count)d décision(s) envoyée(s) par courriel.") % {"count": count}
        )


import events.admin_schedule  # noqa: E402, F401  # rooms, sessions, the programme's grid
from events import admin_questions, admin_review  # noqa: E402, F401  (more admins, actions)
