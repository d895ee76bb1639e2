"""The territorial view: map and table by département, layers, région filter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from territories import demo
from territories.layers import FIXED_LAYERS, Layer, LayerData, structure_points, structures_layer
from territories.models import Survey
from tests.factories import StructureFactory

URL = "/experiences/territoires/"
SURVEY = "enquete-partenariat-patient-auvergne-rhone-alpes-2023"


def table_rows(html: str) -> dict[str, list[str]]:
    """Each table line by département code: its header then its cells, as text."""
    rows = {}
    for code, body in re.findall(r'<tr data-departement="(\w+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
        rows[code] = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
    return rows


@pytest.fixture
def structures(db: None) -> None:
    StructureFactory(departement="38", city="Grenoble")
    StructureFactory(departement="38", city="Échirolles")
    StructureFactory(departement="59")
    StructureFactory(departement="69", city="Lyon", published=False)


def test_the_page_shows_structures_per_departement(client: Client, structures: None) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html)
    assert set(rows) == {"38", "59"}  # unpublished structures are not counted
    assert rows["38"][:3] == ["Isère (38)", "Auvergne-Rhône-Alpes", "2"]
    assert 'href="/structures/?departement=38"' in html
    assert "Voir les 2 structures" in html
    assert "Isère (38) : 2 structures" in html  # the map's title for the département
    assert 'role="group"' in html and "<title" in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_a_region_filter_keeps_its_departements(client: Client, structures: None) -> None:
    html = client.get(URL, {"region": "84"}).content.decode()

    assert set(table_rows(html)) == {"38"}
    assert "Nord (59) : 1 structure" not in html


def test_the_survey_layer_gives_its_table_findings_and_csv(client: Client, db: None) -> None:
    demo.load()

    html = client.get(URL, {"couche": SURVEY, "region": "84"}).content.decode()

    rows = table_rows(html)
    assert len(rows) == 12
    assert rows["69"][:5] == ["Rhône (69)", "Auvergne-Rhône-Alpes", "28", "18,42 %", "32"]
    assert "Aucun projet ne ressort dans le Cantal ou dans la Haute-Loire." in html
    assert f"/experiences/territoires/enquetes/{SURVEY[8:]}.csv" in html
    assert "Cantal (15) : 5 répondants" in html
    assert re.search(r"<tfoot>.*152.*</tfoot>", html, re.S)


@pytest.mark.parametrize(
    "params",
    [
        {"couche": "inconnue"},
        {"couche": "enquete-inconnue", "region": "84"},
        {"region": "99"},
        {"region": "<script>"},
        {"couche": ["structures", "x"], "region": ""},
    ],
)
def test_wrong_choices_fall_back_with_a_message(
    client: Client, structures: None, params: dict[str, Any]
) -> None:
    response = client.get(URL, params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "n'ont pas été compris" in html or "n&#x27;ont pas été compris" in html
    assert "Isère (38)" in html


def test_a_control_character_in_the_address_is_refused_before_any_query(
    client: Client, structures: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = client.get(URL, {"couche": "\x00"})

    assert response.status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_query_count_does_not_grow(
    client: Client, db: None, django_assert_num_queries: Any, count: int
) -> None:
    demo.load()
    for index in range(count):
        StructureFactory(departement=["38", "59", "2A"][index])

    with django_assert_num_queries(2):  # published surveys, counts per département
        client.get(URL)
    with django_assert_num_queries(2):  # published surveys, the survey's rows
        client.get(URL, {"couche": SURVEY})


def test_the_page_exists_in_english(client: Client, structures: None) -> None:
    response = client.get("/en" + URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Territorial view" in html
    assert "Isère (38): 2 organisations" in html
    assert "See the 2 organisations" in html


def test_a_new_layer_is_a_function_and_a_line(
    client: Client, structures: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def doubled() -> LayerData:
        base = structures_layer()
        return LayerData(
            key="double",
            title="Double",
            legend="Double",
            value_heading="Double",
            values={code: 2 * int(v) for code, v in base.values.items()},
            rows=base.rows,
            value_label=lambda v: f"{v} doubles",
        )

    monkeypatch.setattr(
        "territories.layers.FIXED_LAYERS", [*FIXED_LAYERS, Layer("double", "Double", doubled)]
    )

    html = client.get(URL, {"couche": "double"}).content.decode()

    assert "Isère (38) : 4 doubles" in html


def test_an_unpublished_survey_is_not_a_layer(client: Client, db: None) -> None:
    demo.load()
    Survey.objects.update(published=False)

    html = client.get(URL, {"couche": SURVEY}).content.decode()

    assert f'value="{SURVEY}"' not in html  # not among the choices
    assert "n'ont pas été compris" in html or "n&#x27;ont pas été compris" in html


@pytest.mark.parametrize("count", [1, 3])
def test_structure_points_for_the_dossier_take_one_query(
    db: None, django_assert_num_queries: Any, count: int
) -> None:
    for index in range(count):
        StructureFactory(departement="38", name=f"S{index}", city="Grenoble")
    StructureFactory(departement="59", published=False)

    with django_assert_num_queries(1):
        points = structure_points()

    assert [point.label for point in points] == [f"S{i} (Grenoble)" for i in range(count)]
    assert points[0].departement == "38" and points[0].longitude is not None


def test_every_page_s_navigation_leads_to_the_territorial_view(client: Client, db: None) -> None:
    home = client.get("/").content.decode()
    here = client.get(URL).content.decode()

    assert f'href="{URL}"' in home
    assert f'href="{URL}" aria-current="page"' in here


def test_the_experiences_layer_counts_published_experiences_where_they_happened(
    client: Client, db: None
) -> None:
    from tests.experiences.factories import PublishedExperienceFactory

    PublishedExperienceFactory(title="À Grenoble", departement="38", region="84")
    PublishedExperienceFactory(title="À Échirolles", departement="38", region="84")
    PublishedExperienceFactory(title="À Lille", departement="59", region="32")
    PublishedExperienceFactory(title="Retirée", departement="69", region="84", published=False)

    html = client.get(URL, {"couche": "experiences"}).content.decode()
    rows = table_rows(html)
    listed = client.get("/experiences/publiees/", {"departement": "38"}).content.decode()

    assert set(rows) == {"38", "59"}
    assert rows["38"][2] == "2" and rows["38"][3].startswith("Voir les 2 expériences")
    assert 'href="/experiences/publiees/?departement=38"' in html
    assert "À Grenoble" in listed and "À Échirolles" in listed and "À Lille" not in listed
