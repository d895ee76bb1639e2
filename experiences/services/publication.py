"""Publication: the public page of a remarkable response, written without personal data."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from experiences.models import (
    Context,
    OrganisationType,
    ParticipationLevel,
    PublishedExperience,
    Response,
)
from experiences.services.assessment import missing_perspectives
from experiences.services.messages import tell_published
from network.models import User


def _check_publisher(by: User) -> None:
    if not by.has_perm("experiences.publish_publishedexperience"):
        raise PermissionDenied


def prepare_publication(response: Response, *, by: User) -> PublishedExperience:
    """Start the public page of a remarkable response: its approach, not its author.

    Side effects: an unpublished ``PublishedExperience`` (or the existing one), for the
    coordinator to write the summary of.
    """
    _check_publisher(by)
    _check_remarkable(response)
    existing = PublishedExperience.objects.filter(response=response).first()
    if existing:
        return existing
    title = str(response.answer("title") or response.heading)[:300]
    experience = PublishedExperience.objects.create(
        campaign=response.campaign,
        response=response,
        title=title,
        slug=_unique_slug(title),
        summary="",
        organisation_type=_known(response.answer("organisation_type"), OrganisationType),
        level=_known(response.answer("level"), ParticipationLevel),
        territory=str(response.answer("territory") or "")[:200],
        period=str(response.answer("period") or "")[:100],
        commune=response.commune,
        departement=response.departement,
        region=response.region,
    )
    codes = response.answer("contexts")
    experience.contexts.set(Context.objects.filter(code__in=codes or []))
    return experience


def _known(value: object, choices: type[TextChoices]) -> str:
    """A coded answer the public page knows how to show, else "" (for the coordinator)."""
    return str(value) if value in choices.values else ""


def _place_from_structure(experience: PublishedExperience) -> None:
    """An experience whose answer gave no commune takes its structure's."""
    structure = experience.structure
    if experience.departement or structure is None:
        return
    experience.commune = structure.city
    experience.departement = structure.departement
    experience.region = structure.region


def _check_remarkable(response: Response) -> None:
    """Retained, and still with a favourable user and a favourable professional."""
    if not response.remarkable or missing_perspectives(response):
        raise ValidationError(
            _("« %(title)s » n'a pas été retenue comme remarquable.") % {"title": response.heading}
        )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "experience"
    slug, number = base, 1
    while PublishedExperience.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def personal_data_in(experience: PublishedExperience) -> list[str]:
    """The respondent's personal data found in the public texts (it must not be there)."""
    return personal_data_found(
        experience.response, [experience.title, experience.summary, experience.source]
    )


def personal_data_found(response: Response | None, texts: Iterable[str]) -> list[str]:
    """The labels of the respondent's name, address or phone found in ``texts``."""
    if response is None:
        return []
    public = " ".join(texts).casefold()
    found = {
        field
        for field in ("name", "email")
        if len(value := getattr(response, field).strip()) >= 3 and value.casefold() in public
    }
    digits = "".join(ch for ch in response.phone if ch.isdigit())
    if len(digits) >= 6 and digits in "".join(ch for ch in public if ch.isdigit()):
        found.add("phone")
    labels = {"name": _("nom"), "email": _("adresse e-mail"), "phone": _("téléphone")}
    return [labels[field] for field in Response.PERSONAL_FIELDS if field in found]


def publish_experience(experience: PublishedExperience, *, by: User) -> PublishedExperience:
    """Put a summary online. Refused without a summary or with the respondent's name,
    address or phone in it.

    Side effects: ``published`` and ``published_at``; the first time, the respondent is
    told (:func:`tell_published`).
    """
    _check_publisher(by)
    if experience.response is not None:
        _check_remarkable(experience.response)
    if not experience.summary.strip():
        raise ValidationError(
            _("Écrivez le résumé public de « %(title)s » avant de la publier.")
            % {"title": experience.title}
        )
    found = personal_data_in(experience)
    if found:
        raise ValidationError(
            _("Le texte public de « %(title)s » contient des données personnelles (%(fields)s).")
            % {"title": experience.title, "fields": ", ".join(found)}
        )
    experience.published = True
    experience.published_at = experience.published_at or timezone.now()
    _place_from_structure(experience)
    experience.save(update_fields=["published", "published_at", "commune", "departement", "region"])
    tell_published(experience)
    return experience


def unpublish_experience(experience: PublishedExperience, *, by: User) -> PublishedExperience:
    """Take a summary offline (it stays, to be published again).

    Side effects: ``published``.
    """
    _check_publisher(by)
    experience.published = False
    experience.save(update_fields=["published"])
    return experience
