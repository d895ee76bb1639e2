"""What reviewers read (the PDF, the answers shown to them), how they score, and the
comment they write for the authors, which reaches them only after the decision."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from events import services
from events.models import CallForPapers, Question, Submission
from network.models import User
from tests.factories import CallForPapersFactory, pdf_bytes

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def submitted(db: None, speaker_a: User, settings: Any, tmp_path: Path) -> Submission:
    settings.MEDIA_ROOT = tmp_path
    call = CallForPapersFactory()
    call.criteria.create(name="Pertinence", max_score=4)
    shown = call.questions.create(label="Public visé", kind=Question.Kind.TEXT)
    hidden = call.questions.create(
        label="Budget", kind=Question.Kind.TEXT, visible_to_reviewers=False
    )
    submission = services.start_submission(call, by=speaker_a)
    submission.speakers.update(name="Oratrice Alpha")
    services.save_draft(
        submission,
        by=speaker_a,
        changes={
            "title": "La médiation paire",
            "abstract": "Un résumé.",
            "attachment": SimpleUploadedFile("r.pdf", pdf_bytes()),
        },
    )
    services.save_answers(submission, changes={shown.pk: "Usagers", hidden.pk: "Mille euros"})
    submission = services.submit_submission(submission, by=speaker_a)
    CallForPapers.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    submission.refresh_from_db()
    return submission


def test_an_anonymous_reviewer_reads_the_pdf_and_the_answers_shown_to_them(
    client: Client, reviewer: User, submitted: Submission
) -> None:
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    client.force_login(reviewer)

    page = client.get(f"/relecture/{review.pk}/").content.decode()

    assert f'href="/propositions/{submitted.pk}/document.pdf"' in page
    assert "Usagers" in page and "Mille euros" not in page and "Oratrice Alpha" not in page
    assert 'type="radio" name="critere_' in page and 'value="4"' in page
    assert client.get(f"/propositions/{submitted.pk}/document.pdf").status_code == 200


def test_a_reviewer_not_assigned_reads_nothing(
    client: Client, reviewer: User, submitted: Submission
) -> None:
    client.force_login(reviewer)
    assert client.get(f"/propositions/{submitted.pk}/document.pdf").status_code == 404


@pytest.mark.parametrize("sent_with_decision", [True, False])
def test_the_comment_for_the_authors_reaches_them_after_the_decision(
    client: Client,
    speaker_a: User,
    reviewer: User,
    submitted: Submission,
    sent_with_decision: bool,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    CallForPapers.objects.filter(pk=submitted.call_id).update(
        send_author_comments=sent_with_decision
    )
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    client.force_login(reviewer)
    criterion = submitted.call.criteria.get()
    client.post(
        f"/relecture/{review.pk}/",
        {
            f"critere_{criterion.pk}": "3",
            "comment": "Note privée aux organisateurs",
            "author_comment": "Précisez le public visé.",
        },
    )
    client.force_login(speaker_a)
    assert "Précisez le public" not in client.get("/propositions/").content.decode()

    services.stage_decision([submitted], decision=Submission.Decision.REJECT)
    django_mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_decisions(Submission.objects.filter(pk=submitted.pk))

    (message,) = django_mail.outbox
    assert ("Précisez le public visé." in message.body) is sent_with_decision
    assert "Note privée" not in message.body
    page = client.get("/propositions/").content.decode()
    assert "Précisez le public visé." in page and "Note privée" not in page
