"""Per-call figures for coordinators: proposals by state, reviews still due per reviewer,
proposals without their pair, score distributions, proposals by mean score."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from events.models import CallForPapers, Review, ReviewScore, Submission
from network.models import Perspective


@dataclass
class Distribution:
    """How many scores took each value (0 to ``max_score``), with bar widths in percent."""

    name: str
    max_score: int
    counts: list[int] = field(default_factory=list)

    def bars(self) -> list[tuple[int, int, int]]:
        """(value, count, width in % of the largest count)."""
        top = max(self.counts, default=0) or 1
        return [(value, count, round(100 * count / top)) for value, count in enumerate(self.counts)]


@dataclass
class CallStatistics:
    by_state: list[tuple[str, int]]
    missing_by_reviewer: list[tuple[str, int]]
    unpaired: list[Submission]
    distributions: list[Distribution]
    ranking: list[Any]


def call_statistics(call: CallForPapers) -> CallStatistics:
    """The figures of ``call`` (a constant number of queries, whatever its size)."""
    submissions = Submission.objects.filter(call=call)
    states = dict(
        submissions.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    by_state = [(str(label), states.get(value, 0)) for value, label in Submission.State.choices]
    missing = (
        Review.objects.filter(submission__call=call, submitted_at__isnull=True)
        .values("reviewer__email")
        .annotate(n=Count("pk"))
        .order_by("-n", "reviewer__email")
    )
    missing_by_reviewer = [(row["reviewer__email"], row["n"]) for row in missing]
    unpaired: list[Submission] = []
    if call.paired_review:
        done: dict[int, set[str]] = defaultdict(set)
        for submission_id, perspective in Review.objects.filter(
            submission__call=call, submitted_at__isnull=False
        ).values_list("submission_id", "reviewer__perspective"):
            done[submission_id].add(perspective)
        wanted = {p.value for p in Perspective}
        unpaired = [
            s
            for s in submissions.exclude(state=Submission.State.DRAFT).order_by("title")
            if not wanted <= done[s.pk]
        ]
    distributions = []
    criteria = list(call.criteria.all())
    values = Counter(
        ReviewScore.objects.filter(
            review__submission__call=call, review__submitted_at__isnull=False
        ).values_list("criterion_id", "value")
    )
    for criterion in criteria:
        counts = [values[(criterion.pk, v)] for v in range(criterion.max_score + 1)]
        distributions.append(Distribution(criterion.name, criterion.max_score, counts))
    top = max((c.max_score for c in criteria), default=0)
    overall = Counter(
        int(score.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for score in Review.objects.filter(
            submission__call=call, submitted_at__isnull=False, score__isnull=False
        ).values_list("score", flat=True)
        if score is not None
    )
    distributions.append(
        Distribution(_("Note moyenne des relectures"), top, [overall[v] for v in range(top + 1)])
    )
    done_filter = Q(reviews__submitted_at__isnull=False)
    ranking = list(
        submissions.exclude(state=Submission.State.DRAFT)
        .annotate(
            mean_score=Avg("reviews__score", filter=done_filter),
            reviews_done=Count("reviews", filter=done_filter),
        )
        .order_by(F("mean_score").desc(nulls_last=True), "title")
    )
    return CallStatistics(by_state, missing_by_reviewer, unpaired, distributions, ranking)
