"""Demo content of the pages app: the training a source document presents (``demo/``).

Pages are matched on their slug and updated in place.
"""

from __future__ import annotations

from django.db import transaction

from network.demo_loader import demo_dir, read_sections, upsert
from pages.models import Page

DEMO = demo_dir(__file__)
FILES = ["formation-ru-patients-partenaires.md"]


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the demo's information pages.

    Side effects: writes those pages."""
    for name in FILES:
        meta, sections = read_sections(DEMO / name)
        _title, body = sections[0]
        # The file's `##` cuts its sections; the page's own subheadings are written `###`
        # there and are the page's second level.
        body = body.replace("\n### ", "\n## ")
        upsert(
            Page,
            slug=meta["slug"],
            defaults={"title": meta["title"], "summary": meta["summary"], "body": body},
        )
    return {"pages": len(FILES)}
