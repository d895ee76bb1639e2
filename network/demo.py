"""Demo content of the base app: the glossary of engagement roles (``demo/glossary.yaml``).

Entries are matched on their slug, portraits on their first name and role, forms on their
slug, sources on their title, publisher and year, and updated in place.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from network.demo_loader import demo_dir, read_data, upsert
from network.models import EngagementForm, EngagementRole, Portrait, Source


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the glossary. Returns counts per kind of row.

    Side effects: writes sources, glossary entries, portraits and engagement forms.
    """
    data = read_data(demo_dir(__file__) / "glossary.yaml")
    sources = {
        key: upsert(Source, defaults={}, **fields)[0] for key, fields in data["sources"].items()
    }
    entries: dict[str, EngagementRole] = {}
    for row in data["entries"]:
        fields: dict[str, Any] = dict(row)
        slug = fields.pop("slug")
        fields["source"] = sources[fields["source"]]
        if "comparison_source" in fields:
            fields["comparison_source"] = sources[fields["comparison_source"]]
        variant_of = fields.pop("variant_of", None)
        fields["variant_of"] = entries[variant_of] if variant_of else None
        entries[slug], _ = upsert(EngagementRole, slug=slug, defaults=fields)
    for position, row in enumerate(data["portraits"]):
        fields = dict(row)
        upsert(
            Portrait,
            first_name=fields.pop("first_name"),
            role=entries[fields.pop("role")],
            defaults={**fields, "source": sources["presentation"], "position": position},
        )
    for position, row in enumerate(data["engagement_forms"]):
        fields = dict(row)
        roles = [entries[slug] for slug in fields.pop("roles")]
        form, _ = upsert(
            EngagementForm,
            slug=fields.pop("slug"),
            defaults={**fields, "source": sources["guide-occitanie"], "position": position},
        )
        form.roles.set(roles)
    return {
        "glossary entries": len(entries),
        "portraits": len(data["portraits"]),
        "engagement forms": len(data["engagement_forms"]),
    }
