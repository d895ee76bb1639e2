"""Demo content of the territories app: surveys by département, from ``surveys.json``.

``manage.py load_demo`` finds this module like every app's ``demo`` and calls ``load()``.
Each survey names its source by title. Loading is idempotent: a survey is matched on its
slug and its rows on their département, and only what differs is written; a file whose
rows disagree with the totals it states, or name a département the gazetteer does not
know, is refused before anything is written.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from network.demo_loader import upsert
from structures.geography import DEPARTEMENTS
from territories.models import Survey, SurveyRow
from territories.surveys import total_mismatches

DATA_FILE = Path(__file__).resolve().parent / "surveys.json"
SURVEY_FIELDS = ["title", "author", "year", "source_title", "total_respondents", "total_projects"]


def check(item: dict[str, Any]) -> None:
    """Refuse rows whose département is unknown (or misnamed) or whose sums miss the totals."""
    for row in item["rows"]:
        code = row["departement"]
        if DEPARTEMENTS.get(code, ("",))[0] != row["name"]:
            raise ValueError(f"{item['slug']}: {code} is not {row['name']!r} in the gazetteer")
    stated = Survey(**{name: item[name] for name in SURVEY_FIELDS})
    problems = total_mismatches(
        stated,
        respondents=sum(row["respondents"] for row in item["rows"]),
        projects=sum(row.get("projects") or 0 for row in item["rows"]),
    )
    if problems:
        raise ValueError(f"{item['slug']}: {' '.join(problems)}")


def load(path: Path = DATA_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["surveys"]:
        check(item)
    rows = 0
    with transaction.atomic():
        for position, item in enumerate(data["surveys"]):
            survey, _ = upsert(
                Survey,
                slug=item["slug"],
                defaults={
                    **{name: item[name] for name in SURVEY_FIELDS},
                    "findings": "\n".join(item["findings"]),
                    "notes": item.get("notes", ""),
                    "position": position,
                    "published": True,
                },
            )
            for row in item["rows"]:
                upsert(
                    SurveyRow,
                    survey=survey,
                    departement=row["departement"],
                    defaults={
                        "respondents": row["respondents"],
                        "share": Decimal(row["share"]) if row.get("share") else None,
                        "projects": row.get("projects"),
                    },
                )
            stale = survey.rows.exclude(
                departement__in=[row["departement"] for row in item["rows"]]
            )
            if stale.exists():
                stale.delete()
            rows += len(item["rows"])
    return {"surveys": len(data["surveys"]), "survey rows": rows}
