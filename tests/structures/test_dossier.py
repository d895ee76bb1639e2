"""The press dossier: rendered by a task from live data, stored with a fingerprint."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from network.models import User
from structures import services
from structures.demo import SECPA_STRUCTURES, SUPPORTERS
from structures.models import PressDossier, Structure
from tests.factories import PressDossierFactory, StructureFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def pdf_text(dossier: PressDossier) -> str:
    with dossier.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u2010\n", ""))


def render(dossier: PressDossier, capture: Capture, *, force: bool = False) -> bool:
    with capture(execute=True):
        queued = services.request_dossier_rendering(dossier, force=force)
    dossier.refresh_from_db()
    return queued


def test_the_seed_dossier_lists_every_structure_of_the_seed(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    call_command("load_demo", stdout=io.StringIO())
    dossier = PressDossier.objects.get()

    assert render(dossier, django_capture_on_commit_callbacks)

    assert dossier.status == PressDossier.Status.DONE
    assert dossier.progress == 100
    assert dossier.page_count and dossier.page_count > 5
    text = pdf_text(dossier)
    flat = re.sub(r"\s+", "", text)
    for name, city, _departement, _kind in SECPA_STRUCTURES + SUPPORTERS:
        assert re.sub(r"\s+", "", name) in flat, name
        assert re.sub(r"\s+", "", city) in flat, city
    assert "Sommaire" in text
    assert "Il était une fois, la santé communautaire" in text
    assert "Médiation en santé (paire ou non)" in text
    assert "Dans ce centre autogéré, on soigne maladies et inégalités" in text
    assert "Bessèges – 30" in text


def test_the_dossier_never_names_an_unpublished_structure(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    call_command("load_demo", stdout=io.StringIO())
    hidden = Structure.objects.filter(press_references__isnull=False).first()
    assert hidden is not None
    Structure.objects.filter(pk=hidden.pk).update(published=False, name="Structure masquée")
    dossier = PressDossier.objects.get()

    assert render(dossier, django_capture_on_commit_callbacks)

    assert "Structure masquée" not in re.sub(r"\s+", " ", pdf_text(dossier))


def test_the_pdf_has_running_headers_page_numbers_and_a_linked_contents(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    dossier = PressDossierFactory()
    dossier.sections.create(title="Première partie", body="Un texte.")
    StructureFactory(name="Village 2 santé", city="Échirolles")
    render(dossier, django_capture_on_commit_callbacks)

    with dossier.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    pages = [page.extract_text() for page in reader.pages]
    assert "1 / " not in pages[0]  # the cover has no number
    assert f"2 / {len(pages)}" in pages[1]
    assert "Première partie" in pages[2] and "Dossier de presse SECPa" in pages[2]
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert links, "the table of contents links to its sections"


def test_the_pdf_is_made_again_only_when_its_inputs_change(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    dossier = PressDossierFactory()
    structure = StructureFactory()
    render(dossier, django_capture_on_commit_callbacks)
    first_file, first_print = dossier.file.name, dossier.fingerprint

    assert not render(dossier, django_capture_on_commit_callbacks)
    structure.name = "Un autre nom"
    structure.save()
    assert render(dossier, django_capture_on_commit_callbacks)

    assert dossier.fingerprint != first_print
    assert dossier.file.name != first_file
    assert not dossier.file.storage.exists(first_file)
    assert "Un autre nom" in pdf_text(dossier)


def test_a_failed_rendering_is_recorded_and_can_be_retried(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    dossier = PressDossierFactory()
    with mock.patch("structures.dossier.render_pdf", side_effect=RuntimeError("police absente")):
        render(dossier, django_capture_on_commit_callbacks)

    assert dossier.status == PressDossier.Status.FAILED
    assert "police absente" in dossier.error
    assert render(dossier, django_capture_on_commit_callbacks)
    assert dossier.status == PressDossier.Status.DONE


def test_a_rendering_under_way_is_not_queued_twice(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    dossier = PressDossierFactory(
        status=PressDossier.Status.RENDERING, rendering_since=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert not services.request_dossier_rendering(dossier)
    assert callbacks == []


def test_the_page_offers_the_latest_pdf(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    dossier = PressDossierFactory()
    render(dossier, django_capture_on_commit_callbacks)

    page = client.get("/structures/dossier-de-presse/").content.decode()
    download = client.get("/structures/dossier-de-presse/telecharger.pdf")

    assert "Télécharger le dossier de presse (PDF, " in page
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="dossier-de-presse-2025-02.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_page_shows_progress_and_refreshes_itself_while_rendering(client: Client) -> None:
    PressDossierFactory(
        status=PressDossier.Status.RENDERING, progress=40, rendering_since=timezone.now()
    )

    response = client.get("/structures/dossier-de-presse/")
    state = client.get("/structures/dossier-de-presse/etat.json").json()

    # Without JavaScript only: with it, the script follows the progress in place, and a
    # screen reader is not sent back to the top every five seconds.
    assert "Refresh" not in response
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in (
        response.content.decode()
    )
    assert '<progress max="100" value="40"' in response.content.decode()
    assert state == {
        "status": "rendering",
        "label": "Fabrication en cours",
        "progress": 40,
        "ready": False,
    }


def test_a_rendering_left_by_a_dead_worker_is_taken_over(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    dossier = PressDossierFactory(
        status=PressDossier.Status.RENDERING,
        progress=40,
        rendering_since=timezone.now() - PressDossier.STALE_AFTER - datetime.timedelta(minutes=1),
    )
    page = client.get("/structures/dossier-de-presse/").content.decode()
    assert "<progress" not in page and 'http-equiv="refresh"' not in page

    assert services.render_dossier(dossier.pk) == PressDossier.Status.DONE  # the task again

    fresh = PressDossierFactory(
        status=PressDossier.Status.RENDERING, rendering_since=timezone.now()
    )
    assert services.render_dossier(fresh.pk) is None, "a rendering under way is left alone"
    assert not render(fresh, django_capture_on_commit_callbacks)
    fresh.rendering_since = timezone.now() - PressDossier.STALE_AFTER * 2
    fresh.save(update_fields=["rendering_since"])
    assert render(fresh, django_capture_on_commit_callbacks), "the admin action takes it over"
    assert fresh.status == PressDossier.Status.DONE


def test_a_new_edition_keeps_the_current_pdf_online_and_past_editions_stay_as_published(
    client: Client, coordinator: User, django_capture_on_commit_callbacks: Capture
) -> None:
    current = PressDossierFactory(edition=datetime.date(2025, 2, 1))
    render(current, django_capture_on_commit_callbacks)
    archived = current.file.name
    PressDossierFactory(edition=datetime.date(2026, 2, 1))  # being prepared, no PDF yet

    page = client.get("/structures/dossier-de-presse/").content.decode()
    client.force_login(coordinator)
    refused = client.post(
        "/admin/structures/pressdossier/",
        {"action": "render_again", "_selected_action": [current.pk]},
        follow=True,
    )

    assert "Télécharger le dossier de presse (PDF, " in page
    assert "février 2025" in page
    assert "a été remplacée par une plus récente" in refused.content.decode()
    current.refresh_from_db()
    assert current.file.name == archived and current.file.storage.exists(archived)


def test_no_pdf_yet_is_said_plainly(client: Client) -> None:
    PressDossierFactory()

    assert "pas encore disponible" in client.get("/structures/dossier-de-presse/").content.decode()
    assert client.get("/structures/dossier-de-presse/telecharger.pdf").status_code == 404


def test_a_coordinator_starts_a_rendering_from_the_admin(
    client: Client, coordinator: User, django_capture_on_commit_callbacks: Capture
) -> None:
    dossier = PressDossierFactory()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/structures/pressdossier/",
            {"action": "render", "_selected_action": [dossier.pk]},
            follow=True,
        )

    dossier.refresh_from_db()
    assert "Fabrication lancée" in response.content.decode()
    assert dossier.status == PressDossier.Status.DONE and dossier.file


def test_a_coordinator_moves_a_pin_and_the_map_follows(client: Client, coordinator: User) -> None:
    structure = StructureFactory(
        name="Santé Commune", slug="sante-commune", city="Vaulx-en-Velin", departement="69"
    )
    client.force_login(coordinator)
    data = {
        "name": structure.name,
        "slug": structure.slug,
        "kind": structure.kind,
        "relation": structure.relation,
        "secpa": "on",
        "published": "on",
        "city": structure.city,
        "departement": "69",
        "latitude": "45.7790",
        "longitude": "4.9190",
        "missions": [],
    }

    response = client.post(f"/admin/structures/structure/{structure.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    structure.refresh_from_db()
    assert structure.coordinates_source == Structure.CoordinatesSource.MANUAL
    feature = client.get("/structures/carte.geojson").json()["features"][0]
    assert feature["geometry"]["coordinates"] == [4.919, 45.779]
    services.place_structure(structure)  # the gazetteer leaves a hand-placed pin alone
    structure.refresh_from_db()
    assert (structure.latitude, structure.longitude) == (45.779, 4.919)


def test_a_new_address_is_checked_and_a_pin_left_behind_is_pointed_out(
    client: Client, coordinator: User
) -> None:
    structure = StructureFactory(
        name="Santé Commune", slug="sante-commune", city="Paris", departement="75"
    )
    services.place_structure(structure)
    client.force_login(coordinator)
    url = f"/admin/structures/structure/{structure.pk}/change/"
    data = {
        "name": structure.name,
        "slug": structure.slug,
        "kind": structure.kind,
        "relation": structure.relation,
        "published": "on",
        "postcode": "69001",
        "city": "Lyon",
        "departement": "75",
        "latitude": str(structure.latitude),
        "longitude": str(structure.longitude),
        "missions": [],
    }

    refused = client.post(url, data)
    moved = client.post(
        url, {**data, "city": "Commune introuvable", "departement": "69"}, follow=True
    )

    assert refused.status_code == 200
    assert (
        "Le code postal 69001 est dans le département Rhône (69), pas Paris (75)"
        in refused.content.decode().replace("\xa0", " ")
    )
    structure.refresh_from_db()
    assert (structure.departement, structure.region) == ("69", "84")
    assert "n&#x27;a pas été trouvée : placez l&#x27;épingle à la main" in (
        moved.content.decode().replace("\xa0", " ")
    )


def test_the_gazetteer_places_a_structure_in_the_right_departement(db: None) -> None:
    valence = StructureFactory(
        city="Valence", departement="26", latitude=None, longitude=None, coordinates_source=""
    )
    nowhere = StructureFactory(
        city="Plaine de l'Ain",
        departement="01",
        latitude=None,
        longitude=None,
        coordinates_source="",
    )

    assert services.place_structure(valence)
    assert not services.place_structure(nowhere)
    assert round(valence.latitude or 0, 1) == 44.9  # Valence (Drôme), not another Valence
    assert valence.coordinates_source == Structure.CoordinatesSource.GAZETTEER


def test_the_optional_geocoder_places_a_full_address(settings: Any) -> None:
    settings.GEOCODER_URL = "https://adresse.example/search/"
    structure = StructureFactory(
        address="12 rue de la Paix",
        postcode="59000",
        city="Lille",
        latitude=None,
        longitude=None,
        coordinates_source="",
    )
    answer = io.BytesIO(
        b'{"features": [{"geometry": {"coordinates": [3.07, 50.64]},'
        b' "properties": {"score": 0.9}}]}'
    )

    with mock.patch("structures.services.urlopen", return_value=answer) as urlopen:
        assert services.place_structure(structure)

    assert "q=12+rue+de+la+Paix+59000+Lille" in urlopen.call_args.args[0]
    assert (structure.latitude, structure.longitude) == (50.64, 3.07)
    assert structure.coordinates_source == Structure.CoordinatesSource.GEOCODER


def test_a_failing_geocoder_falls_back_to_the_city(settings: Any) -> None:
    settings.GEOCODER_URL = "https://adresse.example/search/"
    structure = StructureFactory(
        address="1 place", city="Lille", latitude=None, longitude=None, coordinates_source=""
    )

    with mock.patch("structures.services.urlopen", side_effect=TimeoutError()):
        assert services.place_structure(structure)

    assert structure.coordinates_source == Structure.CoordinatesSource.GAZETTEER


def test_the_command_renders_the_latest_dossier_once(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    PressDossierFactory()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("render_dossier", stdout=out)
    call_command("render_dossier", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Structures d'exercice coordonné participatives (02/2025): ")
    assert "up to date" in lines[1]
    assert PressDossier.objects.get().file


def test_the_admin_offers_each_edition_pdf_to_coordinators_only(
    client: Client, coordinator: User, django_capture_on_commit_callbacks: Capture
) -> None:
    dossier = PressDossierFactory(published=False)
    render(dossier, django_capture_on_commit_callbacks)
    url = f"/admin/structures/pressdossier/{dossier.pk}/pdf/"

    anonymous = client.get(url)
    client.force_login(coordinator)
    page = client.get(f"/admin/structures/pressdossier/{dossier.pk}/change/").content.decode()
    download = client.get(url)

    assert anonymous.status_code == 302  # to the admin login
    assert f'href="{url}"' in page
    assert 'href="/media/' not in page
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
