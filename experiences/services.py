"""Every write of the experiences app with business meaning.

Respondents have no account: their response is reached through a signed link that
expires (:func:`response_link`); anybody can ask for fresh links for an address, and the
answer never tells whether that address has answered (:func:`send_links`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from experiences.models import (
    Assessment,
    Campaign,
    Context,
    ErasureLog,
    PublishedExperience,
    Response,
    ResponseAttachment,
)
from network.mail import queue_mail
from network.models import OutgoingMail, Perspective, SentReminder, User
from network.permissions import WORKING_GROUP
from network.ratelimit import allow

logger = logging.getLogger(__name__)

LINK_SALT = "experiences.response-link"
LINK_MAX_AGE = datetime.timedelta(days=30)
# Mails not keyed to one response (``about``): the links to all of an address's responses,
# and those sent before mails were keyed. Reminders are found through their record.
UNKEYED_MAILS = ["experience_links", "experience_link", "experience_submitted"]
LINK_MAILS_PER_HOUR = 5  # per address: the public form cannot be used to flood a mailbox


class LinkExpired(Exception):
    """The link was genuine but is too old: the respondent can ask for a new one (for
    ``campaign``, when its response still exists)."""

    def __init__(self, campaign: Campaign | None) -> None:
        super().__init__()
        self.campaign = campaign


# --- Links ---------------------------------------------------------------------------------------


def response_token(response: Response) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"r": response.pk, "s": response.secret}
    )


def response_link(response: Response) -> str:
    return settings.SITE_URL + reverse("response-edit", kwargs={"token": response_token(response)})


def response_from_token(token: str) -> Response:
    """The response a link opens. Raises ``Response.DoesNotExist`` for a forged, altered
    or erased one, :class:`LinkExpired` for a genuine one past its age."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        payload = signer.unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        try:  # genuine, only too old
            expired = _response_of(signer.unsign_object(token))
        except Response.DoesNotExist:
            raise LinkExpired(None) from error
        raise LinkExpired(expired.campaign) from error
    except (signing.BadSignature, ValueError) as error:
        raise Response.DoesNotExist from error
    return _response_of(payload)


def _response_of(payload: Any) -> Response:
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        raise Response.DoesNotExist
    return Response.objects.select_related("campaign", "notice").get(
        pk=payload["r"], secret=str(payload.get("s"))
    )


def send_links(campaign: Campaign, *, email: str) -> int:
    """Mail a fresh link to each response of ``email`` in ``campaign``.

    The caller shows the same message whatever this returns.
    Side effects: one ``experience_links`` mail when the address has responses.
    """
    responses = list(campaign.responses.filter(email__iexact=email.strip()).order_by("pk"))
    if responses:
        queue_mail(
            "experience_links",
            to=responses[0].email,
            context={
                "campaign": campaign,
                "links": [(response, response_link(response)) for response in responses],
            },
        )
    return len(responses)


# --- The questionnaire ---------------------------------------------------------------------------


def _check_open(campaign: Campaign) -> None:
    if campaign.published and timezone.now() < campaign.opens_at:
        raise ValidationError(_("La campagne n'est pas encore ouverte aux réponses."))
    if not campaign.is_open():
        raise ValidationError(
            _("La campagne est close : les réponses ne peuvent plus être modifiées.")
        )


def save_response(
    campaign: Campaign,
    *,
    response: Response | None,
    changes: Mapping[str, Any],
    contexts: Iterable[Context] | None = None,
    new_attachments: Sequence[tuple[UploadedFile, str]] = (),
    removed_attachments: Iterable[int] = (),
) -> Response:
    """Create or update a response while its campaign is open, under the current notice.

    Side effects: the row, its contexts and attachments; for a new response, a mail with
    its personal link (after commit).
    """
    _check_open(campaign)
    notice = campaign.current_notice()
    if notice is None:
        raise ValidationError(_("Cette campagne n'a pas encore de notice d'information."))
    created = response is None
    if response is None:
        response = Response(campaign=campaign)
    # A form may already have set the new answers on the instance: compare with the database.
    consent_before = (
        Response.objects.filter(pk=response.pk).values_list("recontact_consent", flat=True).first()
        if response.pk
        else False
    )
    for field, value in changes.items():
        setattr(response, field, value)
    response.notice = notice
    if response.recontact_consent and not consent_before:
        response.recontact_consent_at = timezone.now()
    elif not response.recontact_consent:
        response.recontact_consent_at = None
    with transaction.atomic():
        response.save()
        if contexts is not None:
            response.contexts.set(contexts)
        _remove_attachments(response, removed_attachments)
        for upload, content_type in new_attachments:
            ResponseAttachment.objects.create(
                response=response,
                file=upload,
                name=(upload.name or "document")[:200],
                content_type=content_type,
                size=upload.size or 0,
            )
        if created and allow(
            "experience-link-mail", response.email.lower(), limit=LINK_MAILS_PER_HOUR, window=3600
        ):
            queue_mail(
                "experience_link",
                to=response.email,
                about=mail_about_key(response),
                context={
                    "response": response,
                    "campaign": campaign,
                    "link": response_link(response),
                },
            )
    return response


def _remove_attachments(response: Response, ids: Iterable[int]) -> None:
    for attachment in response.attachments.filter(pk__in=list(ids)):
        _delete_file_on_commit(attachment)
        attachment.delete()


def _delete_file_on_commit(attachment: ResponseAttachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def missing_fields(response: Response) -> list[str]:
    """Fields a response needs before it can be sent."""
    missing = []
    for field in Response.REQUIRED_TO_SUBMIT:
        if field == "contexts":
            empty = response.pk is None or not response.contexts.exists()
        else:
            empty = not getattr(response, field)
        if empty:
            missing.append(field)
    if response.organisation_type == "autre" and not response.organisation_type_other:
        missing.append("organisation_type_other")
    return missing


def submit_response(response: Response) -> Response:
    """Send a complete response to the working group.

    Side effects: state, ``submitted_at``; an acknowledgement mail with the personal link.
    """
    _check_open(response.campaign)
    missing = missing_fields(response)
    if missing:
        raise ValidationError(
            {
                field: _("Ce champ est nécessaire pour envoyer votre expérience.")
                for field in missing
            }
        )
    first_time = response.state == Response.State.DRAFT
    response.state = Response.State.SUBMITTED
    response.submitted_at = response.submitted_at or timezone.now()
    response.save(update_fields=["state", "submitted_at", "updated_at"])
    if first_time:
        queue_mail(
            "experience_submitted",
            to=response.email,
            about=mail_about_key(response),
            context={
                "response": response,
                "campaign": response.campaign,
                "link": response_link(response),
            },
        )
    return response


def personal_data(response: Response) -> dict[str, Any]:
    """Everything the respondent gave, for the download of their data (JSON)."""
    return {
        "reference": response.reference,
        "campagne": response.campaign.title,
        "etat": response.get_state_display(),
        "commencee_le": response.created_at.isoformat(),
        "modifiee_le": response.updated_at.isoformat(),
        "envoyee_le": response.submitted_at.isoformat() if response.submitted_at else None,
        "notice_information_version": response.notice.version,
        "vous": {
            "nom": response.name,
            "email": response.email,
            "telephone": response.phone,
            "organisation": response.organisation,
            "type_organisation": response.organisation_type_label(),
            "role": response.role,
        },
        "demarche": {
            "titre": response.title,
            "contextes": [context.name for context in response.contexts.all()],
            "secteurs": response.sector_labels(),
            "territoire": response.territory,
            "periode": response.period,
            "niveau_participation": response.get_level_display(),
            "participants": response.participant_labels(),
            "ce_qui_a_ete_fait": response.actions,
            "ce_que_cela_a_change": response.changes,
            "difficultes": response.difficulties,
            "conditions_qui_ont_aide": response.success_factors,
            "liens": response.links_list(),
            "pieces_jointes": [
                {"nom": attachment.name, "type": attachment.content_type, "octets": attachment.size}
                for attachment in response.attachments.all()
            ],
        },
        "accord_pour_etre_recontacte": response.recontact_consent,
        "accord_donne_le": (
            response.recontact_consent_at.isoformat() if response.recontact_consent_at else None
        ),
    }


# --- Erasure -------------------------------------------------------------------------------------


def erase_response(
    response: Response, *, reason: ErasureLog.Reason, by: User | None = None
) -> ErasureLog:
    """Erase a response and everything that holds its personal data, at once.

    What goes: the response, its contexts, attachments (files too, after commit),
    assessments, reminders and this app's mails about it, whatever address they went to,
    with the mails of links to its address. What stays: a published summary (written
    without personal data) and one log row that holds none of it.
    """
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        attachments = list(response.attachments.all())
        for attachment in attachments:
            _delete_file_on_commit(attachment)
        key = mail_about_key(response)
        about = OutgoingMail.objects.filter(
            Q(about=key)
            | Q(reminders__object_key=key)
            # Mails of links to every response of an address, and mails from before ``about``.
            | Q(about="", to__iexact=response.email, template__in=UNKEYED_MAILS)
        )
        mail_ids = set(about.values_list("pk", flat=True))
        SentReminder.objects.filter(object_key=key).delete()
        mails, _counts = OutgoingMail.objects.filter(pk__in=mail_ids).delete()
        kept = PublishedExperience.objects.filter(response=response).exists()
        log = ErasureLog.objects.create(
            campaign_id=response.campaign_id,
            reference=response.reference,
            reason=reason,
            erased_by=by,
            attachments=len(attachments),
            mails=mails,
            kept_publication=kept,
        )
        response.delete()
    logger.info("erased %s (%s)", log.reference, reason)
    return log


def mail_about_key(response: Response) -> str:
    return f"experiences.response:{response.pk}"


def erase_expired(now: datetime.datetime | None = None) -> int:
    """Erase the responses of every campaign past its retention period.

    Side effects: see :func:`erase_response`, once per response.
    """
    now = now or timezone.now()
    erased = 0
    for campaign in Campaign.objects.filter(closes_at__lt=now):
        if campaign.erase_at > now:
            continue
        for response in campaign.responses.only("pk").iterator(chunk_size=500):
            erase_response(response, reason=ErasureLog.Reason.RETENTION)
            erased += 1
    return erased


# --- The working group ---------------------------------------------------------------------------


def is_assessor(user: Any, campaign: Campaign) -> bool:
    """A member of the group « Groupe de travail » named in the campaign's working group."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.groups.filter(name=WORKING_GROUP).exists()
        and campaign.working_group.filter(pk=user.pk).exists()
    )


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
            % {"title": response.title, "missing": " », « ".join(missing)}
        )
    response.remarkable = True
    response.remarkable_at = response.remarkable_at or timezone.now()
    response.save(update_fields=["remarkable", "remarkable_at", "updated_at"])
    return response


# --- Publication ---------------------------------------------------------------------------------


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
    experience = PublishedExperience.objects.create(
        campaign=response.campaign,
        response=response,
        title=response.title,
        slug=_unique_slug(response.title),
        summary="",
        organisation_type=response.organisation_type,
        level=response.level,
        territory=response.territory,
        period=response.period,
    )
    experience.contexts.set(response.contexts.all())
    return experience


def _check_remarkable(response: Response) -> None:
    """Retained, and still with a favourable user and a favourable professional."""
    if not response.remarkable or missing_perspectives(response):
        raise ValidationError(
            _("« %(title)s » n'a pas été retenue comme remarquable.") % {"title": response.title}
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

    Side effects: ``published`` and ``published_at``.
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
    experience.save(update_fields=["published", "published_at"])
    return experience


def unpublish_experience(experience: PublishedExperience, *, by: User) -> PublishedExperience:
    _check_publisher(by)
    experience.published = False
    experience.save(update_fields=["published"])
    return experience
