"""Who may be asked to review which proposal: the rules every assignment goes through (one
reviewer in the admin's inline, a previewed plan, a plan being saved), checked for any
number of (proposal, reviewer) pairs in three queries.

A reviewer is refused a proposal when they may not review at all (no review permission, or
an inactive account), when they speak in it (its owner, a speaker linked to their account
or under their email address), or when they declared a conflict of interest with one of
its speakers (by email address) or with a speaker's structure (by its name, as the speaker
typed it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from events.models import ConflictOfInterest, Submission, SubmissionSpeaker
from network.models import User

REVIEW_PERMISSION = "events.review_submission"


def reviewers() -> QuerySet[User]:
    """The active accounts given the permission to review, by a group or in person."""
    app_label, codename = REVIEW_PERMISSION.split(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return User.objects.filter(
        Q(groups__permissions__in=granted) | Q(user_permissions__in=granted), is_active=True
    ).distinct()


class Eligibility:
    """The speakers of ``submissions`` and the declarations of ``reviewers``, loaded at once
    (speakers, conflicts, review permission: three queries whatever their number)."""

    def __init__(self, submissions: Iterable[Submission], reviewers_: Iterable[User]) -> None:
        submissions = list(submissions)
        people = {reviewer.pk: reviewer for reviewer in reviewers_}
        self.users: dict[int, set[int]] = {s.pk: {s.owner_id} for s in submissions}
        self.emails: dict[int, set[str]] = defaultdict(set)
        self.places: dict[int, set[str]] = defaultdict(set)
        for submission_id, user_id, email, place in SubmissionSpeaker.objects.filter(
            submission_id__in=self.users
        ).values_list("submission_id", "user_id", "email", "affiliation"):
            if user_id:
                self.users[submission_id].add(user_id)
            self.emails[submission_id].add(email.casefold())
            if place:
                self.places[submission_id].add(place.casefold())
        self.conflict_emails: dict[int, set[str]] = defaultdict(set)
        self.conflict_places: dict[int, set[str]] = defaultdict(set)
        for reviewer_id, email, structure in ConflictOfInterest.objects.filter(
            reviewer_id__in=people
        ).values_list("reviewer_id", "person_email", "structure__name"):
            if email:
                self.conflict_emails[reviewer_id].add(email.casefold())
            if structure:
                self.conflict_places[reviewer_id].add(structure.casefold())
        # As ``user.has_perm``: an active superuser may do everything.
        self.permitted = {pk for pk, user in people.items() if user.is_active and user.is_superuser}
        if people:
            self.permitted |= set(reviewers().filter(pk__in=people).values_list("pk", flat=True))

    def speaks_in(self, submission: Submission, reviewer: User) -> bool:
        return (
            reviewer.pk in self.users[submission.pk]
            or reviewer.email.casefold() in self.emails[submission.pk]
        )

    def has_conflict(self, submission: Submission, reviewer: User) -> bool:
        return bool(
            self.emails[submission.pk] & self.conflict_emails[reviewer.pk]
            or self.places[submission.pk] & self.conflict_places[reviewer.pk]
        )

    def refusal(self, submission: Submission, reviewer: User) -> str | None:
        """Why ``reviewer`` may not be asked to review ``submission`` (in French), or None."""
        if reviewer.pk not in self.permitted:
            return _("%(person)s n'est pas relecteur.") % {"person": reviewer}
        if self.speaks_in(submission, reviewer):
            return _("%(person)s intervient dans cette proposition et ne peut pas la relire.") % {
                "person": reviewer
            }
        if self.has_conflict(submission, reviewer):
            return _("%(person)s a déclaré un conflit d'intérêts avec « %(title)s ».") % {
                "person": reviewer,
                "title": submission,
            }
        return None
