"""The press dossier as a PDF, rendered by WeasyPrint from live data.

WeasyPrint is imported inside :func:`render_pdf` only: it is slow to import and only the
Celery worker (and the benchmark) needs it. The worker calls :func:`warm_up` when it starts
(``structures.tasks``): the import, the stylesheet parsed once and the fonts found once
are then shared by every rendering of that process.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from network.text import render_markdown
from structures.models import Mission, PressDossier, PressReference, Structure

TEMPLATE = "structures/dossier_pdf.html"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "dossier.css"


def collect(dossier: PressDossier) -> dict[str, Any]:
    """Every input of the PDF, as plain data: what the fingerprint is computed from."""
    references = PressReference.objects.prefetch_related(
        Prefetch("structures", queryset=Structure.objects.published().only("name", "city"))
    ).order_by("position", "pk")
    missions = Mission.objects.prefetch_related(
        Prefetch("press_references", queryset=references)
    ).order_by("position", "pk")
    structures = (
        Structure.objects.published()
        .order_by("name")
        .only("name", "city", "departement", "relation", "secpa", "kind")
    )
    return {
        "title": dossier.title,
        "subtitle": dossier.subtitle,
        "edition": dossier.edition.isoformat(),
        "edition_label": _edition_label(dossier),
        "sections": [
            {"title": section.title, "body": section.body} for section in dossier.sections.all()
        ],
        "participants": [
            {"name": s.name, "city": s.city}
            for s in structures
            if s.secpa and s.relation != Structure.Relation.SUPPORTER
        ],
        "supporters": [
            {"name": s.name, "city": s.city, "departement": s.departement}
            for s in structures
            if s.relation == Structure.Relation.SUPPORTER
        ],
        "general_references": [_reference(ref) for ref in references.filter(mission__isnull=True)],
        "missions": [
            {
                "name": mission.name,
                "description": mission.description,
                "references": [_reference(ref) for ref in mission.press_references.all()],
            }
            for mission in missions
        ],
        "layout": _layout_version(),
    }


def fingerprint(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


@dataclass(frozen=True)
class RenderedDossier:
    pdf: bytes
    pages: int


def render_pdf(
    data: dict[str, Any], *, progress: Callable[[int], None] | None = None
) -> RenderedDossier:
    """Lay the dossier out and write the PDF; ``progress`` hears 0–100 along the way."""
    from weasyprint import HTML

    stylesheet, fonts = _stylesheet()
    report = progress or (lambda percent: None)
    with translation.override("fr"):
        html = render_to_string(
            TEMPLATE,
            {
                **data,
                "sections": [
                    {"title": s["title"], "body": render_markdown(s["body"])}
                    for s in data["sections"]
                ],
                "missions": [
                    {**m, "description": render_markdown(m["description"])}
                    for m in data["missions"]
                ],
            },
        )
    report(20)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts
    )
    report(80)
    pdf = document.write_pdf()
    report(95)
    return RenderedDossier(pdf=pdf or b"", pages=len(document.pages))


def warm_up() -> None:
    """Import WeasyPrint, parse the stylesheet and load its fonts: what a first rendering
    would otherwise pay for."""
    _stylesheet()


@functools.cache
def _stylesheet() -> tuple[Any, Any]:
    """The dossier's stylesheet, parsed once per process, and the fonts it loaded."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(STYLESHEET), font_config=fonts), fonts


def _reference(ref: PressReference) -> dict[str, Any]:
    return {
        "title": ref.title,
        "authors": ref.authors,
        "outlet": ref.outlet,
        "kind": ref.get_kind_display(),
        "date": _format_date(ref),
        "details": ref.details,
        "url": ref.url,
        "structures": [f"{s.name} ({s.city})" for s in ref.structures.all()],
    }


def _format_date(reference: PressReference) -> str:
    if reference.published_on is None:
        return ""
    formats: dict[str, str] = {
        PressReference.DatePrecision.DAY: "j F Y",
        PressReference.DatePrecision.MONTH: "F Y",
        PressReference.DatePrecision.YEAR: "Y",
    }
    with translation.override("fr"):
        return date_format(reference.published_on, formats[reference.date_precision])


def _edition_label(dossier: PressDossier) -> str:
    with translation.override("fr"):
        return date_format(dossier.edition, "F Y")


def _layout_version() -> str:
    """A change of the template or the stylesheet makes every dossier out of date."""
    digest = hashlib.sha256(STYLESHEET.read_bytes())
    for template in sorted(
        (Path(settings.BASE_DIR) / "templates" / "structures").glob("dossier_*")
    ):
        digest.update(template.read_bytes())
    return digest.hexdigest()[:16]
