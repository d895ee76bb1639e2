"""The press dossier looks as it did: its first pages, rendered by the dossier's own
``render_pdf`` from fixed data and rasterised by poppler's ``pdftoppm`` (50 dpi, grey), are
compared with the reference images in tests/structures/reference/.

A change of layout that is meant: ``UPDATE_DOSSIER_REFERENCE=1`` writes the new references
(then look at them before committing). On a failure the new rendering is written beside the
test's temporary folder, and its path printed.

The dossier's stylesheet names DejaVu Serif and DejaVu Sans (Debian's fonts-dejavu-core,
which WeasyPrint finds through fontconfig): the references are made with them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from structures.dossier import render_pdf

pytestmark = pytest.mark.django_db  # the site identity is read around each test

REFERENCE = Path(__file__).parent / "reference"
PAGES = 4  # cover, contents, a section, the structures with their map
DPI = 50
# Mean absolute difference of the grey levels (0–255) a page may show. Measured here: the
# same data renders identically (0.0); one word changed in a paragraph gives 0.1, its page
# moved down by 2 pixels 1.4. Another machine's font rasteriser may need new references.
TOLERANCE = 0.05
UPDATE = os.environ.get("UPDATE_DOSSIER_REFERENCE") == "1"

# Fixed, generic data: no factory, no date of the day; the structures are placed at the
# coordinates of real communes so that the map has its points.
DATA: dict[str, Any] = {
    "press_contact": {
        "name": "Service presse",
        "email": "presse@example.org",
        "phone": "01 23 45 67 89",
    },
    "logo": {"name": "", "alt": ""},
    "points": [
        ["Maison de santé A", "35", -1.6778, 48.1173],
        ["Centre de santé B", "59", 3.0573, 50.6292],
        ["Maison de santé C", "67", 7.7521, 48.5734],
        ["Centre de santé D", "13", 5.3698, 43.2965],
        ["Maison de santé E", "31", 1.4442, 43.6047],
    ],
    "title": "Dossier de presse",
    "subtitle": "Les structures d'exercice coordonné participatives",
    "edition": "2025-03-01",
    "edition_label": "mars 2025",
    "sections": [
        {
            "title": "La démarche globale",
            "body": "Les [[nombre de structures]] de l'expérimentation associent les "
            "personnes qu'elles soignent à leurs projets.\n\n"
            "- des usagers au conseil de la structure ;\n- des ateliers co-animés.",
            "image": "",
            "image_alt": "",
        }
    ],
    "participants": [
        {"name": "Centre de santé B", "city": "Lille"},
        {"name": "Centre de santé D", "city": "Marseille"},
        {"name": "Maison de santé A", "city": "Rennes"},
        {"name": "Maison de santé C", "city": "Strasbourg"},
    ],
    "supporters": [{"name": "Maison de santé E", "city": "Toulouse", "departement": "31"}],
    "parts": [
        {
            "name": "La démarche globale",
            "references": [
                {
                    "title": "Une expérimentation à suivre",
                    "introduction": "Un quotidien régional présente la démarche.",
                    "authors": "Une journaliste",
                    "outlet": "Un quotidien",
                    "kind": "Article",
                    "date": "1er février 2024",
                    "details": "",
                    "url": "",
                    "structures": ["Maison de santé A (Rennes)"],
                }
            ],
        }
    ],
    "missions": [
        {
            "name": "Médiation en santé",
            "description": "Aller vers les personnes éloignées du soin.",
            "references": [],
        }
    ],
    "layout": "fixe",
}


def _rasterise(pdf: bytes, folder: Path) -> list[Path]:
    source = folder / "dossier.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 (a fixed command, arguments of this test's own)
        [PDFTOPPM, "-r", str(DPI), "-gray", "-png", "-l", str(PAGES), source, folder / "page"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    # pdftoppm pads the numbers to the width of the last page's: page-1.png or page-01.png.
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))


def _difference(new: Path, reference: Path) -> float:
    """The mean absolute difference of the grey levels; infinite if the sizes differ or
    there is no reference yet."""
    if not reference.exists():
        return float("inf")
    with Image.open(new) as first, Image.open(reference) as second:
        if first.size != second.size:
            return float("inf")
        diff = ImageChops.difference(first.convert("L"), second.convert("L"))
        return float(ImageStat.Stat(diff).mean[0])


PDFTOPPM = shutil.which("pdftoppm") or ""


def test_the_dossier_first_pages_look_like_their_reference(tmp_path: Path) -> None:
    if not PDFTOPPM:
        pytest.fail(
            "poppler's pdftoppm is missing: `make browser` installs Debian's poppler-utils",
            pytrace=False,
        )
    rendered = render_pdf(DATA)
    pages = _rasterise(rendered.pdf, tmp_path)

    assert len(pages) == PAGES, f"{len(pages)} pages rendered, {PAGES} expected"
    if UPDATE:
        REFERENCE.mkdir(exist_ok=True)
        for number, page in enumerate(pages, start=1):
            shutil.copyfile(page, REFERENCE / f"dossier-page-{number}.png")
    differences = {
        page.name: _difference(page, REFERENCE / f"dossier-page-{number}.png")
        for number, page in enumerate(pages, start=1)
    }
    off = {name: diff for name, diff in differences.items() if diff > TOLERANCE}
    assert not off, (
        f"the dossier's pages differ from their reference (mean grey difference, tolerance "
        f"{TOLERANCE}): {off}; the new rendering is in {tmp_path} (UPDATE_DOSSIER_REFERENCE=1 "
        "writes it as the reference)"
    )
