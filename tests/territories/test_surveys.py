"""Surveys by département: the demo survey, its totals, the admin and the CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from network.models import User
from territories import demo
from territories.admin import SurveyRowInline
from territories.models import Survey, SurveyRow

SLUG = "partenariat-patient-auvergne-rhone-alpes-2023"


@pytest.fixture
def survey(db: None) -> Survey:
    demo.load()
    return Survey.objects.get(slug=SLUG)


def test_the_demo_survey_adds_up_to_the_totals_its_source_states(survey: Survey) -> None:
    rows = list(survey.rows.all())

    assert len(rows) == 12
    assert survey.total_respondents == sum(row.respondents for row in rows) == 152
    assert survey.total_projects == sum(row.projects or 0 for row in rows) == 96
    assert {row.departement for row in rows} == {
        "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"
    }  # fmt: skip
    assert sum(row.share or 0 for row in rows) == pytest.approx(Decimal("100"), abs=Decimal("0.05"))
    for row in rows:  # each published share is the respondents' share, to the hundredth
        assert float(row.share or 0) == pytest.approx(100 * row.respondents / 152, abs=0.01)
    rhone = survey.rows.get(departement="69")
    assert (rhone.respondents, rhone.share, rhone.projects) == (28, Decimal("18.42"), 32)
    assert "Aucun projet ne ressort dans le Cantal ou dans la Haute-Loire." in survey.findings_list
    assert "Voix et voies plurielles de la démocratie en santé" in survey.author


def test_loading_twice_doubles_nothing(survey: Survey) -> None:
    demo.load()

    assert Survey.objects.count() == 1
    assert SurveyRow.objects.count() == 12


def test_a_file_that_misses_its_totals_is_refused(db: None, tmp_path: Path) -> None:
    data = json.loads(demo.DATA_FILE.read_text(encoding="utf-8"))
    data["surveys"][0]["rows"][0]["respondents"] += 1
    broken = tmp_path / "surveys.json"
    broken.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ValueError, match="153 répondants"):
        demo.load(broken)
    assert not Survey.objects.exists()


def test_a_misnamed_departement_is_refused(db: None, tmp_path: Path) -> None:
    data = json.loads(demo.DATA_FILE.read_text(encoding="utf-8"))
    data["surveys"][0]["rows"][0]["departement"] = "02"  # Aisne, not Ain
    broken = tmp_path / "surveys.json"
    broken.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ValueError, match="gazetteer"):
        demo.load(broken)


def test_the_csv_gives_the_table_and_its_source(client: Client, survey: Survey) -> None:
    response = client.get(f"/experiences/territoires/enquetes/{SLUG}.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{SLUG}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:6] == [
        "code du département",
        "département",
        "région",
        "répondants",
        "part des répondants (%)",
        "projets",
    ]
    assert len(rows) == 13
    assert rows[1][:6] == ["01", "Ain", "Auvergne-Rhône-Alpes", "10", "6.58", "4"]
    assert rows[-1][:6] == ["74", "Haute-Savoie", "Auvergne-Rhône-Alpes", "12", "7.89", "12"]
    assert sum(int(row[3]) for row in rows[1:]) == 152
    assert "Le partenariat en santé : des coopérations au service des usagers" in rows[1][8]


def test_an_unpublished_survey_csv_is_only_for_coordinators(
    client: Client, survey: Survey, coordinator: User
) -> None:
    Survey.objects.filter(pk=survey.pk).update(published=False)
    url = f"/experiences/territoires/enquetes/{SLUG}.csv"

    assert client.get(url).status_code == 404
    assert client.get("/experiences/territoires/enquetes/inconnue.csv").status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(client: Client, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(title="=HYPERLINK(1)")

    text = client.get(f"/experiences/territoires/enquetes/{SLUG}.csv").content.decode()

    assert ";'=HYPERLINK(1);" in text


# --- Admin -----------------------------------------------------------------------------------


def test_the_inline_caps_rows_at_one_per_departement() -> None:
    assert SurveyRowInline.max_num == SurveyRowInline.absolute_max == 101
    assert SurveyRowInline.validate_max is True


def _form(survey: Survey, rows: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": survey.title,
        "slug": survey.slug,
        "author": survey.author,
        "year": survey.year,
        "published": "on",
        "position": 0,
        "source_title": survey.source_title,
        "total_respondents": survey.total_respondents or "",
        "total_projects": survey.total_projects or "",
        "findings": survey.findings,
        "notes": survey.notes,
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": 0,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 101,
        **overrides,
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"rows-{index}-{name}"] = value
    return data


def test_a_coordinator_enters_a_survey_with_its_rows(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    assert client.get("/admin/territories/survey/add/").status_code == 200
    template = Survey(
        title="Enquête test",
        slug="enquete-test",
        author="Groupe",
        year=2024,
        source_title="Rapport",
        total_respondents=5,
        total_projects=2,
    )
    rows = [
        {"departement": "35", "respondents": 3, "share": "60", "projects": 2},
        {"departement": "29", "respondents": 2, "share": "40", "projects": ""},
    ]

    response = client.post("/admin/territories/survey/add/", _form(template, rows))

    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(slug="enquete-test")
    assert [(r.departement, r.respondents) for r in survey.rows.all()] == [("29", 2), ("35", 3)]
    assert client.get("/admin/territories/survey/").status_code == 200


def test_rows_that_miss_the_totals_are_refused_in_french(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    template = Survey(
        title="Enquête test", slug="t", author="G", year=2024, source_title="R",
        total_respondents=10, total_projects=None,
    )  # fmt: skip
    rows = [{"departement": "35", "respondents": 3, "share": "", "projects": ""}]

    response = client.post("/admin/territories/survey/add/", _form(template, rows))

    assert response.status_code == 200
    assert "Les lignes comptent 3 répondants, la source en annonce 10" in response.content.decode()
    assert not Survey.objects.exists()


def test_an_unknown_departement_or_too_many_rows_are_refused(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    template = Survey(title="T", slug="t", author="G", year=2024, source_title="R")
    bad = [{"departement": "99", "respondents": 1, "share": "", "projects": ""}]

    response = client.post("/admin/territories/survey/add/", _form(template, bad))
    assert response.status_code == 200
    assert "99" in response.content.decode() and not Survey.objects.exists()

    many = [{"departement": "35", "respondents": 1, "share": "", "projects": ""}] * 102
    response = client.post("/admin/territories/survey/add/", _form(template, many))
    assert response.status_code == 200
    assert "au plus 101" in response.content.decode(), re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )[:5]
    assert not Survey.objects.exists()


def test_others_cannot_reach_the_survey_admin(client: Client, speaker_a: User) -> None:
    client.force_login(speaker_a)

    assert client.get("/admin/territories/survey/").status_code == 302
