"""The territorial view: the chosen layer, drawn as a map and given as a table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from structures.geography import DEPARTEMENTS, REGIONS
from territories.forms import TerritoryForm
from territories.layers import LayerData, Row, available_layers
from territories.maps import france_svg


@dataclass(frozen=True)
class TerritorialView:
    form: TerritoryForm
    layer: LayerData
    region: str
    region_name: str
    rows: list[Row]
    total: int | float
    svg: SafeString


def build_territorial_view(params: Mapping[str, str]) -> TerritorialView:
    """Read the choices (a wrong one falls back to its default, with the form's message),
    build the layer (two queries in all) and draw it for the région or all of France."""
    layers = available_layers()
    form = TerritoryForm(params or None, layers=layers)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    by_key = {layer.key: layer for layer in layers}
    layer = by_key.get(cleaned.get("couche") or "", layers[0]).build()
    region = cleaned.get("region") or ""
    focus = [code for code, (_name, reg) in DEPARTEMENTS.items() if reg == region]
    rows = [row for row in layer.rows if not region or row.code in focus]
    where = REGIONS.get(region, _("France"))
    svg = france_svg(
        {code: value for code, value in layer.values.items() if not region or code in focus},
        title=_("Carte : %(title)s, %(where)s") % {"title": layer.title, "where": where},
        legend=layer.legend,
        description=_(
            "Chaque département est hachuré selon sa classe de valeur ; "
            "les mêmes chiffres sont dans le tableau qui suit la carte."
        ),
        value_label=layer.value_label,
        links={row.code: row.link for row in rows},
        focus=focus,
        dom_id="carte-territoires",
    )
    return TerritorialView(
        form=form,
        layer=layer,
        region=region,
        region_name=where,
        rows=rows,
        total=_total(rows),
        svg=svg,
    )


def _total(rows: list[Row]) -> int | float:
    total = sum((float(row.value) for row in rows), 0.0)
    return int(total) if total.is_integer() else round(total, 2)
