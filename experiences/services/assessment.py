"""The working group: who may assess, their assessments, and retaining a response as
remarkable (a favourable user and a favourable professional)."""

from __future__ import annotations

from typing import Any, TypeGuard

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from experiences.models import Assessment, Campaign, Response
from network.models import Perspective, User

ASSESS = "experiences.assess_response"


def may_assess(user: Any) -> TypeGuard[User]:
    """Whether ``user`` holds the permission to read and assess responses (working group).

    Cached on the user object by the authentication backend: one query per request."""
    return isinstance(user, User) and user.has_perm(ASSESS)


def is_assessor(user: Any, campaign: Campaign) -> bool:
    """May assess, and is named in the campaign's working group."""
    return (
        may_assess(user) and user.is_active and campaign.working_group.filter(pk=user.pk).exists()
    )


def assessor_candidates() -> QuerySet[User]:
    """The accounts that may be named in a campaign's working group: those whose groups
    give them the permission to assess."""
    app_label, codename = ASSESS.split(".")
    granted = Permission.objects.filter(
        group__user=OuterRef("pk"), codename=codename, content_type__app_label=app_label
    )
    return User.objects.filter(Exists(granted))


def record_assessment(
    response: Response, *, by: User, remarkable: bool, comment: str
) -> Assessment:
    """A working-group member's assessment of a sent response (one per member, updatable).

    Side effects: the assessment row, under the member's current point of view; a response
    retained as remarkable stops being so when this change leaves it without a favourable
    user and a favourable professional.
    """
    if not is_assessor(by, response.campaign):
        raise PermissionDenied
    if response.state != Response.State.SUBMITTED:
        raise ValidationError(_("Seules les réponses envoyées peuvent recevoir un avis."))
    if not by.perspective:
        raise ValidationError(
            _(
                "Votre point de vue (usager ou professionnel) n'est pas renseigné : "
                "demandez à la coordination de le compléter avant de donner un avis."
            )
        )
    assessment, _created = Assessment.objects.update_or_create(
        response=response,
        member=by,
        defaults={"perspective": by.perspective, "remarkable": remarkable, "comment": comment},
    )
    if response.remarkable and missing_perspectives(Response.objects.get(pk=response.pk)):
        response.remarkable = False
        response.remarkable_at = None
        response.save(update_fields=["remarkable", "remarkable_at", "updated_at"])
    return assessment


def missing_perspectives(response: Response) -> list[str]:
    """The points of view that have not yet assessed the response favourably."""
    favourable = {a.perspective for a in response.assessments.all() if a.remarkable}
    return [str(p.label) for p in Perspective if p not in favourable]


def mark_remarkable(response: Response, *, by: User) -> Response:
    """Retain a response as remarkable: only with a favourable assessment from at least one
    user member and one professional member (the group works in equal parts).

    Side effects: ``remarkable`` and ``remarkable_at``.
    """
    if not (is_assessor(by, response.campaign) or by.has_perm("experiences.change_response")):
        raise PermissionDenied
    missing = missing_perspectives(response)
    if missing:
        raise ValidationError(
            _(
                "« %(title)s » ne peut pas encore être retenue : il manque un avis favorable "
                "d'un membre « %(missing)s »."
            )
            % {"title": response.heading, "missing": " », « ".join(missing)}
        )
    response.remarkable = True
    response.remarkable_at = response.remarkable_at or timezone.now()
    response.save(update_fields=["remarkable", "remarkable_at", "updated_at"])
    return response
