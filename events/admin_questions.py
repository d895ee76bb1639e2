"""The coordinators' interface for the calls' own questions, the answers, the speakers'
profiles and the proposals' CSV export (imported at the end of ``events.admin``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from events.admin import BoundedInline, CallForPapersAdmin, SubmissionAdmin
from events.exports import submissions_csv as exports
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


@admin.display(description=_("réponses aux questions de l'appel"))
def question_answers(modeladmin: Any, obj: Submission) -> str:
    """The proposal's answers, read-only (one query): a list, files as links."""
    if obj.pk is None:
        return "—"
    answers = (
        Answer.objects.filter(submission=obj)
        .select_related("question", "speaker")
        .order_by("question__position", "question_id", "speaker__position", "speaker_id")
    )
    items = [
        format_html(
            "<li><strong>{}</strong>{} : {}</li>",
            answer.question.label,
            f" ({answer.speaker.name})" if answer.speaker else "",
            format_html(
                '<a href="{}">{}</a>', reverse("answer-file", args=[answer.pk]), _("Fichier joint")
            )
            if answer.file
            else answer.shown(),
        )
        for answer in answers
    ]
    return (
        format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items)))
        if items
        else "—"
    )


# Added to the existing admins rather than written into their lists: one line to merge.
CallForPapersAdmin.inlines = [*CallForPapersAdmin.inlines, QuestionInline]
SubmissionAdmin.question_answers = question_answers  # type: ignore[attr-defined]
SubmissionAdmin.readonly_fields = [*SubmissionAdmin.readonly_fields, "question_answers"]
SubmissionAdmin.fields = [*(SubmissionAdmin.fields or []), "question_answers"]


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
