"""Reviewers assigned in bulk: chosen by hand or spread automatically (N per proposal,
balanced load, never a speaker on their own proposal, never across a declared conflict,
with paired review one lived-experience and one professional reviewer per proposal).

A plan is computed first (nothing is saved: the admin previews it), then applied in bulk,
checked again by the same rules as :func:`events.services.reviews.assign_reviewer`
(:mod:`events.services.eligibility`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Review, Submission
from events.services.eligibility import Eligibility
from network.models import Perspective, User


@dataclass
class Plan:
    """Who gets what: new (submission, reviewer) pairs, and what could not be done."""

    pairs: list[tuple[Submission, User]] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)

    def load(self) -> dict[User, int]:
        counts: dict[User, int] = defaultdict(int)
        for _submission, reviewer in self.pairs:
            counts[reviewer] += 1
        return dict(counts)


@dataclass
class _Context:
    """What the choice needs, loaded in a few queries for all the proposals at once."""

    rules: Eligibility
    assigned: dict[int, set[int]]
    perspectives: dict[int, set[str]]  # of the reviewers already assigned, by proposal
    load: dict[int, int]


def _context(submissions: Sequence[Submission], reviewers: Sequence[User]) -> _Context:
    ids = {submission.pk for submission in submissions}
    assigned: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    perspectives: dict[int, set[str]] = defaultdict(set)
    for submission_id, reviewer_id, perspective in Review.objects.filter(
        submission__call_id__in={s.call_id for s in submissions}
    ).values_list("submission_id", "reviewer_id", "reviewer__perspective"):
        load[reviewer_id] += 1
        if submission_id in ids:
            assigned[submission_id].add(reviewer_id)
            perspectives[submission_id].add(perspective)
    return _Context(Eligibility(submissions, reviewers), assigned, perspectives, load)


def _eligible(context: _Context, submission: Submission, reviewer: User) -> bool:
    return (
        reviewer.pk not in context.assigned[submission.pk]
        and context.rules.refusal(submission, reviewer) is None
    )


def plan_manual(submissions: Iterable[Submission], *, reviewers: Sequence[User]) -> Plan:
    """Each chosen reviewer on each chosen proposal, when allowed (the others are listed)."""
    submissions = list(submissions)
    context, plan = _context(submissions, reviewers), Plan()
    for submission in submissions:
        for reviewer in reviewers:
            if reviewer.pk in context.assigned[submission.pk]:
                continue
            refusal = context.rules.refusal(submission, reviewer)
            if refusal is None:
                plan.pairs.append((submission, reviewer))
            else:
                plan.shortfalls.append(
                    _("« %(title)s » : %(reason)s") % {"title": submission, "reason": refusal}
                )
    return plan


def _pick(
    context: _Context,
    submission: Submission,
    reviewers: Sequence[User],
    chosen: list[User],
    perspective: str | None,
) -> bool:
    """Add to ``chosen`` the least loaded reviewer allowed (of ``perspective`` if given)."""
    candidates = [
        reviewer
        for reviewer in reviewers
        if reviewer not in chosen
        and (perspective is None or reviewer.perspective == perspective)
        and _eligible(context, submission, reviewer)
    ]
    if not candidates:
        return False
    best = min(candidates, key=lambda reviewer: (context.load[reviewer.pk], reviewer.pk))
    chosen.append(best)
    context.load[best.pk] += 1
    return True


def plan_automatic(
    submissions: Iterable[Submission], *, reviewers: Sequence[User], per_submission: int
) -> Plan:
    """Spread ``reviewers`` so that each proposal has ``per_submission`` of them, the least
    loaded first (reviews already assigned count); with paired review, one of each
    perspective first, even beyond ``per_submission``. Nothing is saved."""
    submissions = sorted(submissions, key=lambda s: s.pk)
    context, plan = _context(submissions, reviewers), Plan()
    for submission in submissions:
        chosen: list[User] = []

        if submission.call.paired_review:
            present = context.perspectives[submission.pk]
            for perspective in (Perspective.LIVED_EXPERIENCE, Perspective.PROFESSIONAL):
                if perspective not in present and not _pick(
                    context, submission, reviewers, chosen, perspective
                ):
                    plan.shortfalls.append(
                        _("« %(title)s » : aucun relecteur « %(perspective)s » possible.")
                        % {"title": submission, "perspective": perspective.label}
                    )
        needed = per_submission - len(context.assigned[submission.pk])
        while len(chosen) < needed:
            if not _pick(context, submission, reviewers, chosen, None):
                plan.shortfalls.append(
                    _("« %(title)s » : %(count)d relecteur(s) manquant(s).")
                    % {"title": submission, "count": needed - len(chosen)}
                )
                break
        plan.pairs.extend((submission, reviewer) for reviewer in chosen)
    return plan


@transaction.atomic
def apply_plan(plan: Plan) -> int:
    """Save a previewed plan, checked again as a whole by the rules ``assign_reviewer``
    applies to one pair (:class:`events.services.eligibility.Eligibility`), in a fixed
    number of queries whatever its size. Returns the number of reviews created.

    Raises ``ValidationError`` with the reason of each refused pair (nothing is saved).

    Side effects: one empty Review per pair not assigned yet (a plan applied twice adds
    nothing); no mail (reviewers hear of their reviews through the reminders).
    """
    pairs = {(s.pk, r.pk): (s, r) for s, r in plan.pairs}
    submissions = {s.pk: s for s, _r in pairs.values()}
    rules = Eligibility(submissions.values(), {r.pk: r for _s, r in pairs.values()}.values())
    refusals = [refusal for s, r in pairs.values() if (refusal := rules.refusal(s, r)) is not None]
    if refusals:
        raise ValidationError(refusals)
    existing = set(
        Review.objects.filter(submission_id__in=submissions).values_list(
            "submission_id", "reviewer_id"
        )
    )
    new = [Review(submission=s, reviewer=r) for key, (s, r) in pairs.items() if key not in existing]
    Review.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent save wins
    return len(new)
