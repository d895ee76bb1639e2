"""The mail helper and its outbox."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from network import mail
from network.models import OutgoingMail

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def test_a_named_mail_is_rendered_stored_and_sent_after_commit(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (row,) = mail.queue_mail(
            "password_reset_key",
            to="personne@example.org",
            context={"password_reset_url": "https://exemple.test/cle"},
        )
        assert django_mail.outbox == []  # nothing leaves before the commit

    assert row.subject == "Réinitialisation de votre mot de passe"
    assert "https://exemple.test/cle" in row.body_text
    assert '<a href="https://exemple.test/cle">' in row.body_html
    for callback in callbacks:
        callback()
    (sent,) = django_mail.outbox
    assert sent.to == ["personne@example.org"]
    assert sent.alternatives[0][1] == "text/html"
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.sent_at is not None


def test_a_mail_is_rendered_in_the_language_asked_for(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = mail.queue_mail(
            "password_reset_key", to="x@example.org", context={}, language="en"
        )

    assert row.subject == "Password reset"


def test_a_rolled_back_transaction_sends_nothing(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pass
    assert callbacks == []
    assert django_mail.outbox == []


def test_a_row_is_sent_once_even_if_delivered_twice() -> None:
    row = OutgoingMail.objects.create(template="t", to="a@example.org", subject="S", body_text="B")

    assert mail.deliver(row.pk) == OutgoingMail.Status.SENT
    assert mail.deliver(row.pk) is None
    assert len(django_mail.outbox) == 1


def test_a_transient_smtp_failure_keeps_the_mail_queued_for_a_retry() -> None:
    row = OutgoingMail.objects.create(template="t", to="a@example.org", subject="S", body_text="B")

    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=smtplib.SMTPResponseException(451, b"try later"),
        ),
        pytest.raises(mail.TransientMailError),
    ):
        mail.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.QUEUED
    assert row.attempts == 1
    assert "451" in row.last_error
    assert mail.deliver(row.pk) == OutgoingMail.Status.SENT


@pytest.mark.parametrize(
    ("waited", "attempts", "final"),
    [
        (timedelta(minutes=20), 12, False),  # a short outage, however many tries
        (timedelta(hours=47), 5, False),
        (timedelta(hours=49), 5, False),  # not tried enough yet
        (timedelta(hours=49), 6, True),
    ],
)
def test_a_mail_is_retried_through_an_smtp_outage_and_given_up_only_after_days(
    settings: Any, waited: timedelta, attempts: int, final: bool
) -> None:
    settings.MAIL_MAX_ATTEMPTS, settings.MAIL_RETRY_HOURS = 6, 48
    row = OutgoingMail.objects.create(template="t", to="a@example.org", subject="S", body_text="B")
    OutgoingMail.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - waited, attempts=attempts - 1
    )

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError()
    ):
        if final:
            assert mail.deliver(row.pk) == OutgoingMail.Status.FAILED
        else:
            with pytest.raises(mail.TransientMailError):
                mail.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == (OutgoingMail.Status.FAILED if final else OutgoingMail.Status.QUEUED)


def test_a_permanent_smtp_refusal_marks_the_mail_failed() -> None:
    row = OutgoingMail.objects.create(template="t", to="a@example.org", subject="S", body_text="B")

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=smtplib.SMTPResponseException(550, b"no such user"),
    ):
        assert mail.deliver(row.pk) == OutgoingMail.Status.FAILED

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED


def test_the_task_leaves_a_transient_failure_in_the_outbox_when_eager() -> None:
    from network.tasks import deliver_mail

    row = OutgoingMail.objects.create(template="t", to="a@example.org", subject="S", body_text="B")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError()
    ):
        assert deliver_mail.delay(row.pk).get() == "queued"

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.QUEUED


def test_the_sweep_requeues_stale_claims_and_old_queued_mail() -> None:
    old = timezone.now() - timedelta(hours=1)
    stuck = OutgoingMail.objects.create(
        template="t",
        to="a@example.org",
        subject="S",
        body_text="B",
        status=OutgoingMail.Status.SENDING,
        claimed_at=old,
    )
    waiting = OutgoingMail.objects.create(
        template="t", to="b@example.org", subject="S", body_text="B"
    )
    fresh = OutgoingMail.objects.create(
        template="t", to="c@example.org", subject="S", body_text="B"
    )
    OutgoingMail.objects.filter(pk__in=[stuck.pk, waiting.pk]).update(created_at=old)

    ids = mail.pending_mail_ids()

    assert set(ids) == {stuck.pk, waiting.pk}
    assert fresh.pk not in ids


def test_coordinators_can_requeue_failed_mail(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    failed = OutgoingMail.objects.create(
        template="t",
        to="a@example.org",
        subject="S",
        body_text="B",
        status=OutgoingMail.Status.FAILED,
    )
    OutgoingMail.objects.filter(pk=failed.pk).update(
        attempts=6, created_at=timezone.now() - timedelta(days=3)
    )
    sent = OutgoingMail.objects.create(
        template="t",
        to="b@example.org",
        subject="S",
        body_text="B",
        status=OutgoingMail.Status.SENT,
    )

    with django_capture_on_commit_callbacks(execute=True):
        count = mail.requeue_failed(OutgoingMail.objects.all())

    assert count == 1
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == OutgoingMail.Status.SENT
    assert failed.attempts == 1, "a fresh series of tries"
    assert failed.retry_from is not None
    assert [m.to for m in django_mail.outbox] == [["a@example.org"]]


def test_plain_text_parts_are_not_html_escaped() -> None:
    _subject, text, html = mail.render_mail(
        "unknown_account", {"email": "o'neil@example.org", "signup_url": "https://x.test/?a=1&b=2"}
    )

    assert "o'neil@example.org" in text and "https://x.test/?a=1&b=2" in text
    assert "o&#x27;neil" in html and "a=1&amp;b=2" in html
