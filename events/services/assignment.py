"""Reviewers assigned in bulk: chosen by hand or spread automatically (N per proposal,
balanced load, never a speaker on their own proposal, never across a declared conflict,
with paired review one lived-experience and one professional reviewer per proposal).

A plan is computed first (nothing is saved: the admin previews it), then applied through
:func:`events.services.reviews.assign_reviewer`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import ConflictOfInterest, Review, Submission, SubmissionSpeaker
from events.services.reviews import assign_reviewer
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

    speakers: dict[int, tuple[set[int], set[str], set[str]]]  # ids, emails, affiliations
    assigned: dict[int, set[int]]
    perspectives: dict[int, set[str]]  # of the reviewers already assigned, by proposal
    load: dict[int, int]
    conflicts: dict[int, tuple[set[str], set[str]]]  # emails, structure names


def _context(submissions: Sequence[Submission], reviewers: Sequence[User]) -> _Context:
    ids = [submission.pk for submission in submissions]
    speakers: dict[int, tuple[set[int], set[str], set[str]]] = {
        s.pk: ({s.owner_id}, set(), set()) for s in submissions
    }
    for line in SubmissionSpeaker.objects.filter(submission_id__in=ids).values(
        "submission_id", "user_id", "email", "affiliation"
    ):
        users, emails, places = speakers[line["submission_id"]]
        if line["user_id"]:
            users.add(line["user_id"])
        emails.add(line["email"].casefold())
        if line["affiliation"]:
            places.add(line["affiliation"].casefold())
    assigned: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    reviewer_ids = [reviewer.pk for reviewer in reviewers]
    perspectives: dict[int, set[str]] = defaultdict(set)
    for submission_id, reviewer_id, perspective in Review.objects.filter(
        submission__call_id__in={s.call_id for s in submissions}
    ).values_list("submission_id", "reviewer_id", "reviewer__perspective"):
        load[reviewer_id] += 1
        if submission_id in speakers:
            assigned[submission_id].add(reviewer_id)
            perspectives[submission_id].add(perspective)
    conflicts: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for reviewer_id, email, structure in ConflictOfInterest.objects.filter(
        reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", "person_email", "structure__name"):
        emails, names = conflicts[reviewer_id]
        if email:
            emails.add(email.casefold())
        if structure:
            names.add(structure.casefold())
    return _Context(speakers, assigned, perspectives, load, conflicts)


def _eligible(context: _Context, submission: Submission, reviewer: User) -> bool:
    users, emails, places = context.speakers[submission.pk]
    conflict_emails, conflict_places = context.conflicts.get(reviewer.pk, (set(), set()))
    return not (
        reviewer.pk in users
        or reviewer.email.casefold() in emails
        or reviewer.pk in context.assigned[submission.pk]
        or emails & conflict_emails
        or places & conflict_places
    )


def plan_manual(submissions: Iterable[Submission], *, reviewers: Sequence[User]) -> Plan:
    """Each chosen reviewer on each chosen proposal, when allowed (the others are listed)."""
    submissions = list(submissions)
    context, plan = _context(submissions, reviewers), Plan()
    for submission in submissions:
        for reviewer in reviewers:
            if _eligible(context, submission, reviewer):
                plan.pairs.append((submission, reviewer))
            elif reviewer.pk not in context.assigned[submission.pk]:
                plan.shortfalls.append(
                    _("« %(title)s » : %(person)s est exclu (intervenant ou conflit).")
                    % {"title": submission, "person": reviewer}
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
    """Save a previewed plan.

    Side effects: one empty Review per pair, through ``assign_reviewer`` (which checks the
    reviewer again); all or nothing.
    """
    for submission, reviewer in plan.pairs:
        assign_reviewer(submission, reviewer=reviewer)
    return len(plan.pairs)
