"""The reminder engine: relances before deadlines, each sent exactly once."""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.test import Client
from django.utils import timezone

from events import services
from network import mail, reminders
from network.models import OutgoingMail, SentReminder, User
from tests.factories import CallForPapersFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def closing_in_three_days(db: None) -> Any:
    return CallForPapersFactory(closes_at=timezone.now() + datetime.timedelta(days=3))


def draft_for(call: Any, email: str) -> Any:
    submission = services.start_submission(call, by=UserFactory(email=email))
    services.save_draft(submission, by=submission.owner, changes={"title": "Mon brouillon"})
    return submission


def test_draft_owners_are_reminded_once_before_the_call_closes(
    closing_in_three_days: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    draft_for(closing_in_three_days, "brouillon@example.org")
    sent = services.start_submission(closing_in_three_days, by=UserFactory(email="ok@example.org"))
    sent.state = "submitted"
    sent.save(update_fields=["state"])

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.sweep()
        second = reminders.sweep()

    assert (first.sent, second.sent, second.already_sent) == (1, 0, 1)
    (message,) = django_mail.outbox
    assert message.to == ["brouillon@example.org"]
    assert message.subject == "Plus que 7 jours pour envoyer votre proposition"
    assert "Mon brouillon" in message.body
    reminder = SentReminder.objects.get()
    assert reminder.kind == "submission-draft-7d"
    assert reminder.mail is not None and reminder.mail.status == OutgoingMail.Status.SENT


def test_the_one_day_reminder_follows_the_seven_day_one(closing_in_three_days: Any) -> None:
    draft_for(closing_in_three_days, "brouillon@example.org")
    reminders.sweep()

    later = closing_in_three_days.closes_at - datetime.timedelta(hours=12)
    reminders.sweep(now=later)
    reminders.sweep(now=later)

    assert sorted(SentReminder.objects.values_list("kind", flat=True)) == [
        "submission-draft-1d",
        "submission-draft-7d",
    ]


def test_nothing_is_sent_when_no_offset_is_reached_or_the_call_is_closed(db: None) -> None:
    far = CallForPapersFactory(closes_at=timezone.now() + datetime.timedelta(days=30))
    closed = CallForPapersFactory(
        opens_at=timezone.now() - datetime.timedelta(days=20),
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    draft_for(far, "loin@example.org")
    draft_for(closed, "clos@example.org")

    after_closing = closed.closes_at + datetime.timedelta(minutes=1)
    assert reminders.sweep(now=after_closing).sent == 0


def test_the_offsets_are_editable_per_call(db: None) -> None:
    call = CallForPapersFactory(
        closes_at=timezone.now() + datetime.timedelta(days=10), reminder_days="14,3"
    )
    draft_for(call, "a@example.org")

    reminders.sweep()

    assert SentReminder.objects.get().kind == "submission-draft-14d"


def test_a_failing_smtp_server_delays_the_reminder_but_never_doubles_it(
    closing_in_three_days: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    draft_for(closing_in_three_days, "brouillon@example.org")
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=smtplib.SMTPServerDisconnected("connexion perdue"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.sweep()
    row = OutgoingMail.objects.get()
    assert row.status == OutgoingMail.Status.QUEUED and django_mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep()  # the beat again: the reminder is known, no second mail
    assert mail.deliver(row.pk) == OutgoingMail.Status.SENT  # the outbox retry
    assert len(django_mail.outbox) == 1
    assert OutgoingMail.objects.count() == 1


def test_a_rolled_back_sweep_leaves_nothing_behind(closing_in_three_days: Any) -> None:
    draft_for(closing_in_three_days, "brouillon@example.org")

    with (
        mock.patch("network.mail.render_mail", side_effect=RuntimeError("gabarit cassé")),
        pytest.raises(RuntimeError),
    ):
        reminders.sweep()

    assert not SentReminder.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_a_reminder_recorded_by_a_concurrent_sweep_is_skipped_and_the_rest_of_its_chunk_sent(
    closing_in_three_days: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        draft_for(closing_in_three_days, email)
    due = {r.recipient: r for r in reminders.SOURCES["submission-drafts"](timezone.now())}
    taken = due["b@example.org"]  # recorded by another sweep after this one looked
    SentReminder.objects.create(
        kind=taken.kind,
        recipient=taken.recipient,
        object_key=taken.object_key,
        deadline=taken.deadline,
    )

    with (
        mock.patch("network.reminders._already_sent", return_value=set()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = reminders.sweep()

    assert (result.sent, result.already_sent) == (2, 1)
    assert sorted(m.to[0] for m in django_mail.outbox) == ["a@example.org", "c@example.org"]
    assert sorted(OutgoingMail.objects.values_list("to", flat=True)) == [
        "a@example.org",
        "c@example.org",
    ]
    assert SentReminder.objects.count() == 3


def test_coordinators_see_what_was_sent_when_and_to_whom(
    client: Client, coordinator: User, closing_in_three_days: Any
) -> None:
    draft_for(closing_in_three_days, "brouillon@example.org")
    reminders.sweep()
    client.force_login(coordinator)

    page = client.get("/admin/network/sentreminder/").content.decode()

    assert "brouillon@example.org" in page and "submission-draft-7d" in page


def test_the_beat_task_is_scheduled(settings: Any) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE["send-due-reminders"]

    assert schedule["task"] == "network.tasks.send_due_reminders"


def test_reviewers_with_missing_reviews_and_unconfirmed_speakers_are_reminded(
    reviewer: User, speaker_a: User, django_capture_on_commit_callbacks: Capture
) -> None:
    now = timezone.now()
    call = CallForPapersFactory(
        review_deadline=now + datetime.timedelta(days=2),
        confirmation_deadline=now + datetime.timedelta(days=1),
    )
    pending = services.start_submission(call, by=speaker_a)
    pending.state = "submitted"
    pending.save(update_fields=["state"])
    services.assign_reviewer(pending, reviewer=reviewer)
    accepted = services.start_submission(call, by=speaker_a)
    accepted.state = "accepted"
    accepted.save(update_fields=["state"])

    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep()
        reminders.sweep()

    subjects = sorted((m.to[0], m.subject.replace("\xa0", " ")) for m in django_mail.outbox)
    assert subjects == [
        (speaker_a.email, f"Confirmez votre intervention à « {call.event.title} »"),
        (reviewer.email, f"Une relecture vous attend pour « {call.event.title} »"),
    ]


def test_two_sweeps_racing_for_the_same_reminder_send_it_once(
    closing_in_three_days: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    draft_for(closing_in_three_days, "brouillon@example.org")
    (due,) = reminders.SOURCES["submission-drafts"](timezone.now())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = reminders._send_once(due)
        second = reminders._send_once(due)  # what a concurrent beat hits: the constraint

    assert (first, second) == (True, False)
    assert len(callbacks) == 1 and len(django_mail.outbox) == 1
    assert OutgoingMail.objects.count() == 1
