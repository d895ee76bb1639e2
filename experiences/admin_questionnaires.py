"""The coordinators' questionnaires: sections and questions in one page, and copies."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from experiences import services
from experiences.admin import BoundedInline
from experiences.models import Question, Questionnaire, Response, Section


class SectionInline(BoundedInline, admin.TabularInline[Section, Questionnaire]):
    model = Section
    extra = 1
    max_num = absolute_max = 30
    fields = ["position", "title_fr", "title_en", "intro_fr", "intro_en"]


class QuestionInline(BoundedInline, admin.StackedInline[Question, Questionnaire]):
    """Questions of the page's questionnaire: their section and condition are chosen among
    its own sections and questions (save the sections first). A key that names answers
    already given no longer changes."""

    model = Question
    fk_name = "questionnaire"
    extra = 1
    max_num = absolute_max = 200
    fieldsets = [
        (None, {"fields": [("section", "position"), ("key", "kind", "required")]}),
        (None, {"fields": [("label_fr", "label_en"), ("help_fr", "help_en")]}),
        (
            _("Selon le type"),
            {"fields": ["choices", "allow_other", ("max_length", "min_value", "max_value")]},
        ),
        (_("Affichage conditionnel"), {"fields": [("condition_question", "condition_values")]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        answered = (
            obj is not None
            and Response.objects.filter(campaign__questionnaire=obj).exclude(answers={}).exists()
        )
        return ["key"] if answered else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        match = request.resolver_match
        parent = match.kwargs.get("object_id") if match else None
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(questionnaire_id=parent or 0)
        if db_field.name == "condition_question":
            kwargs["queryset"] = Question.objects.filter(questionnaire_id=parent or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin[Questionnaire]):
    list_display = ["name", "is_template", "created_at"]
    list_filter = ["is_template"]
    search_fields = ["name"]
    inlines = [SectionInline, QuestionInline]
    actions = ["copy"]

    @admin.action(description=_("Copier les questionnaires choisis"))
    def copy(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset:
            services.copy_questionnaire(
                questionnaire, name=_("Copie de %(name)s") % {"name": questionnaire.name}
            )
        self.message_user(request, _("Questionnaires copiés."), messages.SUCCESS)
