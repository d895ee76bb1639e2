"""The events app's reminder sources, registered with the platform's reminder engine."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from events.models import CallForPapers, Registration, Review, Submission
from network.reminders import DueReminder, reminder_source


@reminder_source("submission-drafts")
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


REVIEW_REMINDER_DAYS = 3
CONFIRMATION_REMINDER_DAYS = 3


@reminder_source("missing-reviews")
def missing_reviews(now: datetime.datetime) -> Iterator[DueReminder]:
    """Reviewers with reviews still to do, three days before the review deadline."""
    reviews = (
        Review.objects.filter(
            submitted_at__isnull=True,
            submission__state=Submission.State.SUBMITTED,
            submission__call__review_deadline__gt=now,
            submission__call__review_deadline__lte=now
            + datetime.timedelta(days=REVIEW_REMINDER_DAYS),
        )
        .select_related("reviewer", "submission__call__event")
        .iterator(chunk_size=2000)
    )
    for review in reviews:
        call = review.submission.call
        yield DueReminder(
            kind="review-missing",
            recipient=review.reviewer.email,
            object_key=f"events.review:{review.pk}",
            deadline=call.review_deadline,  # type: ignore[arg-type]  # filtered on above
            mail="reminder_review",
            context={"review": review, "call": call, "event": call.event},
        )


@reminder_source("unconfirmed-speakers")
def unconfirmed_speakers(now: datetime.datetime) -> Iterator[DueReminder]:
    """Accepted speakers who have not confirmed, three days before the confirmation deadline."""
    submissions = (
        Submission.objects.filter(
            state=Submission.State.ACCEPTED,
            call__confirmation_deadline__gt=now,
            call__confirmation_deadline__lte=now
            + datetime.timedelta(days=CONFIRMATION_REMINDER_DAYS),
        )
        .select_related("owner", "call__event")
        .iterator(chunk_size=2000)
    )
    for submission in submissions:
        call = submission.call
        yield DueReminder(
            kind="speaker-unconfirmed",
            recipient=submission.owner.email,
            object_key=f"events.submission:{submission.pk}",
            deadline=call.confirmation_deadline,  # type: ignore[arg-type]  # filtered on above
            mail="reminder_confirmation",
            context={"submission": submission, "call": call, "event": call.event},
        )


@reminder_source("event-tomorrow")
def event_tomorrow(now: datetime.datetime) -> Iterator[DueReminder]:
    """Registrants, the day before the event (from 24 hours before it starts)."""
    registrations = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__published=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + datetime.timedelta(days=1),
        )
        .select_related("event")
        .iterator(chunk_size=2000)
    )
    for registration in registrations:
        event = registration.event
        yield DueReminder(
            kind="event-tomorrow",
            recipient=registration.email,
            object_key=f"events.registration:{registration.pk}",
            deadline=event.starts_at,  # type: ignore[arg-type]  # filtered on above
            mail="reminder_event",
            context={"registration": registration, "event": event},
        )
