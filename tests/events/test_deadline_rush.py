"""The last seconds before a call's deadline and the first ones after it, with speakers
submitting at the same moment: before, every proposal is kept; after, every one is
refused with the French message; across the deadline, each answer tells the truth about
what the database holds. None lost, none accepted late.

Each speaker posts the real form from a thread of their own (a connection each, as under
gunicorn); the deadline is the real clock's.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from events import services
from events.models import CallForPapers, Submission
from network.models import User
from tests.conftest import needs_services
from tests.factories import CallForPapersFactory, UserFactory

SPEAKERS = 15  # per wave
REFUSAL = "est clos depuis le"


@dataclass
class Answer:
    submission: Submission
    status: int
    body: str
    sent_at: datetime.datetime


def complete_draft(call: CallForPapers, number: int) -> Submission:
    speaker = UserFactory(email=f"oratrice{number}@example.org")
    submission = services.start_submission(call, by=speaker)
    return services.save_draft(
        submission,
        by=speaker,
        changes={
            "title": f"Proposition n° {number}",
            "abstract": "La pair-aidance à l'hôpital, racontée par celles qui la font.",
            "theme": call.themes.get(),
            "contribution_kind": call.contribution_kinds.get(),
        },
    )


def submit_form(submission: Submission) -> dict[str, Any]:
    speaker = submission.speakers.get()
    return {
        "action": "submit",
        "title": submission.title,
        "abstract": submission.abstract + " Dernière relecture.",
        "theme": submission.theme_id,
        "contribution_kind": submission.contribution_kind_id,
        "note": "",
        "intervenants-TOTAL_FORMS": "1",
        "intervenants-INITIAL_FORMS": "1",
        "intervenants-MIN_NUM_FORMS": "1",
        "intervenants-MAX_NUM_FORMS": "8",
        "intervenants-0-id": speaker.pk,
        "intervenants-0-name": speaker.name or f"Oratrice {submission.pk}",  # never the email
        "intervenants-0-email": speaker.email,
    }


def wave(drafts: list[Submission], *, at: datetime.datetime, every: float = 0.0) -> list[Answer]:
    """The speakers of ``drafts`` press "Envoyer" from the instant ``at``, one every
    ``every`` seconds (all together by default)."""
    forms = {draft.pk: submit_form(draft) for draft in drafts}
    owners = {draft.pk: User.objects.get(pk=draft.owner_id) for draft in drafts}
    answers: list[Answer] = []
    lock = threading.Lock()
    start = threading.Barrier(len(drafts))

    def speaker(draft: Submission, moment: datetime.datetime) -> None:
        try:
            client = Client(raise_request_exception=False)
            client.force_login(owners[draft.pk])
            start.wait()
            time.sleep(max(0.0, (moment - timezone.now()).total_seconds()))
            sent_at = timezone.now()
            response = client.post(draft.get_absolute_url(), forms[draft.pk])
            with lock:
                answers.append(
                    Answer(draft, response.status_code, response.content.decode(), sent_at)
                )
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=speaker, args=(draft, at + datetime.timedelta(seconds=every * number))
        )
        for number, draft in enumerate(drafts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == len(drafts)
    return answers


@pytest.fixture
def call(transactional_db: None) -> Iterator[CallForPapers]:
    call = CallForPapersFactory()
    call.themes.create(title="Pair-aidance")
    call.contribution_kinds.create(name="Actions concrètes")
    yield call


def assert_kept(answer: Answer, call: CallForPapers) -> None:
    submission = Submission.objects.get(pk=answer.submission.pk)
    assert answer.status == 302, answer.body[:300]
    assert submission.state == Submission.State.SUBMITTED
    assert submission.submitted_at is not None and submission.submitted_at <= call.closes_at
    assert submission.abstract.endswith("Dernière relecture.")


def assert_refused(answer: Answer) -> None:
    submission = Submission.objects.get(pk=answer.submission.pk)
    assert answer.status == 400
    assert REFUSAL in answer.body  # the French message, on the form…
    assert "Dernière relecture." in answer.body  # …which still holds what they typed
    assert submission.state == Submission.State.DRAFT
    assert submission.submitted_at is None


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_proposals_sent_in_the_last_seconds_are_all_kept_and_those_after_all_refused(
    call: CallForPapers,
) -> None:
    drafts = [complete_draft(call, number) for number in range(3 * SPEAKERS)]
    before, across, after = (drafts[n * SPEAKERS : (n + 1) * SPEAKERS] for n in range(3))
    deadline = timezone.now() + datetime.timedelta(seconds=3)
    CallForPapers.objects.filter(pk=call.pk).update(closes_at=deadline)
    call.refresh_from_db()

    last_seconds = wave(before, at=timezone.now())
    at_the_deadline = wave(across, at=deadline - datetime.timedelta(milliseconds=500), every=0.06)
    just_after = wave(after, at=deadline + datetime.timedelta(milliseconds=200))

    assert all(answer.sent_at < deadline for answer in last_seconds)
    for answer in last_seconds:
        assert_kept(answer, call)
    for answer in at_the_deadline:  # the answer each speaker got is what the database holds
        if answer.status == 302:
            assert_kept(answer, call)
        else:
            assert_refused(answer)
    assert all(answer.sent_at > deadline for answer in just_after)
    for answer in just_after:
        assert_refused(answer)
    kept = Submission.objects.filter(call=call, state=Submission.State.SUBMITTED)
    assert kept.filter(submitted_at__gt=deadline).count() == 0
    assert kept.count() == SPEAKERS + sum(a.status == 302 for a in at_the_deadline)
    assert Submission.objects.filter(call=call).count() == 3 * SPEAKERS  # nothing lost
    print(
        f"\n[deadline] {len(last_seconds)} kept before, at the deadline "
        f"{sum(a.status == 302 for a in at_the_deadline)} kept / "
        f"{sum(a.status == 400 for a in at_the_deadline)} refused, "
        f"{len(just_after)} refused after"
    )
