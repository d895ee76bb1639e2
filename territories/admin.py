"""The coordinators' interface for surveys by département."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from network.admin_base import BoundedInlineMixin
from structures.geography import DEPARTEMENTS
from territories.models import Survey, SurveyRow
from territories.surveys import total_mismatches


class SurveyRowFormSet(BaseInlineFormSet):
    """The rows must add up to the totals the source states (when it states them)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = total_mismatches(
            self.instance,
            respondents=sum(row.get("respondents") or 0 for row in rows),
            projects=sum(row.get("projects") or 0 for row in rows),
        )
        if problems:
            raise ValidationError(problems)


class SurveyRowInline(BoundedInlineMixin, admin.TabularInline[SurveyRow, Survey]):
    model = SurveyRow
    formset = SurveyRowFormSet
    extra = 3
    # One row per département at most, and never more (even from a forged form).
    max_num = len(DEPARTEMENTS)
    absolute_max = len(DEPARTEMENTS)
    validate_max = True
    fields = ["departement", "respondents", "share", "projects"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["title", "author", "year", "published", "csv_link"]
    list_filter = ["published", "year"]
    search_fields = ["title", "author", "source_title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SurveyRowInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "author", "year", "published", "position")}),
        (_("Source"), {"fields": ("source_title", "total_respondents", "total_projects")}),
        (_("Lecture"), {"fields": ("findings", "notes")}),
    )

    @admin.display(description=_("CSV"))
    def csv_link(self, obj: Survey) -> SafeString:
        url = reverse("territories-survey-csv", kwargs={"slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))
