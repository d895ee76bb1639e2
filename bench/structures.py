"""Structures at scale: directory, GeoJSON against its floor, cached GeoJSON, dossier."""

from __future__ import annotations

import io
import json
import random
import time

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from bench import throughput
from bench.common import Row, page, timed
from network import pagecache
from network.text import normalise_for_search
from structures import dossier as dossier_pdf
from structures import geojson
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
    # Autovacuum analyses bulk-loaded tables only after a while; until then the planner
    # guesses from stale statistics (a sequential scan of 10,000 rows for a page of 100).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Structure._meta.db_table}, {through._meta.db_table}")


def _geojson_floor() -> None:
    rows = list(
        Structure.objects.published()
        .placed()
        .order_by("name")
        .values_list("slug", "name", "city", "kind", "secpa", "longitude", "latitude")
    )
    json.dumps(rows)


def fresh_versions() -> None:
    """After bulk changes (which send no signal): every cached answer is out of date."""
    geojson.bump_version()
    cache.set(pagecache.VERSION_KEY, time.time_ns(), None)


def _in_process(client: Client, slug: str) -> dict[str, tuple[float, int, int]]:
    """Pages whose work could grow with the number of structures: (ms, queries, structures
    listed)."""
    pages = {
        "home page": "/",
        "directory page": "/structures/",
        "directory page, filtered": "/structures/?mission=mediation-en-sante&region=84",
        "directory search": "/structures/?q=sante",
        "structure page": f"/structures/{slug}/",
    }
    measured = {}
    for label, url in pages.items():
        _name, value, note = page(client, label, url, repeat=15, best=True)
        listed = client.get(url).content.count(b'<li class="structure"')
        measured[label] = (float(value.split()[0]), int(note.split()[0]), listed)
    return measured


def run(server: throughput.Server | None) -> list[Row]:
    call_command("load_demo", stdout=io.StringIO())
    fresh_versions()
    seed = PressDossier.objects.get()
    slug = Structure.objects.published().order_by("pk").values_list("slug", flat=True)[0]
    client = Client()
    rows: list[Row] = []

    dossier_pdf.warm_up()  # what the worker does when it starts
    dossier_pdf.render_pdf(dossier_pdf.collect(seed))
    rows.append(_dossier_row(seed, "seed content"))
    demo_count = Structure.objects.count()
    demo = _in_process(client, slug)
    if server is not None:
        rows += throughput.series(
            server, [(f"directory, {demo_count} structures", "/structures/")], label="demo size"
        )
    _generate(500 - Structure.objects.count(), start=0)
    fresh_versions()
    rows.append(_dossier_row(seed, f"{Structure.objects.count()} structures"))
    _generate(SIZE - Structure.objects.count(), start=500)
    fresh_versions()
    count = Structure.objects.count()
    large = _in_process(client, slug)
    for label, (small_ms, small_queries, small_listed) in demo.items():
        big_ms, big_queries, big_listed = large[label]
        listed = f"; {small_listed} → {big_listed} listed" if big_listed else ""
        rows.append(
            (
                f"{label}, {demo_count} → {count} structures",
                f"{big_ms / small_ms:.2f}×",
                f"{small_ms:.1f} → {big_ms:.1f} ms in-process (goal ≤ 1.5×); "
                f"{small_queries} → {big_queries} queries on a first look{listed}",
            )
        )
    rows += _geojson_rows(client, count)
    return rows


def _geojson_rows(client: Client, count: int) -> list[Row]:
    url = "/structures/carte.geojson"

    def uncached() -> None:
        geojson.bump_version()
        client.get(url)

    built = timed(uncached)
    floor = timed(_geojson_floor)
    zipped = timed(lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip, br"))
    etag = client.get(url)["ETag"]
    not_modified = timed(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag))
    sizes = {
        name: len(client.get(url, HTTP_ACCEPT_ENCODING=name).content) // 1024
        for name in ("identity", "gzip", "br")
    }
    return [
        (f"GeoJSON, {count} structures, built", f"{built:.0f} ms", "new version each run"),
        ("GeoJSON floor: same rows, bare json.dumps", f"{floor:.0f} ms", "query + dumps"),
        (
            "GeoJSON built / floor",
            f"{built / floor:.1f}×",
            "features as dicts, then gzip and brotli: off the request path (a task after a change)",
        ),
        ("GeoJSON, stored", f"{zipped:.1f} ms", "brotli body kept by the process"),
        ("GeoJSON, not modified", f"{not_modified:.1f} ms", "304 from the cached version"),
        (
            "GeoJSON sizes",
            f"{sizes['identity']} KiB",
            f"gzip {sizes['gzip']} KiB, brotli {sizes['br']} KiB",
        ),
    ]


def _dossier_row(dossier: PressDossier, label: str) -> Row:
    """The best of three renderings (the machine is shared), collection included."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        data = dossier_pdf.collect(dossier)
        rendered = dossier_pdf.render_pdf(data)
        times.append(time.perf_counter() - started)
    seconds = min(times)
    per_page = seconds / rendered.pages * 1000
    return (
        f"press dossier, {label}",
        f"{per_page:.0f} ms/page",
        f"{rendered.pages} pages in {seconds:.1f} s, {len(rendered.pdf) // 1024} KiB",
    )


def geojson_throughput(server: throughput.Server) -> list[Row]:
    """The map's data under gunicorn: as served now, and as it was served before (a
    full-table aggregate for the ETag, the uncompressed body; ``bench.urls``)."""
    rows: list[Row] = []
    rates = {}
    etag = server.etag("/structures/carte.geojson")
    for label, path, headers in (
        ("not modified (304)", "/structures/carte.geojson", {"If-None-Match": etag}),
        ("brotli", "/structures/carte.geojson", {}),
        ("gzip", "/structures/carte.geojson", {"Accept-Encoding": "gzip"}),
        ("before: aggregate + uncompressed", "/plancher/geojson-avant/", {}),
    ):
        rate, note = server.rate(path, headers)
        rates[label] = rate
        rows.append((f"gunicorn GeoJSON, {label}", f"{rate:.0f} req/s", note))
    before = rates["before: aggregate + uncompressed"] or 1
    rows.append(
        (
            "gunicorn GeoJSON speed-up",
            f"{rates['brotli'] / before:.1f}×",
            f"gzip {rates['gzip'] / before:.1f}×, 304 {rates['not modified (304)'] / before:.0f}×; "
            "same run, same settings (goal ≥ 10×)",
        )
    )
    return rows
