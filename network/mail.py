"""The platform's one way to send mail: render, store in the outbox, deliver after commit.

A mail named ``name`` has three templates in ``templates/emails/<name>/``: ``subject.txt``,
``body.txt`` and ``body.html``. Rows of :class:`~network.models.OutgoingMail` are the
outbox; a Celery task delivers each one once it is committed, retrying transient SMTP
failures with backoff.
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, connection, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import F, Q, QuerySet
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as KombuOperationalError

from network.models import OutgoingMail

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=15)


class TransientMailError(Exception):
    """Delivery failed for a reason that may pass (server down, 4xx reply): try again later."""


def render_mail(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Return (subject, text, html) of the named mail, rendered in the active language."""
    full_context = {"site_url": settings.SITE_URL, **context}
    subject = _render_text(f"emails/{name}/subject.txt", full_context)
    text = _render_text(f"emails/{name}/body.txt", full_context)
    html = render_to_string(f"emails/{name}/body.html", full_context)
    return " ".join(subject.split()), text, html


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """Plain-text parts are not HTML: nothing is escaped (« l'appel », not « l&#x27;appel »)."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return str(template.render(Context(dict(context), autoescape=False)))


def queue_mail(
    name: str,
    *,
    to: str | Iterable[str],
    context: Mapping[str, Any] | None = None,
    language: str | None = None,
    about: str = "",
) -> list[OutgoingMail]:
    """Render the named mail for each recipient and queue its delivery. ``about`` names the
    object the mail concerns (its rows are found, and erased, with that object).

    Side effects: one ``OutgoingMail`` row per recipient; after the surrounding
    transaction commits, one ``deliver_mail`` task per row.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or translation.get_language()):
        subject, text, html = render_mail(name, context or {})
    mails = [
        OutgoingMail.objects.create(
            template=name,
            to=recipient,
            subject=subject,
            body_text=text,
            body_html=html,
            about=about,
        )
        for recipient in recipients
    ]
    for mail in mails:
        schedule_delivery(mail)
    return mails


def queue_mails(
    batch: Iterable[tuple[str, str, Mapping[str, Any]]], *, language: str | None = None
) -> list[OutgoingMail]:
    """Render many mails, each (name, recipient, context), and store them in one insert.

    Side effects: one ``OutgoingMail`` row per mail; after the surrounding transaction
    commits, one ``deliver_mail`` task per row.
    """
    with translation.override(language or translation.get_language()):
        rows = [
            OutgoingMail(template=name, to=to, subject=subject, body_text=text, body_html=html)
            for name, to, context in batch
            for subject, text, html in [render_mail(name, context)]
        ]
    mails = OutgoingMail.objects.bulk_create(rows)
    for mail in mails:
        schedule_delivery(mail)
    return mails


def queue_rendered_mail(name: str, message: EmailMultiAlternatives) -> list[OutgoingMail]:
    """Put an already rendered message (allauth's, for instance) through the outbox."""
    html = next((str(content) for content, mime in message.alternatives if mime == "text/html"), "")
    mails = [
        OutgoingMail.objects.create(
            template=name,
            to=recipient,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=html,
        )
        for recipient in message.to
    ]
    for mail in mails:
        schedule_delivery(mail)
    return mails


def schedule_delivery(mail: OutgoingMail) -> None:
    mail_id = mail.pk
    transaction.on_commit(lambda: _publish_delivery(mail_id))


def _publish_delivery(mail_id: int) -> None:
    """Queue the row's delivery task. If the broker is unreachable (Redis down), the row is
    committed and stays queued: ``deliver_pending_mail`` sends it once the broker is back,
    and the request that wrote it does not fail for a mail that is safe in the outbox."""
    from network.tasks import deliver_mail  # import loop: network.tasks imports this module

    try:
        deliver_mail.delay(mail_id)
    except KombuOperationalError:
        logger.warning("mail %s left in the outbox: broker unavailable", mail_id, exc_info=True)


def deliver(mail_id: int) -> OutgoingMail.Status | None:
    """Send one outbox row if nobody else has claimed it.

    Returns the new status, or None when the row was not ours to send (already sent,
    being sent, or gone). Raises ``TransientMailError`` when a retry may succeed; the
    row then waits in the outbox again.
    Side effects: the row's status, attempts, error and dates; one SMTP conversation.
    """
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.QUEUED).update(
        status=OutgoingMail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        _give_back(mail, error, permanent=True)
        return OutgoingMail.Status.FAILED
    except smtplib.SMTPResponseException as error:
        transient = 400 <= error.smtp_code < 500 or isinstance(error, smtplib.SMTPConnectError)
        out_of_tries = _out_of_tries(mail)
        _give_back(mail, error, permanent=not transient or out_of_tries)
        if not transient or out_of_tries:
            return OutgoingMail.Status.FAILED
        raise TransientMailError(str(error)) from error
    except OSError as error:  # connection refused or lost, timeout, TLS failure
        out_of_tries = _out_of_tries(mail)
        _give_back(mail, error, permanent=out_of_tries)
        if out_of_tries:
            return OutgoingMail.Status.FAILED
        raise TransientMailError(str(error)) from error
    mail.status = OutgoingMail.Status.SENT
    mail.sent_at = timezone.now()
    mail.last_error = ""
    _record_sent(mail)
    logger.info("mail %s sent (%s)", mail.pk, mail.template)
    return OutgoingMail.Status.SENT


# Pauses between tries to record a mail that has left (about 30 s in all): long enough for
# a database restart.
RECORD_SENT_PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)


def _record_sent(mail: OutgoingMail) -> None:
    """Mark the row sent, across a database restart if need be: the SMTP server has the mail
    already, and a row left "sending" would be queued again (``STALE_CLAIM``) and sent twice.
    """
    for pause in (*RECORD_SENT_PAUSES, None):
        try:
            mail.save(update_fields=["status", "sent_at", "last_error"])
            return
        except (DatabaseOperationalError, InterfaceError):
            if pause is None or connection.in_atomic_block:
                raise
            logger.warning("mail %s sent, not recorded yet (database unavailable)", mail.pk)
            connection.close()  # reconnect on the next try
            time.sleep(pause)


def _out_of_tries(mail: OutgoingMail) -> bool:
    """A transient failure becomes final only once the mail has waited ``MAIL_RETRY_HOURS``
    (since it was written, or put back by a coordinator) and been tried enough times."""
    since = mail.retry_from or mail.created_at
    waited = timezone.now() - since >= timedelta(hours=settings.MAIL_RETRY_HOURS)
    return waited and mail.attempts >= settings.MAIL_MAX_ATTEMPTS


def _give_back(mail: OutgoingMail, error: Exception, *, permanent: bool) -> None:
    mail.status = OutgoingMail.Status.FAILED if permanent else OutgoingMail.Status.QUEUED
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    mail.save(update_fields=["status", "last_error"])
    logger.warning("mail %s not sent (%s): %s", mail.pk, mail.status, mail.last_error)


def pending_mail_ids(*, older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    """Rows that should have left already: queued for a while, or claimed by a dead worker.

    Side effects: claims older than ``STALE_CLAIM`` are put back in the queue.
    """
    now = timezone.now()
    OutgoingMail.objects.filter(
        status=OutgoingMail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(status=OutgoingMail.Status.QUEUED)
    return list(
        OutgoingMail.objects.filter(
            Q(status=OutgoingMail.Status.QUEUED), created_at__lt=now - older_than
        ).values_list("pk", flat=True)
    )


def requeue_failed(mails: QuerySet[OutgoingMail]) -> int:
    """Put failed mails back in the queue (a coordinator's decision).

    Side effects: their status becomes queued; one delivery task each after commit.
    """
    failed = list(mails.filter(status=OutgoingMail.Status.FAILED))
    for mail in failed:
        mail.status = OutgoingMail.Status.QUEUED
        mail.attempts = 0  # a fresh series of tries, over a fresh retry window
        mail.retry_from = timezone.now()
        mail.save(update_fields=["status", "attempts", "retry_from"])
        schedule_delivery(mail)
    return len(failed)


def queue_written_mail(name: str, *, to: str, subject: str, body: str) -> OutgoingMail:
    """A mail whose text a coordinator wrote (decision mails): stored and queued like any.

    Side effects: one OutgoingMail row; its delivery task after commit.
    """
    mail = OutgoingMail.objects.create(
        template=name, to=to, subject=" ".join(subject.split())[:250], body_text=body
    )
    schedule_delivery(mail)
    return mail
