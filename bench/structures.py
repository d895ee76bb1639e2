"""Structures at scale: directory, GeoJSON against its floor, cached GeoJSON, dossier."""

from __future__ import annotations

import io
import json
import random
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from bench.common import Row, page, timed
from network.text import normalise_for_search
from structures import dossier as dossier_pdf
from structures.geography import DEPARTEMENTS, region_of
from structures.models import Mission, PressDossier, Structure

SIZE = 10_000


def _generate(count: int, *, start: int = 0) -> None:
    missions = list(Mission.objects.all())
    departements = list(DEPARTEMENTS)
    rng = random.Random(start)  # noqa: S311 - generated data, not security
    kinds = [kind for kind, _ in Structure.Kind.choices]
    structures = []
    for number in range(start, start + count):
        departement = rng.choice(departements)
        structure = Structure(
            name=f"Structure générée {number:05}",
            slug=f"structure-generee-{number:05}",
            kind=rng.choice(kinds),
            secpa=rng.random() < 0.3,
            city=f"Commune {number % 900}",
            departement=departement,
            latitude=rng.uniform(42.5, 51.0),
            longitude=rng.uniform(-4.5, 8.0),
            coordinates_source=Structure.CoordinatesSource.GAZETTEER,
        )
        structures.append(structure)
    for structure in structures:  # what save() derives, without one query per row
        structure.region = region_of(structure.departement)
        structure.search_text = normalise_for_search(f"{structure.name} {structure.city}")
    created = Structure.objects.bulk_create(structures, batch_size=1000)
    through = Structure.missions.through
    through.objects.bulk_create(
        [
            through(structure_id=s.pk, mission_id=m.pk)
            for s in created
            for m in rng.sample(missions, k=2)
        ],
        batch_size=2000,
    )


def _geojson_floor() -> None:
    rows = list(
        Structure.objects.published()
        .placed()
        .order_by("name")
        .values_list("slug", "name", "city", "kind", "secpa", "longitude", "latitude")
    )
    json.dumps(rows)


def run() -> list[Row]:
    call_command("load_demo", stdout=io.StringIO())
    seed = PressDossier.objects.get()
    client = Client()
    rows: list[Row] = []

    dossier_pdf.render_pdf(dossier_pdf.collect(seed))  # warm-up: imports, fonts
    rows.append(_dossier_row(seed, "seed content"))
    _generate(500 - Structure.objects.count(), start=0)
    rows.append(_dossier_row(seed, f"{Structure.objects.count()} structures"))
    _generate(SIZE - Structure.objects.count(), start=500)
    count = Structure.objects.count()

    rows.append(page(client, f"home page, {count} structures", "/"))
    rows.append(page(client, "glossary", "/glossaire/"))
    rows.append(page(client, "glossary entry", "/glossaire/patient-partenaire/"))
    rows.append(page(client, f"directory page, {count} structures", "/structures/", "first 100"))
    rows.append(
        page(
            client,
            "directory page, filtered",
            "/structures/?mission=mediation-en-sante&region=84",
            "mission + region",
        )
    )
    rows.append(page(client, "directory search", "/structures/?q=sante", "search text"))
    rows.append(page(client, "structure page", "/structures/structure-generee-04242/"))

    def uncached() -> None:
        cache.clear()
        client.get("/structures/carte.geojson")

    geojson = timed(uncached)
    floor = timed(_geojson_floor)
    cached = timed(lambda: client.get("/structures/carte.geojson"))
    rows.append((f"GeoJSON, {count} structures", f"{geojson:.0f} ms", "cache cleared each run"))
    rows.append(("GeoJSON floor: same rows, bare json.dumps", f"{floor:.0f} ms", "query + dumps"))
    rows.append(("GeoJSON / floor", f"{geojson / floor:.1f}×", "goal: within 3×"))
    rows.append(("GeoJSON, cached", f"{cached:.1f} ms", "ETag check + cache read"))
    return rows


def _dossier_row(dossier: PressDossier, label: str) -> Row:
    started = time.perf_counter()
    data = dossier_pdf.collect(dossier)
    rendered = dossier_pdf.render_pdf(data)
    seconds = time.perf_counter() - started
    per_page = seconds / rendered.pages * 1000
    return (
        f"press dossier, {label}",
        f"{per_page:.0f} ms/page",
        f"{rendered.pages} pages in {seconds:.1f} s, {len(rendered.pdf) // 1024} KiB",
    )
