"""Experiences at scale: the public pages, the admin list and the streamed CSV export of
50,000 responses, whose memory must not grow with the row count."""

from __future__ import annotations

import random
import time
import tracemalloc
from typing import Any

from django.db.models import Max
from django.test import Client
from django.utils import timezone

from bench.common import Row, page
from experiences.models import (
    Campaign,
    Context,
    OrganisationType,
    ParticipationLevel,
    PublishedExperience,
    Response,
)
from network.models import User

RESPONSES = 50_000
SMALL_EXPORT = 5_000
PUBLISHED = 300
TEXT = "Des réunions mensuelles entre usagers et soignants ; " * 12  # about 650 characters


def _generate(campaign: Campaign, count: int) -> None:
    rng = random.Random(count)  # noqa: S311 - generated data, not security
    notice = campaign.current_notice()
    codes = list(Context.objects.values_list("code", flat=True))
    start = (Response.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    now = timezone.now()
    Response.objects.bulk_create(
        (_response(campaign, notice, now, start + n, n, rng, codes) for n in range(count)),
        batch_size=2000,
    )


def _response(
    campaign: Campaign,
    notice: Any,
    now: Any,
    number: int,
    n: int,
    rng: random.Random,
    codes: list[str],
) -> Response:
    """A sent response to the demo campaign's questionnaire (a copy of the HAS template)."""
    answers = {
        "organisation": f"Organisation {n % 700}",
        "organisation_type": rng.choice(OrganisationType.values),
        "role": "Coordinatrice",
        "title": f"Démarche participative n° {number}",
        "level": rng.choice(ParticipationLevel.values),
        "participants": ["patients", "professionnels"],
        "territory": "Hauts-de-France",
        "period": "2023-2024",
        "actions": TEXT,
        "changes": TEXT,
        "difficulties": TEXT,
        "success_factors": TEXT,
    }
    return Response(
        campaign=campaign,
        notice=notice,
        state=Response.State.SUBMITTED,
        submitted_at=now,
        name=f"Personne {number}",
        email=f"repondant{number}@banc.example",
        answers={**answers, "contexts": rng.sample(codes, k=2)},
    )


def _publish(campaign: Campaign, count: int) -> None:
    rng = random.Random(0)  # noqa: S311 - generated data, not security
    contexts = list(Context.objects.values_list("pk", flat=True))
    published = PublishedExperience.objects.bulk_create(
        PublishedExperience(
            campaign=campaign,
            title=f"Expérience publiée n° {n}",
            slug=f"experience-publiee-{n}",
            summary=TEXT,
            organisation_type=rng.choice(OrganisationType.values),
            level=rng.choice(ParticipationLevel.values),
            published=True,
            published_at=timezone.now(),
        )
        for n in range(count)
    )
    through = PublishedExperience.contexts.through
    through.objects.bulk_create(
        through(publishedexperience_id=experience.pk, context_id=context)
        for experience in published
        for context in rng.sample(contexts, k=2)
    )


def _export(client: Client) -> tuple[float, int, int]:
    """(seconds, bytes, peak traced bytes) of the admin's CSV export of every response."""
    pk = Response.objects.values_list("pk", flat=True).first()
    form = {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": pk}

    def stream() -> int:
        response: Any = client.post("/admin/experiences/response/", form)
        return sum(len(chunk) for chunk in response.streaming_content)

    started = time.perf_counter()
    size = stream()
    seconds = time.perf_counter() - started
    tracemalloc.start()  # a second run: tracing slows it down, so it is not the one timed
    stream()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, size, peak


def run() -> list[Row]:
    campaign = Campaign.objects.get(slug="retours-experiences-demarches-participatives")
    admin = User.objects.create_superuser("admin-experiences@banc.example", "x")
    client = Client()
    client.force_login(admin)

    _generate(campaign, SMALL_EXPORT)
    exports = {SMALL_EXPORT: _export(client)}
    _generate(campaign, RESPONSES - SMALL_EXPORT)
    exports[RESPONSES] = _export(client)
    rows: list[Row] = []
    for count, (seconds, size, peak) in exports.items():
        rows.append(
            (
                f"CSV export, {count} responses",
                f"{seconds:.1f} s",
                f"{size / 2**20:.0f} MiB streamed, peak memory {peak / 2**20:.1f} MiB",
            )
        )
    small_peak, large_peak = exports[SMALL_EXPORT][2], exports[RESPONSES][2]
    rows.append(
        (
            "CSV export memory, 50000 / 5000 responses",
            f"{large_peak / small_peak:.2f}×",
            "flat: rows are read and written by chunks",
        )
    )
    rows.append(
        page(
            client,
            f"admin responses list, {RESPONSES} responses",
            "/admin/experiences/response/",
            "first page of 100",
        )
    )

    _publish(campaign, PUBLISHED)
    public = Client()
    total = PublishedExperience.objects.count()
    rows.append(page(public, "experiences page (open campaign)", "/experiences/"))
    rows.append(page(public, f"published experiences, {total}", "/experiences/publiees/"))
    rows.append(
        page(
            public,
            "published experiences, filtered",
            "/experiences/publiees/?contexte=lieu-de-soins&niveau=co-construire",
            "context + level",
        )
    )
    rows.append(
        page(public, "published experience page", "/experiences/publiees/experience-publiee-7/")
    )
    rows.append(page(public, "questionnaire", f"/experiences/{campaign.slug}/participer/"))
    return rows
