"""Demo content of the structures app: the SECPa press dossier of February 2025 (``demo/``).

Rows are matched on their slug (or title and mission, or edition) and updated in place.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from network.demo_loader import demo_dir, read_data, read_sections, sync_children, upsert
from structures.models import Mission, PressDossier, PressReference, Structure
from structures.services import place_structure

DEMO = demo_dir(__file__)
_STRUCTURES = read_data(DEMO / "structures.yaml")
# (name, city, département, kind)
SECPA_STRUCTURES = [tuple(row.values()) for row in _STRUCTURES["members"]]
SUPPORTERS = [tuple(row.values()) for row in _STRUCTURES["supporters"]]


def _structures() -> dict[str, Structure]:
    structures: dict[str, Structure] = {}
    for rows, relation, secpa in (
        (_STRUCTURES["members"], Structure.Relation.MEMBER, True),
        (_STRUCTURES["supporters"], Structure.Relation.SUPPORTER, False),
        (_STRUCTURES["cited"], Structure.Relation.CITED, False),
    ):
        for row in rows:
            structure, created = upsert(
                Structure,
                slug=slugify(row["name"])[:200],
                defaults={**row, "relation": relation, "secpa": secpa, "published": True},
            )
            if created or not structure.placed:
                place_structure(structure)
            structures[row["name"]] = structure
    return structures


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the missions, structures, press references and the press dossier.

    Side effects: writes those rows, places new structures on the map (offline gazetteer).
    """
    _, descriptions = read_sections(DEMO / "missions.md")
    description = dict(descriptions)
    missions = {}
    for position, row in enumerate(_STRUCTURES["missions"]):
        missions[row["slug"]], _ = upsert(
            Mission,
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "description": description[row["slug"]],
                "position": position,
            },
        )
    structures = _structures()
    references: list[dict[str, Any]] = read_data(DEMO / "press-references.yaml")["references"]
    linked: dict[str, set[Mission]] = {}
    for position, row in enumerate(references):
        mission = missions[row["mission"]] if row["mission"] else None
        reference, _ = upsert(
            PressReference,
            title=row["title"],
            mission=mission,
            defaults={
                "authors": row["authors"],
                "outlet": row["outlet"],
                "kind": row["kind"],
                "published_on": row["date"],
                "date_precision": row["precision"],
                "details": row["details"],
                "introduction": row["introduction"],
                "part": row["part"] if not mission else "",
                "position": position,
            },
        )
        reference.structures.set([structures[name] for name in row["structures"]])
        for name in row["structures"]:
            if mission:
                linked.setdefault(name, set()).add(mission)
    for name, mission_set in linked.items():
        structures[name].missions.set(mission_set)
    meta, sections = read_sections(DEMO / "dossier-2025-02.md")
    dossier, _ = upsert(
        PressDossier,
        edition=meta["edition"],
        defaults={"title": meta["title"], "subtitle": meta["subtitle"], "published": True},
    )
    sync_children(dossier.sections, [{"title": title, "body": body} for title, body in sections])
    return {
        "missions": len(missions),
        "structures": len(structures),
        "press references": len(references),
        "dossier sections": len(sections),
    }
