"""The experiences app's reminder sources, registered with the platform's reminder engine."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from experiences.models import Campaign, Response
from experiences.services.links import mail_about_key, response_link
from network.reminders import DueReminder, reminder_source

ERASURE_WARNING_DAYS = 30


@reminder_source("experience-drafts")
def unfinished_drafts(now: datetime.datetime) -> Iterator[DueReminder]:
    """Respondents whose draft is unfinished, N days before closing (7 and 1 by default).

    Only the nearest offset already reached is due, as for the calls for papers.
    """
    for campaign in Campaign.objects.open(now):
        reached = [
            d
            for d in campaign.reminder_offsets
            if now >= campaign.closes_at - datetime.timedelta(days=d)
        ]
        if not reached:
            continue
        days = min(reached)
        drafts = (
            Response.objects.filter(campaign=campaign, state=Response.State.DRAFT)
            .only("pk", "secret", "answers", "name", "email", "campaign_id")
            .iterator(chunk_size=2000)
        )
        for response in drafts:
            yield DueReminder(
                kind=f"experience-draft-{days}d",
                recipient=response.email,
                object_key=mail_about_key(response),
                deadline=campaign.closes_at,
                mail="experience_reminder_draft",
                context={
                    "response": response,
                    "campaign": campaign,
                    "days": days,
                    "link": response_link(response),
                },
            )


@reminder_source("experience-erasure-warning")
def erasure_warnings(now: datetime.datetime) -> Iterator[DueReminder]:
    """Every respondent, a month before their personal data is erased: a last chance to
    download it."""
    campaigns = Campaign.objects.filter(closes_at__lt=now)
    for campaign in campaigns:
        erase_at = campaign.erase_at
        if not (erase_at - datetime.timedelta(days=ERASURE_WARNING_DAYS) <= now < erase_at):
            continue
        responses = (
            Response.objects.filter(campaign=campaign)
            .only("pk", "secret", "answers", "name", "email", "campaign_id")
            .iterator(chunk_size=2000)
        )
        for response in responses:
            yield DueReminder(
                kind="experience-erasure-warning",
                recipient=response.email,
                object_key=mail_about_key(response),
                deadline=erase_at,
                mail="experience_erasure_warning",
                context={
                    "response": response,
                    "campaign": campaign,
                    "erase_at": erase_at,
                    "link": response_link(response),
                },
            )
