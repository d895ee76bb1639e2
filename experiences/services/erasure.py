"""Erasure of the respondents' personal data: on their request, on the coordination's, and at
the end of the retention period."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from experiences.models import Campaign, ErasureLog, PublishedExperience, Response
from experiences.services.links import mail_about_key
from experiences.services.questionnaire import delete_file_on_commit
from network.models import OutgoingMail, SentReminder, User

logger = logging.getLogger(__name__)

# Mails not keyed to one response (``about``): the links to all of an address's responses,
# and those sent before mails were keyed. Reminders are found through their record.
UNKEYED_MAILS = ["experience_links", "experience_link", "experience_submitted"]


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
            delete_file_on_commit(attachment)
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


def erase_expired(*, now: datetime.datetime | None = None) -> int:
    """Erase the responses of every campaign past its retention period; return how many.

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
