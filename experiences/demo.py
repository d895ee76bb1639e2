"""Demo content of the experiences app (``demo/``): the HAS call for participatory
experiences as an open campaign, and experiences published from the accounts of the SECPa
press dossier, linked to their structures when the directory has them.

The campaign is matched on its slug, experiences on their slug; a changed notice is a new
version of it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from experiences import services
from experiences.models import Campaign, Context, PrivacyNotice, PublishedExperience
from network.demo_loader import demo_dir, read_data, upsert
from network.timezones import PARIS, end_of_day
from structures.models import Structure

DEMO = demo_dir(__file__)
TEXTS = ("introduction", "objective", "eligibility", "purpose")


def next_may_31(today: datetime.date) -> datetime.date:
    this_year = datetime.date(today.year, 5, 31)
    return this_year if today <= this_year else datetime.date(today.year + 1, 5, 31)


def _campaign(data: dict[str, Any]) -> Campaign:
    closing = next_may_31(timezone.localdate())
    fields = dict(data["campaign"])
    campaign, _ = upsert(
        Campaign,
        slug=fields.pop("slug"),
        defaults={
            **fields,
            **{text: data[text] for text in TEXTS},
            "opens_at": datetime.datetime(closing.year - 1, 6, 1, tzinfo=PARIS),
            "closes_at": end_of_day(closing),
        },
    )
    notice = campaign.current_notice()
    wanted = data["notice"]
    if notice is None or any(getattr(notice, k) != v for k, v in wanted.items()):
        PrivacyNotice.objects.create(
            campaign=campaign, version=(notice.version + 1 if notice else 1), **wanted
        )
    return campaign


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the demo campaign and the published experiences.

    Side effects: writes the campaign, a new version of its notice when it changed, and the
    published experiences with their contexts.
    """
    campaign = services.give_questionnaire(  # a copy of the HAS template
        _campaign(read_data(DEMO / "campaign.yaml")), source=None
    )
    published = read_data(DEMO / "published-experiences.yaml")
    experiences = published["experiences"]
    contexts = {context.code: context for context in Context.objects.all()}
    structures = {
        s.name: s for s in Structure.objects.filter(name__in=[e["structure"] for e in experiences])
    }
    for row in experiences:
        fields = {k: v for k, v in row.items() if k != "contexts"}
        fields.update(
            campaign=campaign,
            structure=structures.get(row["structure"]),
            # Not retained by the HAS working group: examples from the press dossier, said so.
            origin=published["source"],
            published=True,
        )
        experience, _ = upsert(
            PublishedExperience,
            slug=slugify(row["title"])[:120],
            defaults=fields,
            create_defaults={**fields, "published_at": timezone.now()},
        )
        experience.contexts.set([contexts[code] for code in row["contexts"]])
    return {"campaign": 1, "published experiences": len(experiences)}
