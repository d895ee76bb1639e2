"""The press dossier as a PDF, rendered by WeasyPrint from live data.

WeasyPrint is imported inside :func:`render_pdf` only: it is slow to import and only the
Celery worker (and the benchmark) needs it. The worker calls :func:`warm_up` when it starts
(``structures.tasks``): the import, the stylesheet parsed once and the fonts found once
are then shared by every rendering of that process.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from network.text import render_markdown
from network.wording import format_day
from structures.models import Mission, PressDossier, PressReference, Structure

TEMPLATE = "structures/dossier_pdf.html"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "dossier.css"
# Written in a section's title or text, replaced by the count of participating structures
# (« 20 structures »): a dossier never states a number its list contradicts.
COUNT_MARK = "[[nombre de structures]]"
PDF_VARIANT = "pdf/ua-1"
MAP_TITLE = "Les structures de l'annuaire"  # tagged PDF for screen readers, with language and title


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
    from pages.models import SiteIdentity
    from territories.layers import structure_points

    identity = SiteIdentity.load()
    participants = [
        {"name": s.name, "city": s.city}
        for s in structures
        if s.secpa and s.relation != Structure.Relation.SUPPORTER
    ]
    return {
        "press_contact": {
            "name": identity.press_contact_name,
            "email": identity.press_contact_email,
            "phone": identity.press_contact_phone,
        },
        "logo": {"name": identity.logo.name, "alt": identity.logo_alt},
        "points": [[p.label, p.departement, p.longitude, p.latitude] for p in structure_points()],
        "title": dossier.title,
        "subtitle": dossier.subtitle,
        "edition": dossier.edition.isoformat(),
        "edition_label": _edition_label(dossier),
        "sections": [
            {
                "title": section.title,
                "body": section.body,
                "image": section.image.name,
                "image_alt": section.image_alt,
            }
            for section in dossier.sections.all()
        ],
        "participants": participants,
        "supporters": [
            {"name": s.name, "city": s.city, "departement": s.departement}
            for s in structures
            if s.relation == Structure.Relation.SUPPORTER
        ],
        "parts": [
            {
                "name": str(label),
                "references": [
                    _reference(ref) for ref in references.filter(mission__isnull=True, part=part)
                ],
            }
            for part, label in PressReference.Part.choices
            if part
        ],
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
        html = render_to_string(TEMPLATE, _context(data))
    report(20)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    report(80)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    report(95)
    return RenderedDossier(pdf=pdf or b"", pages=len(document.pages))


def _context(data: dict[str, Any]) -> dict[str, Any]:
    """The template's context: Markdown rendered, the count written in, images inlined,
    the map drawn. Called in French."""
    from territories.maps import MapPoint, france_svg

    count = len(data["participants"])
    count_text = ngettext("%(count)d structure", "%(count)d structures", count) % {"count": count}

    def counted(text: str) -> str:
        return text.replace(COUNT_MARK, count_text)

    per_departement: dict[str, int] = {}
    for _label, departement, _lon, _lat in data["points"]:
        if departement:
            per_departement[departement] = per_departement.get(departement, 0) + 1
    return {
        **data,
        "count_text": count_text,
        "logo_src": _data_uri(data["logo"]["name"]),
        "map_title": MAP_TITLE,
        "map_src": _svg_uri(
            france_svg(
                per_departement,
                title=MAP_TITLE,
                legend="Structures par département",
                points=[MapPoint(*point) for point in data["points"]],
                points_label="Une structure",
                dom_id="carte-dossier",
            )
        ),
        "sections": [
            {
                "title": counted(s["title"]),
                "body": render_markdown(counted(s["body"])),
                "image_src": _data_uri(s["image"]),
                "image_alt": s["image_alt"],
            }
            for s in data["sections"]
        ],
        "parts": [
            {**part, "references": [_with_introduction(r) for r in part["references"]]}
            for part in data["parts"]
        ],
        "missions": [
            {
                **m,
                "description": render_markdown(m["description"]),
                "references": [_with_introduction(r) for r in m["references"]],
            }
            for m in data["missions"]
        ],
    }


def _with_introduction(reference: dict[str, Any]) -> dict[str, Any]:
    return {**reference, "introduction": render_markdown(reference["introduction"])}


def _svg_uri(svg: str) -> str:
    """The map as an image: WeasyPrint reads an SVG image with its XML parser, many times
    faster than the HTML parser and the style cascade it goes through inline (the same
    drawing, pixel for pixel)."""
    return f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"


def _data_uri(name: str) -> str:
    """A stored PNG or JPEG as a ``data:`` URI (the PDF needs no file system); "" if none."""
    if not name:
        return ""
    try:
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
    except OSError:
        return ""
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


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
        "introduction": ref.introduction,
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
        return format_day(reference.published_on, formats[reference.date_precision])


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
