"""The coordinators' interface for the calls' own questions, the answers, the speakers'
profiles and the proposals' CSV export (imported at the end of ``events.admin``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events import exports
from events.admin import BoundedInline, CallForPapersAdmin, SubmissionAdmin
from events.models import Answer, CallForPapers, Question, SpeakerProfile, Submission


class QuestionInline(BoundedInline, admin.StackedInline[Question, CallForPapers]):
    model = Question
    extra = 0
    max_num = 30
    fields = [
        ("label", "label_en"),
        ("help_text", "help_text_en"),
        ("kind", "target", "required", "visible_to_reviewers"),
        ("max_length", "position"),
        "options",
    ]


class AnswerInline(admin.TabularInline[Answer, Submission]):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "speaker", "answer"]
    readonly_fields = ["question", "speaker", "answer"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        return super().get_queryset(request).select_related("question", "speaker")

    @admin.display(description=_("réponse"))
    def answer(self, obj: Answer) -> str:
        if obj.file:
            return format_html(
                '<a href="{}">{}</a>', reverse("answer-file", args=[obj.pk]), _("Fichier joint")
            )
        return obj.shown()


# Added to the existing admins rather than written into their lists: one line to merge.
CallForPapersAdmin.inlines = [*CallForPapersAdmin.inlines, QuestionInline]
SubmissionAdmin.inlines = [*SubmissionAdmin.inlines, AnswerInline]


@admin.action(description=_("Exporter en CSV (avec les réponses aux questions)"))
def export_csv(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Submission]
) -> HttpResponseBase:
    return exports.csv_response(queryset)


SubmissionAdmin.actions = [*(SubmissionAdmin.actions or []), export_csv]


@admin.register(SpeakerProfile)
class SpeakerProfileAdmin(admin.ModelAdmin[SpeakerProfile]):
    list_display = ["display_name", "organisation", "engagement_role", "updated_at"]
    list_select_related = ["engagement_role"]
    search_fields = ["display_name", "organisation", "user__email"]
    readonly_fields = ["user", "updated_at"]
    exclude = ["photo"]
