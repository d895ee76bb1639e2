"""The server-drawn map of France's départements."""

from __future__ import annotations

import io
import json
import logging
from xml.etree import ElementTree

import pytest

from structures.geography import DEPARTEMENTS, locate_city
from territories.maps import OVERSEAS, MapPoint, bands, france_svg
from territories.shapes import DATA_FILE, PACKAGE_SVG, contains, convert_package_svg, project

SVG = "{http://www.w3.org/2000/svg}"
PREFECTURES = {
    "01": "Bourg-en-Bresse", "02": "Laon", "03": "Moulins", "04": "Digne-les-Bains", "05": "Gap",
    "06": "Nice", "07": "Privas", "08": "Charleville-Mézières", "09": "Foix", "10": "Troyes",
    "11": "Carcassonne", "12": "Rodez", "13": "Marseille", "14": "Caen", "15": "Aurillac",
    "16": "Angoulême", "17": "La Rochelle", "18": "Bourges", "19": "Tulle", "2A": "Ajaccio",
    "2B": "Bastia", "21": "Dijon", "22": "Saint-Brieuc", "23": "Guéret", "24": "Périgueux",
    "25": "Besançon", "26": "Valence", "27": "Évreux", "28": "Chartres", "29": "Quimper",
    "30": "Nîmes", "31": "Toulouse", "32": "Auch", "33": "Bordeaux", "34": "Montpellier",
    "35": "Rennes", "36": "Châteauroux", "37": "Tours", "38": "Grenoble",
    "39": "Lons-le-Saunier", "40": "Mont-de-Marsan", "41": "Blois", "42": "Saint-Étienne",
    "43": "Le Puy-en-Velay", "44": "Nantes", "45": "Orléans", "46": "Cahors", "47": "Agen",
    "48": "Mende", "49": "Angers", "50": "Saint-Lô", "51": "Châlons-en-Champagne",
    "52": "Chaumont", "53": "Laval", "54": "Nancy", "55": "Bar-le-Duc", "56": "Vannes",
    "57": "Metz", "58": "Nevers", "59": "Lille", "60": "Beauvais", "61": "Alençon",
    "62": "Arras", "63": "Clermont-Ferrand", "64": "Pau", "65": "Tarbes", "66": "Perpignan",
    "67": "Strasbourg", "68": "Colmar", "69": "Lyon", "70": "Vesoul", "71": "Mâcon",
    "72": "Le Mans", "73": "Chambéry", "74": "Annecy", "75": "Paris", "76": "Rouen",
    "77": "Melun", "78": "Versailles", "79": "Niort", "80": "Amiens", "81": "Albi",
    "82": "Montauban", "83": "Toulon", "84": "Avignon", "85": "La Roche-sur-Yon",
    "86": "Poitiers", "87": "Limoges", "88": "Épinal", "89": "Auxerre", "90": "Belfort",
    "91": "Évry", "92": "Nanterre", "93": "Bobigny", "94": "Créteil", "95": "Cergy",
}  # fmt: skip


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314  (our own markup)


def test_the_map_is_valid_svg_with_a_title_and_one_shape_per_departement() -> None:
    root = parse(france_svg({"38": 26}, title="Carte d'essai", legend="Répondants"))

    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    assert root.find(f"{SVG}title").text == "Carte d'essai"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc") is not None
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    paths = [p for p in root.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]
    metropolitan = len(DEPARTEMENTS) - len(OVERSEAS)
    assert len(paths) == metropolitan == 96
    assert "Isère (38) : 26" in titles
    assert "Ain (01) : sans donnée" in titles
    insets = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(insets) == len(OVERSEAS)


def test_classes_have_their_own_hatching_and_the_legend_names_them() -> None:
    values = {"01": 0, "03": 1, "07": 5, "15": 10, "26": 50}
    svg = france_svg(values, title="t", legend="Structures", value_label=lambda v: f"{v} st.")
    root = parse(svg)
    fills = {
        path.find(f"{SVG}title").text.split(" (")[0]: path.attrib["fill"]  # type: ignore[union-attr]
        for path in root.iter(f"{SVG}path")
        if path.find(f"{SVG}title") is not None
    }

    assert fills["Ain"] == "url(#carte-carte-classe-0)"
    assert len({fills[name] for name in ["Ain", "Allier", "Ardèche", "Cantal", "Drôme"]}) == 5
    assert fills["Isère"] == "url(#carte-carte-sans-donnee)"
    patterns = {p.attrib["id"]: p for p in root.iter(f"{SVG}pattern")}
    # Beyond the lightest class, each class is hatched: readable without colour.
    for index in range(1, 5):
        assert patterns[f"carte-classe-{index}"].find(f".//{SVG}path") is not None
    legend = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Structures" in legend and "sans donnée" in legend and "CC BY 4.0" in legend
    assert "Drôme (26) : 50 st." in svg


def test_the_map_is_self_contained_for_a_pdf() -> None:
    svg = france_svg({"38": 1}, title="t", legend="l", points=[MapPoint("A", "38")])

    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_text_is_escaped() -> None:
    svg = france_svg({}, title="<script>x</script>", legend="a & b")

    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_links_make_a_group_out_of_the_tab_order() -> None:
    root = parse(france_svg({"38": 2}, title="t", legend="l", links={"38": "/s/?d=38"}))

    assert root.attrib["role"] == "group"
    links = list(root.iter(f"{SVG}a"))
    assert [(a.attrib["href"], a.attrib["tabindex"]) for a in links] == [("/s/?d=38", "-1")]


def test_points_by_coordinates_by_centroid_and_overseas() -> None:
    points = [
        MapPoint("Village 2 santé", "38", longitude=5.7, latitude=45.15),
        MapPoint("Sans épingle", "59"),
        MapPoint("À La Réunion", "974"),
        MapPoint("Nulle part"),
    ]
    root = parse(france_svg({}, title="t", legend="l", points=points, points_label="structure"))
    circles = [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]

    assert [c.find(f"{SVG}title").text for c in circles] == [  # type: ignore[union-attr]
        "Village 2 santé",
        "Sans épingle",
        "À La Réunion",
    ]


def test_a_region_focus_zooms_and_leaves_others_unshaded() -> None:
    focus = [code for code, (_, region) in DEPARTEMENTS.items() if region == "84"]
    root = parse(france_svg({"38": 3, "59": 9}, title="t", legend="l", focus=focus))
    fills = {
        (path.find(f"{SVG}title").text or "")[:4]: path.attrib["fill"]  # type: ignore[union-attr]
        for path in root.iter(f"{SVG}path")
        if path.find(f"{SVG}title") is not None
    }

    assert fills["Nord"] == "#f2f2f2"
    assert fills["Isèr"].startswith("url(")
    zoom = next(g for g in root.iter(f"{SVG}g") if "translate" in g.attrib.get("transform", ""))
    assert float(zoom.attrib["transform"].split("scale(")[1].rstrip(")")) > 2


def test_bands_split_positive_values_and_keep_zero_apart() -> None:
    result = bands([0, 1, 2, 3, 4, 5, 6, 7, 8])

    assert [(b.low, b.high) for b in result] == [(0, 0), (1, 2), (3, 4), (5, 6), (7, 8)]
    assert len(bands([0, 0])) == 1


def test_the_projection_puts_prefectures_in_their_departement() -> None:
    inside = []
    for code, city in PREFECTURES.items():
        place = locate_city(city, code)
        assert place is not None, city
        point = project(place.longitude, place.latitude)
        inside.append(point is not None and contains(code, point))
    # Two préfectures on the coast's very edge (Bastia, Toulon) fall just outside.
    assert sum(inside) >= 94
    assert project(55.45, -20.88) is None  # Saint-Denis de La Réunion: not on this map


@pytest.mark.skipif(not PACKAGE_SVG.exists(), reason="node_modules is not installed (npm ci)")
def test_the_committed_shapes_match_the_npm_package() -> None:
    committed = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    assert convert_package_svg(PACKAGE_SVG.read_text(encoding="utf-8")) == committed
    assert committed["source"]["licence"] == "CC-BY-4.0"


def test_weasyprint_draws_the_map_in_a_pdf(caplog: pytest.LogCaptureFixture) -> None:
    """The press dossier embeds the map: WeasyPrint draws it, hatching included."""
    from pypdf import PdfReader
    from weasyprint import HTML

    svg = france_svg(
        {"38": 3, "59": 1, "75": 9},
        title="Structures",
        legend="Structures",
        points=[MapPoint("Village 2 santé", "38", 5.7, 45.15)],
        points_label="une structure",
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=f"<html lang='fr'><body>{svg}</body></html>").write_pdf()
        blank = HTML(string="<html lang='fr'><body></body></html>").write_pdf()

    assert not caplog.records
    assert pdf and blank and len(pdf) > 20 * len(blank)
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    assert len(resources["/Pattern"]) >= 3  # type: ignore[index,arg-type]


def test_an_overseas_focus_shades_only_its_inset() -> None:
    root = parse(france_svg({"974": 2, "59": 1}, title="t", legend="l", focus=["974"]))
    fills = {
        (shape.find(f"{SVG}title").text or "")[:4]: shape.attrib["fill"]  # type: ignore[union-attr]
        for shape in [*root.iter(f"{SVG}path"), *root.iter(f"{SVG}rect")]
        if shape.find(f"{SVG}title") is not None
    }

    assert fills["Nord"] == "#f2f2f2"
    assert fills["La R"].startswith("url(#carte-classe-")
