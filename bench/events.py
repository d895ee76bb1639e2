"""Events at scale: the admin list of submissions, and a reminder sweep."""

from __future__ import annotations

import datetime
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from unittest import mock

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils import timezone

from events.models import CallForPapers, Event, Review, Submission
from network import reminders
from network.models import OutgoingMail, SentReminder, User
from network.permissions import REVIEWERS

Timer = Callable[..., float]


class QueryCounter:
    """Counts every query (Django's own query log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


SUBMISSIONS = 2_000
SWEEP_SUBMISSIONS = 100_000
SWEEP_DRAFTS = 10_000
UNUSABLE = "!"  # an unusable password hash: generated people never log in


def _call(title: str, closes_in: datetime.timedelta) -> CallForPapers:
    event = Event.objects.create(
        title=title,
        slug=title.lower().replace(" ", "-"),
        organiser="Banc d'essai",
        starts_at=timezone.now() + datetime.timedelta(days=90),
    )
    return CallForPapers.objects.create(
        event=event,
        text="Appel",
        contact_email="banc@example.org",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() + closes_in,
    )


def run(timed: Timer) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    owner = User.objects.create_user("orateur@banc.example")
    reviewers = [User.objects.create_user(f"relecteur{n}@banc.example") for n in range(3)]
    Group.objects.get(name=REVIEWERS).user_set.add(*reviewers)
    call = _call("Banc admin", datetime.timedelta(days=30))
    theme = call.themes.create(title="Thème")
    submissions = Submission.objects.bulk_create(
        Submission(
            call=call,
            owner=owner,
            title=f"Proposition {n:04}",
            abstract="Résumé",
            theme=theme,
            state=Submission.State.SUBMITTED,
        )
        for n in range(SUBMISSIONS)
    )
    now = timezone.now()
    Review.objects.bulk_create(
        Review(submission=s, reviewer=r, score=Decimal(n % 5), submitted_at=now)
        for n, s in enumerate(submissions)
        for r in reviewers
    )
    admin = User.objects.create_superuser("admin@banc.example", "x")
    client = Client()
    client.force_login(admin)
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        client.get("/admin/events/submission/")
    listing = timed(lambda: client.get("/admin/events/submission/"))
    rows.append(
        (
            f"admin submissions list, {SUBMISSIONS} × 3 reviews",
            f"{listing:.0f} ms",
            f"{queries.count} queries, first page of 100",
        )
    )

    sweep_call = _call("Banc relances", datetime.timedelta(days=3))
    draft_owners = User.objects.bulk_create(
        User(email=f"brouillon{n}@banc.example", password=UNUSABLE) for n in range(SWEEP_DRAFTS)
    )
    Submission.objects.bulk_create(
        (
            Submission(
                call=sweep_call,
                owner=draft_owners[n] if n < SWEEP_DRAFTS else owner,
                title=f"Brouillon {n}",
                state=Submission.State.DRAFT if n < SWEEP_DRAFTS else Submission.State.SUBMITTED,
            )
            for n in range(SWEEP_SUBMISSIONS)
        ),
        batch_size=5000,
    )
    # Delivery is the outbox's work (one task per mail); the sweep records and queues.
    with mock.patch("network.mail.queue_delivery"):
        for label in ("first sweep", "second sweep (all already sent)"):
            tracemalloc.start()
            started = time.perf_counter()
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                result = reminders.sweep()
            seconds = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append(
                (
                    f"reminder {label}, {SWEEP_SUBMISSIONS} submissions",
                    f"{seconds:.1f} s",
                    f"{result.sent} sent, {result.already_sent} skipped, {queries.count} queries, "
                    f"peak {peak / 2**20:.0f} MiB",
                )
            )
    rows.append(
        (
            "reminders recorded / mails queued",
            f"{SentReminder.objects.count()} / {OutgoingMail.objects.count()}",
            "each exactly once",
        )
    )
    return rows
