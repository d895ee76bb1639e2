"""The public directory of member structures: list and filters, detail, GeoJSON, CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import brotli  # type: ignore[import-untyped]
import pytest
from django.core.cache import cache
from django.test import Client

from network.models import User
from structures import geojson
from structures.models import Structure
from structures.services import move_pin
from tests.factories import MissionFactory, PressReferenceFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def names(page: str) -> list[str]:
    import re

    return re.findall(r'<li class="structure" data-slug="([^"]+)"', page)


def test_the_directory_lists_every_published_structure_with_a_count(client: Client) -> None:
    StructureFactory(
        name="Village 2 santé", slug="village-2-sante", city="Échirolles", departement="38"
    )
    StructureFactory(name="Cachée", slug="cachee", published=False)

    page = client.get("/structures/").content.decode()

    assert names(page) == ["village-2-sante"]
    assert "1 structure" in page
    assert "Échirolles (Isère)" in page
    assert 'data-geojson="/structures/carte.geojson"' in page


def test_each_item_says_what_the_structure_is_every_text_escaped(client: Client) -> None:
    accueil = MissionFactory(slug="accueil", name="Accueil <inconditionnel>", position=1)
    mediation = MissionFactory(slug="mediation", name="Médiation en santé", position=2)
    StructureFactory(
        name="Centre <script>alert(1)</script> & Cie",
        slug="centre-hostile",
        city="L'Isle-d'Abeau",
        departement="38",
        kind=Structure.Kind.COMMUNITY_HEALTH_CENTRE,
        secpa_since=2021,
        relation=Structure.Relation.SUPPORTER,
        missions=[mediation, accueil],
    )
    StructureFactory(slug="sobre", secpa=False, kind=Structure.Kind.MSP, city="Lille")

    page = client.get("/structures/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert (
        '<li class="structure" data-slug="centre-hostile">\n'
        '<h3><a href="/structures/centre-hostile/">'
        "Centre &lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie</a></h3>\n"
        "<p>L&#x27;Isle-d&#x27;Abeau (Isère) · Centre de santé communautaire</p>\n"
        '<p class="tag">Expérimentation SECPa depuis 2021</p>\n'
        '<p class="tag">Soutien du dossier de presse</p>\n'
        '<p class="missions"><span class="label">Missions :</span> '
        "Accueil &lt;inconditionnel&gt;, Médiation en santé</p>\n"
        "</li>"
    ) in page
    assert ('<li class="structure" data-slug="sobre">\n<h3><a href="/structures/sobre/">') in page
    assert "<p>Lille (Nord) · Maison de santé pluriprofessionnelle</p>\n</li>" in page


def test_each_language_gets_its_own_items(client: Client) -> None:
    StructureFactory(slug="lille", kind=Structure.Kind.HEALTH_CENTRE, secpa_since=2021)

    french = client.get("/structures/").content.decode()
    english = client.get("/en/structures/").content.decode()

    assert "Centre de santé</p>" in french and "Expérimentation SECPa depuis 2021" in french
    assert "Health centre</p>" in english and "SECPa pilot scheme since 2021" in english
    assert '<a href="/en/structures/lille/">' in english


def test_filters_live_in_the_url_and_combine(client: Client) -> None:
    mediation = MissionFactory(slug="mediation-en-sante", name="Médiation en santé")
    StructureFactory(slug="case", city="Toulouse", departement="31", missions=[mediation])
    StructureFactory(slug="kruys", city="Dunkerque", departement="59", missions=[mediation])
    StructureFactory(slug="blum", city="Belfort", departement="90", secpa=False)

    by_mission = client.get("/structures/?mission=mediation-en-sante").content.decode()
    in_region = client.get("/structures/?mission=mediation-en-sante&region=76").content.decode()
    not_secpa = client.get("/structures/?secpa=non").content.decode()
    by_text = client.get("/structures/?q=dunkerque").content.decode()

    assert sorted(names(by_mission)) == ["case", "kruys"]
    assert names(in_region) == ["case"]
    assert names(not_secpa) == ["blum"]
    assert names(by_text) == ["kruys"]
    assert 'data-geojson="/structures/carte.geojson?mission=mediation-en-sante&amp;region=76"' in (
        in_region
    )


def test_a_structure_gets_its_region_from_its_departement_or_postcode() -> None:
    by_departement = StructureFactory(departement="56")
    by_postcode = StructureFactory(departement="", postcode="13003")

    assert by_departement.region == "53"
    assert (by_postcode.departement, by_postcode.region) == ("13", "93")


def test_bad_filter_values_are_ignored_visibly(client: Client) -> None:
    StructureFactory(slug="seule")

    response = client.get("/structures/?departement=999&type=<b>&mission=licorne&secpa=peut-etre")

    page = response.content.decode()
    assert response.status_code == 200
    assert "ont été ignorés" in page
    assert names(page) == ["seule"]
    assert "<b>" not in page


def test_the_detail_shows_missions_press_and_a_small_map(client: Client) -> None:
    mission = MissionFactory(name="Interprétariat", slug="interpretariat")
    structure = StructureFactory(
        name="Le Château en Santé",
        slug="chateau",
        city="Marseille",
        departement="13",
        missions=[mission],
        description="**Radio**",
    )
    PressReferenceFactory(
        title="L'acoustique des langues", outlet="RadiOKLM", mission=mission, structures=[structure]
    )

    page = client.get("/structures/chateau/").content.decode()

    assert "Le Château en Santé" in page
    assert "Bouches-du-Rhône" in page and "Provence-Alpes-Côte d&#x27;Azur" in page
    assert 'href="/structures/?mission=interpretariat"' in page
    assert "L&#x27;acoustique des langues" in page
    assert "<strong>Radio</strong>" in page
    assert 'data-latitude="50.630000"' in page


def test_unpublished_structures_are_not_found(client: Client) -> None:
    StructureFactory(slug="cachee", published=False)

    assert client.get("/structures/cachee/").status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_directory_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    missions = [MissionFactory(), MissionFactory()]
    for _ in range(rows):
        StructureFactory(missions=missions)
    # count, structures, their missions, mission choices, the structures without a pin
    with django_assert_num_queries(5):
        client.get("/structures/")
    with django_assert_num_queries(5):  # and the mission filter checks its value (unplaced cached)
        client.get(f"/structures/?mission={missions[0].slug}")


@pytest.mark.parametrize("rows", [1, 3])
def test_detail_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    structure = StructureFactory()
    for _ in range(rows):
        mission = MissionFactory()
        structure.missions.add(mission)
        PressReferenceFactory(mission=mission, structures=[structure])
    # the structure, missions, press references (with their mission), events, experiences
    with django_assert_num_queries(5):
        client.get(structure.get_absolute_url())


# --- GeoJSON ----------------------------------------------------------------------------------


def test_geojson_has_the_list_filters_and_only_placed_structures(client: Client) -> None:
    mission = MissionFactory(slug="accueil")
    StructureFactory(slug="lille", name="Abej", missions=[mission], latitude=50.63, longitude=3.06)
    StructureFactory(slug="ailleurs", name="Ailleurs")
    StructureFactory(slug="sans-pin", missions=[mission], latitude=None, longitude=None)

    collection = client.get("/structures/carte.geojson?mission=accueil").json()

    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [3.06, 50.63]}
    assert feature["properties"]["url"] == "/structures/lille/"
    assert feature["properties"]["name"] == "Abej"


def test_geojson_answers_not_modified_until_a_structure_changes(client: Client) -> None:
    structure = StructureFactory()
    first = client.get("/structures/carte.geojson")
    etag = first["ETag"]

    again = client.get("/structures/carte.geojson", HTTP_IF_NONE_MATCH=etag)
    move_pin(structure, latitude=48.85, longitude=2.35)
    changed = client.get("/structures/carte.geojson", HTTP_IF_NONE_MATCH=etag)

    assert first["Content-Type"].startswith("application/geo+json")
    assert "max-age=60" in first["Cache-Control"]
    assert again.status_code == 304
    assert changed.status_code == 200
    assert changed.json()["features"][0]["geometry"]["coordinates"] == [2.35, 48.85]


@pytest.mark.parametrize("rows", [1, 3])
def test_geojson_query_count_does_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    for _ in range(rows):
        StructureFactory(missions=[MissionFactory()])
    with django_assert_num_queries(1):  # the rows; the version comes from the cache
        etag = client.get("/structures/carte.geojson")["ETag"]
    with django_assert_num_queries(0):  # from the cache
        client.get("/structures/carte.geojson")
    with django_assert_num_queries(0):  # not modified: no query either
        answer = client.get("/structures/carte.geojson", HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304
    mission = MissionFactory()
    filtered = f"/structures/carte.geojson?mission={mission.slug}&region=32"
    with django_assert_num_queries(2):  # the mission filter checks its value, the rows
        client.get(filtered)
    with django_assert_num_queries(0):  # stored: no filter form either
        client.get(filtered)


# --- CSV --------------------------------------------------------------------------------------


def test_coordinators_export_the_filtered_list_as_csv(client: Client, coordinator: User) -> None:
    StructureFactory(name="Santé Commune", city="Vaulx-en-Velin", departement="69")
    StructureFactory(name="Human Santé", city="Montpellier", departement="34")
    client.force_login(coordinator)

    response = client.get("/structures/export.csv?departement=69")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Type", "SECPa"]
    assert [row[0] for row in rows[1:]] == ["Santé Commune"]


@pytest.mark.parametrize("persona", [None, "speaker_a", "reviewer", "working_group_member"])
def test_nobody_else_exports_the_csv(
    client: Client, request: pytest.FixtureRequest, persona: str | None
) -> None:
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get("/structures/export.csv")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_structures_demo_is_the_seed_and_loads_once(db: None) -> None:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    secpa = Structure.objects.filter(secpa=True)
    supporters = Structure.objects.filter(relation=Structure.Relation.SUPPORTER)
    assert secpa.count() == 20 and supporters.count() == 20
    assert secpa.get(name="La Case de Santé").city == "Toulouse"
    assert supporters.get(name="MSP Val de Cèze").departement == "30"
    assert secpa.filter(latitude__isnull=True).count() == 0
    case = secpa.get(name="La Case de Santé")
    assert {m.slug for m in case.missions.all()} == {
        "mediation-en-sante",
        "demarches-emancipatrices",
    }


def test_a_long_directory_is_paginated_and_keeps_its_filters(client: Client) -> None:
    for number in range(102):
        StructureFactory(name=f"Centre {number:03}", slug=f"centre-{number:03}", city="Lille")

    first = client.get("/structures/?q=lille").content.decode()
    second = client.get("/structures/?q=lille&page=2").content.decode()
    beyond = client.get("/structures/?q=lille&page=quarante")

    assert "102 structures" in first
    assert len(names(first)) == 100 and names(second) == ["centre-100", "centre-101"]
    assert 'href="?q=lille&amp;page=2" rel="next"' in first
    assert "Page 2 sur 2" in second
    assert beyond.status_code == 200


# --- What the directory keeps between requests ---------------------------------------------


def test_a_second_look_at_the_directory_costs_no_query_until_a_change(
    client: Client, django_assert_num_queries: Any
) -> None:
    missions = [MissionFactory(), MissionFactory()]
    structures = [StructureFactory(missions=missions) for _ in range(3)]
    client.get("/structures/")
    client.get(f"/structures/?mission={missions[0].slug}")

    with django_assert_num_queries(0):  # count, items, filter fields: all kept
        client.get("/structures/")
    with django_assert_num_queries(1):  # the mission filter checks its value
        client.get(f"/structures/?mission={missions[0].slug}")

    structures[0].name = "Centre renommé"
    structures[0].save()
    missions[1].name = "Mission renommée"
    missions[1].save()

    assert "Centre renommé" in client.get("/structures/").content.decode()
    page = client.get(f"/structures/?mission={missions[0].slug}").content.decode()
    assert page.count("Mission renommée") == 3 + 1  # each item, and the filter's option


def test_the_filter_fields_keep_the_chosen_values_and_follow_the_missions(
    client: Client,
) -> None:
    mission = MissionFactory(name="Accueil inconditionnel", slug="accueil")
    StructureFactory(missions=[mission])
    client.get("/structures/")

    chosen = client.get("/structures/?mission=accueil&type=msp").content.decode()
    mission.name = "Accueil pour toutes et tous"
    mission.save()
    renamed = client.get("/structures/").content.decode()

    assert '<option value="accueil" selected>Accueil inconditionnel</option>' in chosen
    assert '<option value="msp" selected>' in chosen
    assert "Accueil pour toutes et tous" in renamed and "Accueil inconditionnel" not in renamed


def test_geojson_served_once_is_kept_by_the_process_until_the_next_change(
    client: Client, django_assert_num_queries: Any
) -> None:
    structure = StructureFactory(slug="lille", latitude=50.63, longitude=3.06)
    first = client.get("/structures/carte.geojson")
    tag = first["ETag"].strip('"')
    cache.delete(f"{geojson.cache_key(tag)}:identity")  # the cache lost the body
    with django_assert_num_queries(0):
        again = client.get("/structures/carte.geojson")
    move_pin(structure, latitude=48.85, longitude=2.35)
    changed = client.get("/structures/carte.geojson").json()

    assert again.content == first.content
    assert changed["features"][0]["geometry"]["coordinates"] == [2.35, 48.85]


def test_only_the_unfiltered_map_is_shared_through_redis(client: Client) -> None:
    """Any number of distinct searches must not fill Redis: a filtered map stays in the
    process that built it."""
    StructureFactory(city="Lille")
    whole = client.get("/structures/carte.geojson", HTTP_ACCEPT_ENCODING="br")
    searched = client.get("/structures/carte.geojson?q=lille", HTTP_ACCEPT_ENCODING="br")

    def shared(answer: Any) -> Any:
        tag = answer["ETag"].strip('"')
        return cache.get(f"{geojson.cache_key(tag)}:br")

    assert shared(whole) == whole.content
    assert shared(searched) is None
    assert searched["Content-Encoding"] == "br"
    assert len(json.loads(brotli.decompress(searched.content))["features"]) == 1


def test_geojson_is_served_compressed_as_the_browser_accepts(client: Client) -> None:
    import gzip

    import brotli

    StructureFactory(slug="lille", latitude=50.63, longitude=3.06)
    plain = client.get("/structures/carte.geojson")
    zipped = client.get("/structures/carte.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate")
    best = client.get("/structures/carte.geojson", HTTP_ACCEPT_ENCODING="gzip, br")
    refused = client.get("/structures/carte.geojson", HTTP_ACCEPT_ENCODING="br;q=0, gzip")

    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip" and refused["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert best["Content-Encoding"] == "br" and brotli.decompress(best.content) == plain.content
    assert "Accept-Encoding" in plain["Vary"]


def test_a_change_rebuilds_the_map_off_the_request_path(
    client: Client, django_capture_on_commit_callbacks: Any, django_assert_num_queries: Any
) -> None:
    structure = StructureFactory(slug="lille", latitude=50.63, longitude=3.06)
    with django_capture_on_commit_callbacks(execute=True):
        move_pin(structure, latitude=48.85, longitude=2.35)

    with django_assert_num_queries(0):  # built by the task after the commit
        collection = client.get("/structures/carte.geojson").json()

    assert collection["features"][0]["geometry"]["coordinates"] == [2.35, 48.85]


def test_a_worker_loads_weasyprint_when_it_starts() -> None:
    from celery.signals import worker_process_init

    from structures import dossier, tasks

    worker_process_init.send(sender=None)

    assert tasks.import_weasyprint in [ref() for _, ref in worker_process_init.receivers]
    assert dossier._stylesheet.cache_info().currsize == 1
