"""Automatic reviewer assignment at scale: 2,000 proposals, 60 reviewers, paired review;
and the admin list of proposals with custom questions answered."""

from __future__ import annotations

import datetime
import statistics
import time

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.common import QueryCounter, Row, page
from events import services
from events.models import Answer, CallForPapers, Event, Question, Submission, SubmissionSpeaker
from network.models import Perspective, User
from network.permissions import REVIEWERS

PROPOSALS = 2_000
REVIEWER_COUNT = 60
PER_PROPOSAL = 3
UNUSABLE = "!"  # an unusable password hash: generated people never log in


def _call() -> CallForPapers:
    event = Event.objects.create(
        title="Banc répartition",
        slug="banc-repartition",
        organiser="Banc d'essai",
        starts_at=timezone.now() + datetime.timedelta(days=90),
    )
    return CallForPapers.objects.create(
        event=event,
        text="Appel",
        contact_email="banc@example.org",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
        paired_review=True,
    )


def run() -> list[Row]:
    call = _call()
    reviewers = [
        User.objects.create_user(
            f"repartition{n}@banc.example",
            perspective=Perspective.LIVED_EXPERIENCE if n % 3 == 0 else Perspective.PROFESSIONAL,
        )
        for n in range(REVIEWER_COUNT)
    ]
    Group.objects.get(name=REVIEWERS).user_set.add(*reviewers)
    owners = User.objects.bulk_create(
        User(email=f"auteur{n}@banc.example", password=UNUSABLE) for n in range(PROPOSALS)
    )
    submissions = Submission.objects.bulk_create(
        Submission(call=call, owner=owner, title=f"P{n:04}", state=Submission.State.SUBMITTED)
        for n, owner in enumerate(owners)
    )
    SubmissionSpeaker.objects.bulk_create(
        SubmissionSpeaker(submission=s, user=s.owner, name=s.title, email=s.owner.email)
        for s in submissions
    )
    # a speaker who also reviews, and a few declared conflicts
    SubmissionSpeaker.objects.create(
        submission=submissions[0], name="R0", email=reviewers[0].email, position=1
    )
    for reviewer in reviewers[:10]:
        services.declare_conflict(
            reviewer=reviewer, person_email=owners[reviewers.index(reviewer)].email
        )
    proposals = list(Submission.objects.filter(call=call).select_related("call"))

    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        plan = services.plan_automatic(proposals, reviewers=reviewers, per_submission=PER_PROPOSAL)
    planned = (time.perf_counter() - started) * 1000
    load = list(plan.load().values())
    rows: list[Row] = [
        (
            f"automatic assignment plan, {PROPOSALS} proposals × {REVIEWER_COUNT} reviewers, "
            f"{PER_PROPOSAL} each, paired",
            f"{planned:.0f} ms",
            f"{queries.count} queries; load per reviewer {min(load)}–{max(load)} "
            f"(σ {statistics.pstdev(load):.1f}); {len(plan.shortfalls)} shortfalls",
        )
    ]
    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        services.apply_plan(plan)
    rows.append(
        (
            f"applying it ({len(plan.pairs)} reviews, checked and saved in bulk)",
            f"{(time.perf_counter() - started) * 1000:.0f} ms",
            f"{queries.count} queries",
        )
    )
    questions = [
        call.questions.create(label=f"Question {n}", kind=Question.Kind.TEXT, position=n)
        for n in range(5)
    ]
    Answer.objects.bulk_create(
        Answer(question=q, submission=s, value="Réponse") for s in proposals for q in questions
    )
    client = Client()
    client.force_login(User.objects.create_superuser("admin-repartition@banc.example", "x"))
    rows.append(
        page(
            client,
            f"admin submissions list with 5 questions answered, {PROPOSALS} proposals",
            f"/admin/events/submission/?call__id__exact={call.pk}",
            "first page of 100",
        )
    )
    return rows
