"""The events app's reminder sources, registered with the platform's reminder engine."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from events.models import CallForPapers, Submission
from network.reminders import DueReminder, register


@register("submission-drafts")
def unfinished_drafts(now: datetime.datetime) -> Iterator[DueReminder]:
    """Owners of drafts, N days before the call closes (N from the call, 7 and 1 by default).

    Only the nearest offset already reached is due: a speaker who starts a draft the day
    before the deadline gets the one-day reminder, not the seven-day one too.
    """
    calls = CallForPapers.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related(
        "event"
    )
    for call in calls:
        reached = [
            d for d in call.reminder_offsets if now >= call.closes_at - datetime.timedelta(days=d)
        ]
        if not reached:
            continue
        days = min(reached)
        drafts = (
            Submission.objects.filter(call=call, state=Submission.State.DRAFT)
            .select_related("owner")
            .only("pk", "title", "owner__email", "call_id")
            .iterator(chunk_size=2000)
        )
        for submission in drafts:
            yield DueReminder(
                kind=f"submission-draft-{days}d",
                recipient=submission.owner.email,
                object_key=f"events.submission:{submission.pk}",
                deadline=call.closes_at,
                mail="reminder_submission_draft",
                context={"submission": submission, "call": call, "event": call.event, "days": days},
            )
