"""The public directory as open data: CSV and GeoJSON under the Licence Ouverte 2.0.

Only what the public pages already show: a structure's name, kind, address, public contact
(its own e-mail and phone, never a person's), opening information, position and missions.
The licence is stated in each file: a comment line before the CSV header, a ``license``
member of the GeoJSON collection.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from structures.geography import DEPARTEMENTS, REGIONS
from structures.models import Structure

LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
FIELDS = (
    "name",
    "slug",
    "kind",
    "secpa",
    "secpa_since",
    "relation",
    "address",
    "postcode",
    "city",
    "departement",
    "region",
    "latitude",
    "longitude",
    "website",
    "contact_email",
    "contact_phone",
    "opening_hours",
)
COLUMNS = (*FIELDS, "departement_name", "region_name", "missions", "url")


def rows(*, base_url: str) -> list[dict[str, Any]]:
    """Every published structure as a flat dict of public fields.

    Side effects: two queries (the structures, their missions)."""
    structures = list(Structure.objects.published().order_by("name", "pk").values("pk", *FIELDS))
    missions: defaultdict[int, list[str]] = defaultdict(list)
    through = Structure.missions.through.objects.filter(structure__published=True).order_by(
        "mission__position", "mission__name"
    )
    for structure_id, name in through.values_list("structure_id", "mission__name"):
        missions[structure_id].append(name)
    url = reverse("structure-detail", kwargs={"slug": "__slug__"})
    for row in structures:
        row["departement_name"] = DEPARTEMENTS.get(row["departement"], ("", ""))[0]
        row["region_name"] = REGIONS.get(row["region"], "")
        row["missions"] = missions[row.pop("pk")]
        row["url"] = base_url + url.replace("__slug__", row["slug"])
    return structures


def as_csv(data: list[dict[str, Any]]) -> str:
    """The rows as CSV (``;``-separated, UTF-8), the licence on the first line."""
    out = io.StringIO()
    out.write(f"# {LICENCE_NAME} : {LICENCE_URL}\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow(
            [
                " | ".join(row[c]) if c == "missions" else ("" if row[c] is None else row[c])
                for c in COLUMNS
            ]
        )
    return out.getvalue()


def as_geojson(data: list[dict[str, Any]]) -> str:
    """The placed rows as a GeoJSON FeatureCollection carrying its licence."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {k: row[k] for k in COLUMNS if k not in ("latitude", "longitude")},
        }
        for row in data
        if row["latitude"] is not None and row["longitude"] is not None
    ]
    collection = {
        "type": "FeatureCollection",
        "license": LICENCE_NAME,
        "license_url": LICENCE_URL,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=None)


def write_directory_csv(out: Any, structures: Iterable[Structure]) -> None:
    """The coordinators' export of a filtered directory: one line per structure, with its
    missions (prefetched), semicolon-separated for French spreadsheets."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            _("Nom"),
            _("Type"),
            _("SECPa"),
            _("Depuis"),
            _("Lien"),
            _("Adresse"),
            _("Code postal"),
            _("Commune"),
            _("Département"),
            _("Région"),
            _("Latitude"),
            _("Longitude"),
            _("Site web"),
            _("Missions"),
        ]
    )
    for s in structures:
        writer.writerow(
            [
                s.name,
                s.get_kind_display(),
                _("oui") if s.secpa else _("non"),
                s.secpa_since or "",
                s.get_relation_display(),
                s.address,
                s.postcode,
                s.city,
                s.departement,
                s.get_region_display(),
                s.latitude or "",
                s.longitude or "",
                s.website,
                ", ".join(m.name for m in s.missions.all()),
            ]
        )
