"""Reviews: reviewers assigned to submissions, their scores, paired review."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Review, ReviewScore, Submission
from events.services.eligibility import REVIEW_PERMISSION, Eligibility
from network.models import Perspective, User


def is_reviewer(user: User) -> bool:
    """Whether ``user`` may review submissions (permissions are cached on the user object,
    so once per request)."""
    return user.has_perm(REVIEW_PERMISSION)


def assign_reviewer(submission: Submission, *, reviewer: User) -> Review:
    """Ask ``reviewer`` (someone who may review, e.g. a member of « Relecteurs ») to review
    the submission; the admin's reviewer lines come here too.

    Side effects: an empty Review (once per reviewer and submission).
    """
    check_reviewer(submission, reviewer)
    review, _created = Review.objects.get_or_create(submission=submission, reviewer=reviewer)
    return review


def check_reviewer(submission: Submission, reviewer: User) -> None:
    """Raise ``ValidationError`` unless ``reviewer`` may be asked to review the submission
    (the rules of :mod:`events.services.eligibility`, shared with the plans)."""
    refusal = Eligibility([submission], [reviewer]).refusal(submission, reviewer)
    if refusal is not None:
        raise ValidationError(refusal)


def missing_perspectives(submission: Submission) -> list[str]:
    """For a call asking for paired review: the perspectives no finished review comes from
    (an assigned reviewer who has not reviewed yet does not count)."""
    if not submission.call.paired_review:
        return []
    present = {
        review.reviewer.perspective
        for review in submission.reviews.all()
        if review.submitted_at is not None
    }
    return [str(p.label) for p in Perspective if p.value not in present]


@transaction.atomic
def submit_review(
    review: Review,
    *,
    by: User,
    scores: Mapping[int, int],
    comment: str,
    author_comment: str = "",
) -> Review:
    """Record a reviewer's scores (criterion id → value), private comment and comment for
    the authors; may be done again.

    Side effects: the scores, the comments, the mean score and the date.
    """
    if review.reviewer_id != by.pk:
        raise PermissionDenied
    if review.submission.state not in {Submission.State.SUBMITTED}:
        raise ValidationError(_("Cette proposition n'attend plus de relecture."))
    criteria = {c.pk: c for c in review.submission.call.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Notez chacun des critères."))
    for criterion_id, value in scores.items():
        if not 0 <= value <= criteria[criterion_id].max_score:
            raise ValidationError(
                _("La note de « %(criterion)s » va de 0 à %(max)d.")
                % {"criterion": criteria[criterion_id], "max": criteria[criterion_id].max_score}
            )
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=pk, value=value) for pk, value in scores.items()
    )
    review.comment = comment
    review.author_comment = author_comment
    review.score = (
        Decimal(sum(scores.values()) / len(scores)).quantize(Decimal("0.01")) if scores else None
    )
    review.submitted_at = timezone.now()
    review.save(update_fields=["comment", "author_comment", "score", "submitted_at"])
    return review
