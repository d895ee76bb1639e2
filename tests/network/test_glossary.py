"""The public glossary: list, search, filters, detail, comparison, JSON-LD."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from network.models import EngagementRole
from tests.factories import EngagementFormFactory, EngagementRoleFactory, PortraitFactory

pytestmark = pytest.mark.django_db


def jsonld_blocks(html: str) -> list[dict[str, Any]]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.fixture
def demo(db: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


# --- list ------------------------------------------------------------------------------------


def test_glossary_lists_published_entries_under_their_letter(client: Client) -> None:
    EngagementRoleFactory(name="Éducateur pair", slug="educateur-pair")
    EngagementRoleFactory(name="Zèbre caché", slug="zebre", published=False)

    page = client.get("/glossaire/").content.decode()

    assert 'id="lettre-E"' in page
    assert "Éducateur pair" in page
    assert "Zèbre caché" not in page
    assert "1 entrée" in page


def test_search_ignores_case_and_accents(client: Client, demo: None) -> None:
    page = client.get("/glossaire/", {"q": "MEDIATEUR"}).content.decode()

    assert "Médiateur de santé pair" in page
    assert "Représentant des usagers" not in page


def test_search_looks_into_other_names_and_definitions(client: Client, demo: None) -> None:
    by_other_name = client.get("/glossaire/", {"q": "aidant partenaire"}).content.decode()
    by_definition = client.get("/glossaire/", {"q": "arrêté"}).content.decode()

    assert "Patient partenaire" in by_other_name
    assert "Représentant des usagers" in by_definition


def test_filters_by_sector_and_dimension(client: Client) -> None:
    EngagementRoleFactory(name="Rôle social", social_sector=True, health_sector=False)
    EngagementRoleFactory(
        name="Rôle collectif", collective_dimension=True, individual_dimension=False
    )

    social = client.get("/glossaire/", {"secteur": "social"}).content.decode()
    collective = client.get("/glossaire/", {"dimension": "collective"}).content.decode()

    assert "Rôle social" in social and "Rôle collectif" not in social
    assert "Rôle collectif" in collective and "Rôle social" not in collective


def test_a_bad_filter_value_is_ignored_visibly(client: Client) -> None:
    EngagementRoleFactory(name="Rôle visible")

    response = client.get("/glossaire/", {"secteur": "inconnu", "dimension": "<script>"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "ont été ignorés" in page
    assert "Rôle visible" in page
    assert "<script>" not in page.split("</head>")[1]


def test_no_result_says_so(client: Client) -> None:
    EngagementRoleFactory()

    page = client.get("/glossaire/", {"q": "introuvable"}).content.decode()

    assert "Aucune entrée ne correspond" in page
    assert "0 entrée" in page


def test_glossary_list_carries_a_defined_term_set(client: Client) -> None:
    role = EngagementRoleFactory(name="Patient partenaire", acronym="PP")

    (document,) = jsonld_blocks(client.get("/glossaire/").content.decode())

    (term_set,) = document["@graph"]
    assert term_set["@type"] == "DefinedTermSet"
    (term,) = term_set["hasDefinedTerm"]
    assert term["@type"] == "DefinedTerm"
    assert term["name"] == "Patient partenaire"
    assert term["termCode"] == "PP"
    assert term["url"] == "http://testserver" + role.get_absolute_url()
    assert term["citation"]["publisher"]["name"] == role.source.publisher


@pytest.mark.parametrize("rows", [1, 3])
def test_glossary_list_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        EngagementRoleFactory(variant_of=EngagementRoleFactory())
    with django_assert_num_queries(1):
        client.get("/glossaire/")


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_definition_source_portraits_and_forms(client: Client, demo: None) -> None:
    page = client.get("/glossaire/mediateur-de-sante-pair/").content.decode()

    assert "<h1" in page and "Médiateur de santé pair" in page
    assert "formation obligatoire" in page
    assert "Je suis Sébastien, j&#x27;ai 31 ans" in page
    assert "Sébastien, médiateur de santé pair" in page
    assert "Soins cliniques" in page
    assert "Le partenariat en santé : des coopérations au service des usagers" in page


def test_detail_renders_markdown_and_removes_scripts(client: Client) -> None:
    role = EngagementRoleFactory(definition="**Gras** <script>alert(1)</script>")

    page = client.get(role.get_absolute_url()).content.decode()

    definition = page.split('class="definition"')[1].split("</div>")[0]
    assert "<strong>Gras</strong>" in definition
    assert "alert(1)" not in definition
    assert "<script>alert" not in page


def test_detail_carries_a_defined_term(client: Client, demo: None) -> None:
    blocks = jsonld_blocks(client.get("/glossaire/representant-des-usagers/").content.decode())

    term = blocks[0]["@graph"][0]
    assert term["@type"] == "DefinedTerm"
    assert term["name"] == "Représentant des usagers"
    assert term["termCode"] == "RU"
    assert term["citation"]["name"] == (
        "Les différentes formes d'engagement des usagers en établissement de santé"
    )
    assert term["citation"]["datePublished"] == "2023"


def test_a_variant_links_to_its_parent_and_back(client: Client, demo: None) -> None:
    variant = client.get("/glossaire/patient-partenaire-ressource/").content.decode()
    parent = client.get("/glossaire/patient-partenaire/").content.decode()

    assert 'href="/glossaire/patient-partenaire/"' in variant
    assert 'href="/glossaire/patient-partenaire-ressource/"' in parent
    assert "Je suis Kathy" in variant


def test_a_variant_of_an_unpublished_entry_does_not_point_to_it(client: Client) -> None:
    hidden = EngagementRoleFactory(published=False, name="Rôle en préparation")
    variant = EngagementRoleFactory(variant_of=hidden)

    pages = [
        client.get(url).content.decode()
        for url in ("/glossaire/", variant.get_absolute_url(), "/glossaire.json")
    ]

    for page in pages:
        assert "Rôle en préparation" not in page and hidden.get_absolute_url() not in page
    assert variant.name in pages[0] and variant.name in pages[1]


def test_unpublished_or_unknown_entries_are_not_found(client: Client) -> None:
    hidden = EngagementRoleFactory(published=False)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/glossaire/rien-de-tel/").status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_detail_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    role = EngagementRoleFactory()
    for _ in range(rows):
        PortraitFactory(role=role)
        EngagementFormFactory().roles.add(role)
        EngagementRoleFactory(variant_of=role)
    with django_assert_num_queries(4):
        client.get(role.get_absolute_url())


# --- comparison -------------------------------------------------------------------------------


def test_comparison_reproduces_the_seed_table_of_ru_and_patient_partner(
    client: Client, demo: None
) -> None:
    page = client.get(
        "/glossaire/comparer/", {"roles": "patient-partenaire,representant-des-usagers"}
    ).content.decode()

    table = page.split('<table class="comparison">')[1].split("</table>")[0]
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    assert "Patient partenaire" in headers[0] and "Représentant des usagers" in headers[1]
    rows = {
        re.sub(r"\s+", " ", label): [re.sub(r"\s+", " ", cell) for cell in cells]
        for label, cells in (
            (row[0], re.findall(r'<td lang="fr">(.*?)</td>', row[1], re.S))
            for row in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
        )
    }
    assert rows["Objectif"] == [
        "Co-construire des soins et services de santé améliorés et favorisant la coopération "
        "en santé",
        "Faire reconnaître et respecter les droits des patients, être force de proposition "
        "pour l&#x27;amélioration de la qualité et la fluidité des parcours",
    ]
    assert rows["Vécu relatif à la vie avec la maladie"] == [
        "Requiert nécessairement l&#x27;expérience de soins et services de santé (soi-même ou "
        "en tant que proche/aidant)",
        "Ne requiert pas nécessairement l&#x27;expérience de soins et services de santé",
    ]
    assert rows["Source de légitimité"][0] == (
        "Apporter des savoirs et des compétences issus d&#x27;une expérience des soins et "
        "services de santé"
    )
    assert "désigné par un arrêté du DG de l&#x27;ARS" in rows["Source de légitimité"][1]
    assert rows["Source de compétences"][0].startswith("Expérientielle / individuelle")
    assert rows["Source de compétences"][1].startswith("Technique / collective")
    assert "formation obligatoire" in rows["Formation ou désignation"][1]
    assert "Les différentes formes d&#x27;engagement des usagers en établissement de santé" in page


def test_comparison_accepts_the_form_without_javascript(client: Client, demo: None) -> None:
    page = client.get(
        "/glossaire/comparer/?roles=mediateur-de-sante-pair&roles=pair-aidant"
    ).content.decode()

    assert '<table class="comparison">' in page
    assert page.count('<th scope="col"') == 2


def test_comparison_reached_without_a_choice_says_no_error(client: Client, demo: None) -> None:
    page = client.get("/glossaire/comparer/").content.decode()

    assert "error-summary" not in page
    assert "Choisissez au moins deux entrées" not in page
    assert "Choisir les entrées à comparer (de 2 à" in page


def test_comparison_names_unknown_entries_and_asks_for_two(client: Client, demo: None) -> None:
    response = client.get("/glossaire/comparer/", {"roles": "pair-aidant,licorne"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucune entrée du glossaire ne correspond à «\u00a0licorne\u00a0»" in page
    assert "Choisissez au moins deux entrées" in page
    assert '<table class="comparison">' not in page


def test_comparison_is_limited_in_size(client: Client) -> None:
    roles = [EngagementRoleFactory() for _ in range(8)]

    page = client.get(
        "/glossaire/comparer/", {"roles": ",".join(role.slug for role in roles)}
    ).content.decode()

    assert page.count('<th scope="col"') == 6
    assert "6 entrées au plus" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_comparison_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    roles = [EngagementRoleFactory() for _ in range(rows + 1)]
    with django_assert_num_queries(1):
        client.get("/glossaire/comparer/", {"roles": ",".join(role.slug for role in roles)})


# --- JSON ------------------------------------------------------------------------------------


def test_glossary_json_gives_the_whole_glossary(client: Client, demo: None) -> None:
    response = client.get("/glossaire.json")

    document = response.json()
    assert response["Content-Type"].startswith("application/ld+json")
    assert document["@type"] == "DefinedTermSet"
    names = {term["name"] for term in document["hasDefinedTerm"]}
    assert {"Partenariat en santé", "Partenariat patient", "Pair-aidant familial"} <= names
    assert len(names) == EngagementRole.objects.published().count()
    ru = next(t for t in document["hasDefinedTerm"] if t.get("termCode") == "RU")
    properties = {p["propertyID"]: p["value"] for p in ru["additionalProperty"]}
    assert properties["appointment_required"] is True
    assert properties["lived_experience_required"] is False


@pytest.mark.parametrize("rows", [1, 3])
def test_glossary_json_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        EngagementRoleFactory(variant_of=EngagementRoleFactory())
    with django_assert_num_queries(1):
        client.get("/glossaire.json")


# --- languages --------------------------------------------------------------------------------


def test_glossary_is_served_in_english_with_a_switch_back(client: Client, demo: None) -> None:
    english = client.get("/en/glossaire/").content.decode()
    french = client.get("/glossaire/").content.decode()

    assert '<html lang="en">' in english
    assert "Glossary" in english
    assert 'href="/glossaire/" hreflang="fr"' in english
    assert 'href="/en/glossaire/" hreflang="en"' in french
    assert "Médiateur de santé pair" in english  # content stays in its source language


def test_demo_content_is_loaded_once_however_often_it_runs(demo: None) -> None:
    counts = (EngagementRole.objects.count(),)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (EngagementRole.objects.count(),) == counts
    assert EngagementRole.objects.count() == 10
    portraits = EngagementRole.objects.filter(portraits__isnull=False).values_list(
        "portraits__first_name", "slug"
    )
    assert set(portraits) == {
        ("Kathy", "patient-partenaire-ressource"),
        ("Nicolas", "representant-des-usagers"),
        ("André", "benevole-association-services-de-soins"),
        ("Sébastien", "mediateur-de-sante-pair"),
        ("Karine", "pair-aidant-familial"),
        ("MJ", "patient-intervenant-etp"),
    }


def test_the_glossary_points_to_the_has_glossary_for_complete_definitions(
    client: Client, db: None
) -> None:
    """The presentation the glossary comes from sends its readers to the HAS glossary."""
    french = html.unescape(client.get("/glossaire/").content.decode())
    english = html.unescape(client.get("/en/glossaire/").content.decode())

    assert "se référer au glossaire de la Haute Autorité de santé (HAS)" in french
    assert "see the glossary of the Haute Autorité de santé" in english
