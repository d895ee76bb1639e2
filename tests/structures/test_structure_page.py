"""A structure's public page, the directory's structures without a pin, the open data."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from experiences.models import PublishedExperience
from structures import opendata
from structures.models import PressReference, Structure
from tests.experiences.factories import CampaignFactory
from tests.factories import EventFactory, MissionFactory, PressReferenceFactory, StructureFactory

pytestmark = pytest.mark.django_db


def _experience(structure: Structure, *, slug: str, published: bool = True) -> PublishedExperience:
    return PublishedExperience.objects.create(
        campaign=CampaignFactory(slug=f"campagne-{slug}"),
        title=f"Expérience {slug}",
        slug=slug,
        summary="Un résumé.",
        organisation_type="usagers",
        level="avis",
        structure=structure,
        published=published,
        published_at=timezone.now(),
    )


def test_the_page_shows_contact_opening_description_missions_press_events_experiences(
    client: Client,
) -> None:
    mission = MissionFactory(name="Interprétariat", description="La langue est un **obstacle**.")
    structure = StructureFactory(
        name="Le Château en Santé",
        address="2 rue du Château",
        postcode="13015",
        city="Marseille",
        departement="13",
        website="https://example.org/chateau",
        contact_email="accueil@example.org",
        contact_phone="04 91 00 00 00",
        opening_hours="Du lundi au vendredi\nde 9 h à 18 h",
        description="Un centre **communautaire**.<script>alert(1)</script>",
        missions=[mission],
    )
    PressReferenceFactory(
        title="L'acoustique des langues",
        introduction="RadiOKLM, radio communautaire, parle des **langues**.",
        mission=mission,
        structures=[structure],
    )
    event = EventFactory(title="Journée des 20 ans")
    hidden_event = EventFactory(title="Réunion interne", published=False)
    structure.events.set([event, hidden_event])
    _experience(structure, slug="comite")
    _experience(structure, slug="brouillon", published=False)

    page = client.get(structure.get_absolute_url()).content.decode()

    assert "2 rue du Château, 13015 Marseille" in page
    assert 'href="tel:0491000000"' in page
    assert "https://example.org/chateau" in page
    assert "accueil@example.org" in page
    assert "Du lundi au vendredi<br>de 9 h à 18 h" in page
    assert "<strong>communautaire</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "La langue est un <strong>obstacle</strong>." in page
    assert "parle des <strong>langues</strong>." in page
    assert "L&#x27;acoustique des langues" in page or "L'acoustique des langues" in page
    assert "Journée des 20 ans" in page and event.get_absolute_url() in page
    assert "Réunion interne" not in page
    assert "Expérience comite" in page
    assert "Expérience brouillon" not in page


@pytest.mark.parametrize("rows", [1, 3])
def test_the_page_costs_the_same_queries_whatever_it_holds(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    structure = StructureFactory()
    for n in range(rows):
        mission = MissionFactory()
        structure.missions.add(mission)
        PressReferenceFactory(mission=mission, structures=[structure], introduction="Une phrase.")
        structure.events.add(EventFactory())
        _experience(structure, slug=f"experience-{n}")
    # the structure, missions, press references (with their mission), events, experiences
    with django_assert_num_queries(5):
        assert client.get(structure.get_absolute_url()).status_code == 200


def test_the_directory_names_the_structures_without_a_pin_and_why(client: Client) -> None:
    StructureFactory(name="Placée")
    unplaced = StructureFactory(name="Sans épingle", city="Buëch", latitude=None, longitude=None)

    page = client.get("/structures/").content.decode()

    assert "Structures absentes de la carte" in page
    listed = page.split("Structures absentes de la carte")[1]
    assert "Sans épingle" in listed and "Placée" not in listed
    assert "répertoire des communes" in listed
    detail = client.get(unplaced.get_absolute_url()).content.decode()
    assert "pas encore placée sur la carte" in detail


def test_the_directory_says_nothing_of_pins_when_every_structure_has_one(client: Client) -> None:
    StructureFactory()
    assert "Structures absentes de la carte" not in client.get("/structures/").content.decode()


@pytest.fixture
def directory() -> list[Structure]:
    mission = MissionFactory(name="Médiation en santé")
    return [
        StructureFactory(
            name="La Case de Santé",
            city="Toulouse",
            departement="31",
            contact_email="contact@example.org",
            contact_phone="05 00 00 00 00",
            missions=[mission],
        ),
        StructureFactory(name="Sans épingle", latitude=None, longitude=None),
        StructureFactory(name="Masquée", published=False),
    ]


def test_the_open_data_csv_states_its_licence_and_holds_no_personal_data(
    client: Client, directory: list[Structure]
) -> None:
    answer = client.get("/structures/donnees.csv")

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    body = answer.content.decode()
    first, rest = body.split("\n", 1)
    assert "Licence Ouverte" in first and "etalab.gouv.fr" in first
    rows = list(csv.DictReader(io.StringIO(rest), delimiter=";"))
    assert [row["name"] for row in rows] == ["La Case de Santé", "Sans épingle"]
    assert rows[0]["missions"] == "Médiation en santé"
    assert rows[0]["contact_email"] == "contact@example.org"  # the structure's, public
    columns = set(rows[0])
    assert not columns & {"user", "person", "email", "phone", "name_of_contact"}
    assert rows[0]["url"] == "http://testserver" + directory[0].get_absolute_url()


def test_the_open_data_geojson_carries_its_licence(
    client: Client, directory: list[Structure]
) -> None:
    answer = client.get("/structures/donnees.geojson")

    collection = json.loads(answer.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["license"] == opendata.LICENCE_NAME
    assert [f["properties"]["name"] for f in collection["features"]] == ["La Case de Santé"]
    assert collection["features"][0]["geometry"]["type"] == "Point"


def test_the_directory_page_offers_the_open_data_and_names_the_licence(client: Client) -> None:
    StructureFactory()
    page = client.get("/structures/").content.decode()
    assert "/structures/donnees.csv" in page and "/structures/donnees.geojson" in page
    assert "Licence Ouverte" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_the_open_data_costs_two_queries(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        StructureFactory(missions=[MissionFactory()])
    with django_assert_num_queries(2):
        client.get("/structures/donnees.csv")
    with django_assert_num_queries(2):
        client.get("/structures/donnees.geojson")


def test_the_demo_names_the_three_structures_of_the_text_and_the_introductions(
    django_db_blocker: Any,
) -> None:
    from structures import demo

    demo.load()
    for name in (
        "MSP-U Rennes Nord-Ouest",
        "Maison de santé de Hautepierre",
        "Maison de santé de la Cité de l'Ill",
    ):
        structure = Structure.objects.get(name=name)
        assert structure.relation == Structure.Relation.CITED
        assert not structure.secpa
    mediation = PressReference.objects.get(title__startswith="Médiateur en santé")
    assert "MSP-U Rennes Nord-Ouest" in {s.name for s in mediation.structures.all()}
    assert mediation.introduction.startswith("À travers les exemples de la Maison de Santé")
    trades = PressReference.objects.filter(part=PressReference.Part.TRADES)
    assert {r.title[:20] for r in trades} == {
        "Bâtissons des futurs",
        "La santé communautai",
        "Dans ce centre autog",
    }
    assert PressReference.objects.filter(part=PressReference.Part.GLOBAL).count() == 2
    assert not PressReference.objects.filter(introduction="").exists()
