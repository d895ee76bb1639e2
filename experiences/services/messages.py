"""Answers that reach their authors: the working group writes to a respondent (who
consented to be contacted again), the respondent answers from their own page, and is told
when their experience is published, with a date to ask for a correction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experiences.models import Message, PublishedExperience, Response
from experiences.services.assessment import is_assessor
from experiences.services.links import mail_about_key, response_link
from network.mail import queue_mail
from network.models import User

CORRECTION_DAYS = 30  # after publication, the respondent may ask for a correction


def may_write(user: User, response: Response) -> bool:
    """The campaign's working group, and those who publish."""
    return is_assessor(user, response.campaign) or user.has_perm(
        "experiences.publish_publishedexperience"
    )


def write_to_respondent(response: Response, *, by: User, kind: str, body: str) -> Message:
    """A message of the working group to the respondent, shown on their page.

    Refused when the person did not consent to be contacted again, or for a draft.
    Side effects: a ``Message``; a mail ``experience_message`` with the personal link.
    """
    if not may_write(by, response):
        raise PermissionDenied
    if kind not in Message.FROM_GROUP:
        raise ValidationError(_("Choisissez la nature du message."))
    if not response.recontact_consent:
        raise ValidationError(
            _(
                "Cette personne n'a pas accepté d'être recontactée : aucun message ne lui "
                "est envoyé."
            )
        )
    if response.state != Response.State.SUBMITTED:
        raise ValidationError(_("Cette réponse n'est pas envoyée : elle n'attend pas de message."))
    with transaction.atomic():
        message = Message.objects.create(response=response, kind=kind, body=body, author=by)
        queue_mail(
            "experience_message",
            to=response.email,
            about=mail_about_key(response),
            context={
                "response": response,
                "campaign": response.campaign,
                "message": message,
                "link": response_link(response),
            },
        )
    return message


def correction_open(experience: PublishedExperience | None) -> bool:
    return bool(
        experience and experience.correction_until and timezone.now() < experience.correction_until
    )


def reply_to_group(response: Response, *, body: str, correction: bool = False) -> Message:
    """The respondent's answer from their page, or their request for a correction of the
    published summary (before its date).

    Side effects: a ``Message``; a mail ``experience_reply`` to the campaign's contact (it
    names the response, not what it says).
    """
    if correction:
        experience = PublishedExperience.objects.filter(response=response, published=True).first()
        if not correction_open(experience):
            raise ValidationError(_("La date pour demander une correction est passée."))
        kind = Message.Kind.CORRECTION
    else:
        if not Message.objects.filter(response=response, kind__in=Message.FROM_GROUP).exists():
            raise ValidationError(_("Le groupe de travail ne vous a pas encore écrit."))
        kind = Message.Kind.REPLY
    with transaction.atomic():
        message = Message.objects.create(response=response, kind=kind, body=body)
        queue_mail(
            "experience_reply",
            to=response.campaign.contact_email,
            about=mail_about_key(response),
            context={"response": response, "campaign": response.campaign, "message": message},
        )
    return message


def tell_published(experience: PublishedExperience) -> None:
    """Tell the respondent their experience is online, with its public summary and the date
    until which they may ask for a correction (the first publication only).

    Side effects: ``correction_until``; a mail ``experience_published``.
    """
    response = experience.response
    if response is None or experience.correction_until is not None:
        return
    experience.correction_until = timezone.now() + datetime.timedelta(days=CORRECTION_DAYS)
    experience.save(update_fields=["correction_until"])
    queue_mail(
        "experience_published",
        to=response.email,
        about=mail_about_key(response),
        context={
            "response": response,
            "experience": experience,
            "campaign": response.campaign,
            "link": response_link(response),
        },
    )
