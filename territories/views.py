"""Public pages of the territorial view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from territories.models import Survey
from territories.services import build_territorial_view
from territories.surveys import survey_csv


def territories(request: HttpRequest) -> HttpResponse:
    view = build_territorial_view(request.GET)
    return render(request, "territories/territories.html", {"view": view})


def survey_csv_download(request: HttpRequest, slug: str) -> HttpResponse:
    """A survey's table as CSV; coordinators may download one not yet published."""
    surveys = Survey.objects.all()
    if not request.user.has_perm("territories.view_survey"):
        surveys = surveys.published()
    survey = get_object_or_404(surveys, slug=slug)
    content = survey_csv(survey, survey.rows.order_by("departement"))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}.csv"'
    response["Content-Language"] = request.LANGUAGE_CODE
    return response
