"""A map of France's départements drawn on the server: pure SVG, for pages and PDFs.

``france_svg`` shades each département by class of value. Each class has its own hatching
as well as its own shade, so the map reads in greyscale and for people who do not tell
the shades apart; each département's name and value are in its ``<title>``, and the
legend is drawn inside the SVG. No script, no stylesheet, no external reference: the same
markup goes into a page (under the site's CSP) and into WeasyPrint's PDF.

Points (structures…) are placed by longitude/latitude with the drawing's projection
(``shapes.project``); a point without coordinates is placed at its département's
centroid; an overseas point goes to its département's inset.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from structures.geography import DEPARTEMENTS
from territories.shapes import ATTRIBUTION, outline, project

Number = int | float | Decimal

# Overseas départements, drawn as labelled insets (the package draws metropolitan France).
OVERSEAS = ["971", "972", "973", "974", "976"]

MAP_WIDTH, MAP_HEIGHT, SIDE = 600.0, 585.0, 250.0
INK = "#1b1b1b"
# ColorBrewer's "Blues" (sequential, colour-blind safe), lightest to darkest.
SHADES = ["#ffffff", "#deebf7", "#9ecae1", "#4292c6", "#08519c"]
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class MapPoint:
    label: str
    departement: str = ""
    longitude: float | None = None
    latitude: float | None = None


@dataclass(frozen=True)
class Band:
    """A class of values: ``low`` ≤ value ≤ ``high``, with its shade and hatching."""

    index: int
    low: float
    high: float
    label: str


def bands(values: Collection[Number], *, count: int = 4) -> list[Band]:
    """Zero, then up to ``count`` classes of the positive values by quantile (each class
    holds about as many départements; equal values never straddle two classes)."""
    positive = sorted({float(v) for v in values if v is not None and v > 0})
    result = [Band(0, 0.0, 0.0, number_format(0))]
    if not positive:
        return result
    size = max(1, -(-len(positive) // count))
    for start in range(0, len(positive), size):
        chunk = positive[start : start + size]
        low, high = chunk[0], chunk[-1]
        label = _fmt(low) if low == high else f"{_fmt(low)} – {_fmt(high)}"
        result.append(Band(len(result), low, high, label))
    return result


def _fmt(value: Number) -> str:
    number = float(value)
    return number_format(int(number) if number.is_integer() else round(number, 2))


def _band_of(value: Number, classes: Sequence[Band]) -> Band:
    number = float(value)
    for band in reversed(classes):
        if number >= band.low and (band.index == 0 or number > 0):
            return band
    return classes[0]


def _patterns(dom_id: str, scale: float = 1.0) -> list[str]:
    """Per class: its shade, and hatching denser with the value (none for zero). The tile
    is drawn at ``scale`` so that a zoomed map keeps the legend's hatching."""
    line = '<path d="{d}" stroke="{{ink}}" stroke-width="{{w}}"/>'
    diagonal = line.format(d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2")
    cross = diagonal + line.format(d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2")
    marks = [
        "",
        diagonal.format(ink=INK, w="0.6"),
        diagonal.format(ink=INK, w="1.4"),
        cross.format(ink=INK, w="0.9"),
        cross.format(ink="#ffffff", w="1.1"),
    ]
    marks.append(f'<circle cx="3" cy="3" r="0.8" fill="{INK}"/>')
    names = [f"{dom_id}-classe-{i}" for i in range(len(SHADES))] + [f"{dom_id}-sans-donnee"]
    size = 6 / scale
    return [
        f'<pattern id="{name}" width="{size:.4f}" height="{size:.4f}" '
        f'patternUnits="userSpaceOnUse"><g transform="scale({1 / scale:.4f})">'
        f'<rect width="6" height="6" fill="{shade}"/>{mark}</g></pattern>'
        for name, shade, mark in zip(names, [*SHADES, NO_DATA], marks, strict=True)
    ]


def _wrap(text: str, width: int = 30) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def france_svg(
    values: Mapping[str, Number],
    *,
    title: str,
    legend: str,
    description: str = "",
    value_label: Callable[[Number | None], str] | None = None,
    links: Mapping[str, str] | None = None,
    points: Sequence[MapPoint] = (),
    points_label: str = "",
    focus: Collection[str] = (),
    dom_id: str = "carte",
) -> SafeString:
    """The map as SVG markup.

    ``values``: département code → value; a code left out is drawn « sans donnée ».
    ``value_label`` says a value in words (default: the number). ``links``: code → URL
    (the map then is a group of links, out of the tab order: give the same links in a
    table). An overseas focus keeps the whole map, only its inset shaded.
    ``points`` are drawn as dots, ``points_label`` names one in the legend.
    ``focus``: codes to zoom on (a région); the others are drawn pale, unshaded.
    """
    drawing = outline()
    say = value_label or (lambda v: _("sans donnée") if v is None else _fmt(v))
    classes = bands(list(values.values()))
    focused = [code for code in focus if code in drawing.shapes]
    shown = set(focus) if focus else set(drawing.shapes) | set(OVERSEAS)
    if focused:
        boxes = [drawing.shapes[code].box for code in focused]
        x0, y0 = min(b[0] for b in boxes) - 6, min(b[1] for b in boxes) - 6
        x1, y1 = max(b[2] for b in boxes) + 6, max(b[3] for b in boxes) + 6
    else:
        x0, y0, x1, y1 = 0.0, 0.0, drawing.width, drawing.height
    scale = min(MAP_WIDTH / (x1 - x0), MAP_HEIGHT / (y1 - y0))
    stroke = round(0.6 / scale, 3)
    title_id, desc_id = f"{dom_id}-titre", f"{dom_id}-description"
    role = 'role="group"' if links else 'role="img"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH + SIDE:g} '
        f'{MAP_HEIGHT:g}" {role} aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'class="france-map" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description or legend)}</desc>',
        "<defs>",
        *_patterns(dom_id),
        *_patterns(f"{dom_id}-carte", scale),
        "</defs>",
        f'<g transform="translate({-x0 * scale:.2f} {-y0 * scale:.2f}) scale({scale:.4f})">',
    ]
    missing = False

    def fill_of(code: str, patterns: str = f"{dom_id}-carte") -> str:
        nonlocal missing
        if code not in shown:
            return "#f2f2f2"
        if code not in values:
            missing = True
            return f"url(#{patterns}-sans-donnee)"
        return f"url(#{patterns}-classe-{_band_of(values[code], classes).index})"

    def shape(code: str, tag: str, attributes: str) -> str:
        name = DEPARTEMENTS.get(code, (code, ""))[0]
        tip = (
            _("%(name)s (%(code)s) : %(value)s")
            % {"name": name, "code": code, "value": say(values.get(code))}
            if code in shown
            else name
        )
        body = f"<{tag} {attributes}><title>{escape(tip)}</title></{tag}>"
        if links and code in links and code in shown:
            return f'<a href="{escape(links[code])}" tabindex="-1">{body}</a>'
        return body

    for code, item in drawing.shapes.items():
        parts.append(
            shape(
                code,
                "path",
                f'd="{item.path}" fill="{fill_of(code)}" stroke="{INK}" '
                f'stroke-width="{stroke}" stroke-linejoin="round"',
            )
        )
    parts.append("</g>")
    inset_centres: dict[str, tuple[float, float]] = {}
    if not focused:
        parts.append(
            f'<text x="8" y="{MAP_HEIGHT - 44:g}" font-size="14" fill="{INK}">'
            f"{escape(_('Outre-mer (hors échelle)'))}</text>"
        )
        for i, code in enumerate(OVERSEAS):
            x, y = 8 + i * 40, MAP_HEIGHT - 38
            inset_centres[code] = (x + 16, y + 16)
            parts.append(
                shape(
                    code,
                    "rect",
                    f'x="{x}" y="{y}" width="32" height="32" fill="{fill_of(code, dom_id)}" '
                    f'stroke="{INK}" stroke-width="0.6"',
                )
            )
            parts.append(
                f'<text x="{x + 16}" y="{y + 30}" font-size="8" text-anchor="middle" '
                f'fill="{INK}" stroke="#ffffff" stroke-width="2" paint-order="stroke">'
                f"{code}</text>"
            )
    parts.extend(_points(points, inset_centres, x0, y0, scale, shown))
    parts.extend(_legend(legend, classes, missing, points_label if points else "", dom_id))
    parts.append("</svg>")
    # Every text above is escaped; the rest is markup of our own.
    return mark_safe("".join(parts))  # noqa: S308


def _points(
    points: Sequence[MapPoint],
    insets: Mapping[str, tuple[float, float]],
    x0: float,
    y0: float,
    scale: float,
    shown: Collection[str],
) -> list[str]:
    drawing = outline()
    marks = []
    for point in points:
        if point.departement and point.departement not in shown:
            continue
        where = None
        if point.longitude is not None and point.latitude is not None:
            projected = project(point.longitude, point.latitude)
            if projected:
                where = ((projected[0] - x0) * scale, (projected[1] - y0) * scale)
        if where is None and point.departement in drawing.shapes:
            cx, cy = drawing.shapes[point.departement].centroid
            where = ((cx - x0) * scale, (cy - y0) * scale)
        if where is None:
            where = insets.get(point.departement)
        if where is None or not (0 <= where[0] <= MAP_WIDTH and 0 <= where[1] <= MAP_HEIGHT):
            continue
        marks.append(
            f'<circle cx="{where[0]:.1f}" cy="{where[1]:.1f}" r="3.5" fill="#d94801" '
            f'stroke="#ffffff" stroke-width="1"><title>{escape(point.label)}</title></circle>'
        )
    return marks


def _legend(
    legend: str, classes: Sequence[Band], missing: bool, points_label: str, dom_id: str
) -> list[str]:
    x = MAP_WIDTH + 10
    y = 20.0
    parts = [f'<g font-size="19" fill="{INK}">']
    for line in _wrap(legend, 21):
        parts.append(f'<text x="{x:g}" y="{y:g}" font-weight="bold">{escape(line)}</text>')
        y += 23
    entries = [(f"url(#{dom_id}-classe-{band.index})", band.label) for band in classes]
    if missing:
        entries.append((f"url(#{dom_id}-sans-donnee)", _("sans donnée")))
    for fill, label in entries:
        y += 8
        parts.append(
            f'<rect x="{x:g}" y="{y:g}" width="34" height="24" fill="{fill}" '
            f'stroke="{INK}" stroke-width="0.6"/>'
            f'<text x="{x + 44:g}" y="{y + 18:g}">{escape(label)}</text>'
        )
        y += 24
    if points_label:
        y += 22
        parts.append(
            f'<circle cx="{x + 15:g}" cy="{y:g}" r="5" fill="#d94801" stroke="{INK}" '
            f'stroke-width="0.5"/><text x="{x + 44:g}" y="{y + 6:g}">'
            f"{escape(points_label)}</text>"
        )
    credit = _wrap(_("Fond de carte : %(source)s") % {"source": ATTRIBUTION}, 34)
    y = MAP_HEIGHT - 8 - 13 * (len(credit) - 1)
    for line in credit:
        parts.append(f'<text x="{x:g}" y="{y:g}" font-size="11">{escape(line)}</text>')
        y += 13
    parts.append("</g>")
    return parts
