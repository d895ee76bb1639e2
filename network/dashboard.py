"""The figures of the admin's home page: what the coordination has to look at today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from network.models import OutgoingMail


@dataclass
class Dashboard:
    open_calls: list[dict[str, Any]] = field(default_factory=list)
    reviews_missing: int = 0
    upcoming_events: list[dict[str, Any]] = field(default_factory=list)
    responses_awaiting: int = 0
    dossier: dict[str, Any] | None = None
    mail_failed: int = 0
    mail_late: int = 0


# A mail still queued this long after it was written: the worker, the broker or the SMTP
# server is down (a transient failure is retried sooner: MAIL_RETRY_SECONDS, doubling).
MAIL_LATE = timedelta(hours=2)


def gather_dashboard() -> Dashboard:
    """Open calls with their proposals counted by state, reviews not yet given, registrations
    per upcoming event, experience responses no working-group member has read yet, the
    press dossier's state, and the mails that failed or are late leaving.

    Side effects: seven read-only queries, whatever the number of calls, events or mails."""
    from events.models import CallForPapers, Event, Registration, Review, Submission
    from experiences.models import Response
    from structures.models import PressDossier

    now = timezone.now()
    calls = list(
        CallForPapers.objects.filter(opens_at__lte=now, closes_at__gte=now)
        .select_related("event")
        .order_by("closes_at")
    )
    labels = dict(Submission.State.choices)
    counts: dict[int, dict[str, int]] = {call.pk: {} for call in calls}
    by_state = (
        Submission.objects.filter(call__in=[call.pk for call in calls])
        .values_list("call_id", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for call_id, state, count in by_state:
        counts[call_id][state] = count
    open_calls = [
        {
            "call": call,
            "states": [
                {"label": labels[state], "count": counts[call.pk][state]}
                for state in labels
                if counts[call.pk].get(state)
            ],
        }
        for call in calls
    ]
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    waiting = Q(registrations__status=Registration.Status.WAITING)
    events: list[Any] = list(
        Event.objects.filter(starts_at__gte=now)
        .annotate(
            confirmed=Count("registrations", filter=confirmed),
            waiting=Count("registrations", filter=waiting),
        )
        .order_by("starts_at")[:10]
    )
    dossier = PressDossier.objects.order_by("-edition", "-pk").first()
    unsent = (OutgoingMail.Status.FAILED, OutgoingMail.Status.QUEUED)  # by the status index
    mail = OutgoingMail.objects.filter(status__in=unsent).aggregate(
        failed=Count("pk", filter=Q(status=OutgoingMail.Status.FAILED)),
        late=Count(
            "pk",
            filter=Q(status=OutgoingMail.Status.QUEUED, created_at__lt=now - MAIL_LATE),
        ),
    )
    return Dashboard(
        mail_failed=mail["failed"],
        mail_late=mail["late"],
        open_calls=open_calls,
        reviews_missing=Review.objects.filter(submitted_at__isnull=True).count(),
        upcoming_events=[
            {"event": e, "confirmed": e.confirmed, "waiting": e.waiting} for e in events
        ],
        responses_awaiting=Response.objects.filter(
            state=Response.State.SUBMITTED, assessments__isnull=True
        ).count(),
        dossier=None
        if dossier is None
        else {
            "dossier": dossier,
            "status": dossier.get_status_display(),
            "progress": dossier.progress,
            "ready": bool(dossier.file),
            "rendered_at": dossier.rendered_at,
        },
    )
