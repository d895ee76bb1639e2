"""Survey results: their totals, their CSV, their layer on the territorial map."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from structures.geography import DEPARTEMENTS, REGIONS
from territories.models import Survey, SurveyRow


def total_mismatches(survey: Survey, *, respondents: int, projects: int) -> list[str]:
    """What disagrees between the rows' sums and the totals the survey's source states."""
    problems = []
    if survey.total_respondents is not None and respondents != survey.total_respondents:
        problems.append(
            _(
                "Les lignes comptent %(rows)d répondants, la source en annonce %(total)d : "
                "vérifiez la saisie."
            )
            % {"rows": respondents, "total": survey.total_respondents}
        )
    if survey.total_projects is not None and projects != survey.total_projects:
        problems.append(
            _(
                "Les lignes comptent %(rows)d projets, la source en annonce %(total)d : "
                "vérifiez la saisie."
            )
            % {"rows": projects, "total": survey.total_projects}
        )
    return problems


def _cell(value: object) -> object:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def survey_csv(survey: Survey, rows: Iterable[SurveyRow]) -> str:
    """The survey's table as CSV (semicolons and a BOM, as French spreadsheets expect),
    each row naming the survey, its year and its source."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            _("code du département"),
            _("département"),
            _("région"),
            _("répondants"),
            _("part des répondants (%)"),
            _("projets"),
            _("enquête"),
            _("année"),
            _("source"),
        ]
    )
    for row in rows:
        name, region = DEPARTEMENTS.get(row.departement, ("", ""))
        writer.writerow(
            [
                _cell(value)
                for value in (
                    row.departement,
                    name,
                    REGIONS.get(region, ""),
                    row.respondents,
                    "" if row.share is None else f"{row.share:.2f}",
                    "" if row.projects is None else row.projects,
                    survey.title,
                    survey.year,
                    survey.source_title,
                )
            ]
        )
    return out.getvalue()
