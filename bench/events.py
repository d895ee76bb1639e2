"""Events at scale: the admin list of submissions, and a reminder sweep."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from unittest import mock

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.common import QueryCounter, Row, page
from events.models import CallForPapers, Event, Review, Submission
from network import reminders
from network.models import OutgoingMail, SentReminder, User
from network.permissions import REVIEWERS

SUBMISSIONS = 2_000
SWEEP_SUBMISSIONS = 100_000
SWEEP_DRAFTS = 10_000  # the recipients: one reminder each
DEMO_EVENT = "journee-etudes-20-ans-reseau-sante-solidarite-lille-metropole"
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


def run() -> list[Row]:
    rows: list[Row] = []
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
    rows.append(page(client, "events list", "/evenements/"))
    rows.append(page(client, "event page (demo study day)", f"/evenements/{DEMO_EVENT}/"))
    rows.append(page(client, "call for papers page (demo)", f"/evenements/{DEMO_EVENT}/appel/"))
    client.force_login(admin)
    rows.append(
        page(
            client,
            f"admin submissions list, {SUBMISSIONS} × 3 reviews",
            "/admin/events/submission/",
            "first page of 100",
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
    with mock.patch("network.mail.schedule_delivery"):
        for label in ("first sweep", "second sweep (all already sent)"):
            started = time.perf_counter()
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                result = reminders.sweep()
            seconds = time.perf_counter() - started
            rows.append(
                (
                    f"reminder {label}, {SWEEP_DRAFTS} recipients among "
                    f"{SWEEP_SUBMISSIONS} submissions",
                    f"{seconds:.1f} s",
                    f"{result.sent} sent, {result.already_sent} skipped, {queries.count} queries",
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
