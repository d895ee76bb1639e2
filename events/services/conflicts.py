"""Conflicts of interest reviewers declare, and the check every assignment goes through."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from events.models import ConflictOfInterest, Submission
from events.services.eligibility import Eligibility
from network.models import User
from structures.models import Structure


def has_conflict(submission: Submission, reviewer: User) -> bool:
    """Whether ``reviewer`` declared a conflict with a speaker of ``submission`` (by email)
    or with a speaker's structure (by its name, as the speaker typed it)."""
    return Eligibility([submission], [reviewer]).has_conflict(submission, reviewer)


def declare_conflict(
    *, reviewer: User, person_email: str = "", structure: Structure | None = None, reason: str = ""
) -> ConflictOfInterest:
    """Side effects: one ConflictOfInterest row (none twice for the same person/structure)."""
    if not person_email and structure is None:
        raise ValidationError(_("Indiquez une personne (son adresse e-mail) ou une structure."))
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer,
        person_email=person_email.strip().lower(),
        structure=structure,
        defaults={"reason": reason},
    )
    return conflict


def withdraw_conflict(*, reviewer: User, pk: int) -> None:
    """Side effects: the reviewer's own declaration deleted (another's is left alone)."""
    ConflictOfInterest.objects.filter(reviewer=reviewer, pk=pk).delete()
