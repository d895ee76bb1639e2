"""The directory of structures: a visitor filters it and finds the same structures in the list
and on the map, reads one, then downloads the press dossier; a coordinator moves a pin in
the admin (with the mouse or the keyboard) and the public map follows.

Map tiles are never fetched: the ``page`` fixture answers them with a transparent PNG.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Locator, Page, expect

from network.models import User
from network.permissions import COORDINATORS
from structures.models import PressDossier, Structure
from tests.e2e.conftest import PageProblems
from tests.factories import UserFactory

MEDIATION = "Médiation en santé (paire ou non)"
CASE_DE_SANTE = "La Case de Santé"
PASSWORD = "un-mot-de-passe-solide"


def geojson_features(page: Page, url: str) -> list[dict[str, Any]]:
    response = page.request.get(url)
    assert response.ok, f"{url} answered {response.status}"
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    return list(collection["features"])


def test_visitor_filters_the_directory_finds_the_same_structure_in_the_list_and_on_the_map_and_downloads_the_dossier(  # noqa: E501
    rendered_dossier: PressDossier,
    page: Page,
    page_problems: PageProblems,
    visit: Callable[[str], Page],
    map_ready: Callable[[Page], int],
    axe: Callable[[Page], None],
) -> None:
    placed = Structure.objects.published().placed().count()
    assert placed == 41, "two supporters' places (Plaine de l'Ain, Buëch) are not communes"

    visit("/structures/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Les structures du réseau")
    expect(page.locator("p.result-count")).to_have_text("43 structures")
    expect(page.locator("li.structure")).to_have_count(43)
    assert map_ready(page) == placed == len(geojson_features(page, "/structures/carte.geojson"))
    expect(page.locator("#etat-carte")).to_have_text(f"{placed} structures placées sur la carte.")
    assert page_problems.tiles_served > 0, "the map should have asked for (stubbed) tiles"
    clusters = page.locator("#carte .marker-cluster")
    expect(clusters.first).to_be_visible()
    assert clusters.count() > 1, "the map fits France, not a single cluster in a small box"
    expect(clusters.first).to_have_accessible_name(
        re.compile(r"^\d+ structures\u00a0: zoomer pour les voir$")
    )
    axe(page)

    filters = page.get_by_role("search")
    filters.get_by_label("Mission").select_option(label=MEDIATION)
    filters.get_by_label("Région").select_option(label="Occitanie")
    filters.get_by_role("button", name="Appliquer").click()

    expect(page).to_have_url(re.compile(r"/structures/\?.*mission=mediation-en-sante"))
    query = urlsplit(page.url).query
    assert "region=76" in query.split("&")
    expect(filters.get_by_label("Mission")).to_have_value("mediation-en-sante")
    expect(filters.get_by_label("Région")).to_have_value("76")
    expect(page.locator("p.result-count")).to_have_text("1 structure")
    structures = page.locator("li.structure")
    expect(structures).to_have_count(1)
    expect(structures).to_have_attribute("data-slug", "la-case-de-sante")
    expect(structures.get_by_role("heading", level=3)).to_have_text(CASE_DE_SANTE)
    expect(structures).to_contain_text("Toulouse (Haute-Garonne)")
    expect(structures.locator(".missions")).to_contain_text(MEDIATION)

    markers = map_ready(page)
    carte = page.locator("#carte")
    expect(carte).to_have_attribute("data-geojson", f"/structures/carte.geojson?{query}")
    features = geojson_features(page, f"/structures/carte.geojson?{query}")
    assert markers == structures.count() == len(features) == 1
    assert features[0]["properties"]["slug"] == "la-case-de-sante"
    assert features[0]["properties"]["name"] == CASE_DE_SANTE
    assert features[0]["properties"]["city"] == "Toulouse"
    expect(carte.get_by_role("button", name=CASE_DE_SANTE)).to_be_visible()
    expect(page.locator("#etat-carte")).to_have_text("1 structure placée sur la carte.")
    axe(page)

    structures.get_by_role("link", name=CASE_DE_SANTE).click()

    expect(page).to_have_url(re.compile(r"/structures/la-case-de-sante/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_DE_SANTE)
    expect(page.locator(".lead")).to_contain_text("Toulouse (Haute-Garonne, Occitanie)")
    assert map_ready(page) == 1
    expect(page.get_by_role("region", name=f"Carte : {CASE_DE_SANTE}")).to_be_visible()
    expect(page.get_by_role("link", name=MEDIATION)).to_have_attribute(
        "href", "/structures/?mission=mediation-en-sante"
    )
    expect(page.get_by_role("heading", name="Dans la presse")).to_be_visible()
    expect(page.locator(".references li").first).to_be_visible()
    axe(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Dossier de presse"
    ).click()

    expect(page).to_have_url(re.compile(r"/structures/dossier-de-presse/$"))
    download_link = page.get_by_role(
        "link", name=re.compile(r"^Télécharger le dossier de presse \(PDF, \d+ pages, .+\)$")
    )
    expect(download_link).to_have_attribute("href", "/structures/dossier-de-presse/telecharger.pdf")
    expect(page.locator("progress")).to_have_count(0)
    axe(page)

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value

    assert download.failure() is None
    assert download.suggested_filename == "dossier-de-presse-2025-02.pdf"
    with open(download.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-")
    assert len(content) == rendered_dossier.file.size


@pytest.fixture
def coordinator(site_url: str) -> User:
    """A coordinator of the network: staff, in the group, with a verified address."""
    user = UserFactory(email="coordination@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def open_structure_in_the_admin(
    page: Page, visit: Callable[[str], Page], coordinator: User, structure: Structure
) -> Locator:
    """Log in through the admin's form on the structure's page; the pin's map."""
    change_url = f"/admin/structures/structure/{structure.pk}/change/"
    visit(change_url)
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(re.escape(change_url) + "$"))
    return page.get_by_role(
        "region",
        name=(
            "Carte de la structure : cliquez, déplacez l'épingle ou sélectionnez-la et "
            "utilisez les flèches du clavier pour la placer"
        ),
    )


def test_coordinator_drags_a_pin_in_the_admin_and_the_public_map_follows(
    coordinator: User, page: Page, visit: Callable[[str], Page]
) -> None:
    structure = Structure.objects.get(slug="la-case-de-sante")
    before = (structure.latitude, structure.longitude)
    assert structure.coordinates_source == Structure.CoordinatesSource.GAZETTEER

    pin_map = open_structure_in_the_admin(page, visit, coordinator, structure)
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    expect(latitude).to_have_value(str(before[0]))
    pin = pin_map.locator(".leaflet-marker-icon")
    expect(pin).to_be_visible()

    pin_map.scroll_into_view_if_needed()
    box = pin.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y - 40, steps=10)
    page.mouse.up()

    expect(latitude).not_to_have_value(str(before[0]))
    new_latitude, new_longitude = float(latitude.input_value()), float(longitude.input_value())
    assert new_latitude > before[0], "dragged up: north"
    assert new_longitude > before[1], "dragged right: east"
    assert abs(new_latitude - before[0]) < 0.1, "a short drag moves the pin a little"

    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("a été modifié avec succès")
    structure.refresh_from_db()
    assert (structure.latitude, structure.longitude) == (new_latitude, new_longitude)
    assert structure.coordinates_source == Structure.CoordinatesSource.MANUAL

    by_slug = {
        feature["properties"]["slug"]: feature
        for feature in geojson_features(page, "/structures/carte.geojson")
    }
    assert by_slug["la-case-de-sante"]["geometry"]["coordinates"] == [new_longitude, new_latitude]
    assert len(by_slug) == Structure.objects.published().placed().count()

    visit("/structures/la-case-de-sante/")

    expect(page.locator("#carte")).to_have_attribute("data-latitude", f"{new_latitude:f}")


def test_coordinator_places_the_pin_with_the_keyboard_only(
    coordinator: User, page: Page, visit: Callable[[str], Page]
) -> None:
    """The pin follows typed coordinates, and arrow keys on the focused pin move it."""
    structure = Structure.objects.get(slug="la-case-de-sante")
    pin_map = open_structure_in_the_admin(page, visit, coordinator, structure)
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    latitude.fill("48.853000")
    longitude.fill("2.349000")
    longitude.press("Tab")

    pin = pin_map.get_by_role(
        "button", name="Épingle de la structure (flèches du clavier pour la déplacer)"
    )
    pin.focus()
    for key in ("ArrowUp", "ArrowUp", "ArrowRight"):
        page.keyboard.press(key)

    expect(latitude).not_to_have_value("48.853000")
    new_latitude, new_longitude = float(latitude.input_value()), float(longitude.input_value())
    assert 48.853 < new_latitude < 48.9, "up: a little north of the typed coordinates"
    assert 2.349 < new_longitude < 2.4, "right: a little east of the typed coordinates"

    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("a été modifié avec succès")
    structure.refresh_from_db()
    assert (structure.latitude, structure.longitude) == (new_latitude, new_longitude)
    assert structure.coordinates_source == Structure.CoordinatesSource.MANUAL


def test_without_javascript_the_directory_lists_every_structure_and_says_the_map_needs_it(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(base_url=site_url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/structures/?mission=mediation-en-sante")

        expect(page.locator("#carte")).to_contain_text("La carte a besoin de JavaScript")
        expect(page.locator("#carte .leaflet-container, #carte.leaflet-container")).to_have_count(0)
        expect(page.locator("li.structure")).to_have_count(
            Structure.objects.published().filter(missions__slug="mediation-en-sante").count()
        )
    finally:
        context.close()
