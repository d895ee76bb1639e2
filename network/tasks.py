"""Celery tasks of the base app: thin wrappers, primitive ids in."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.app.task import Task
from django.conf import settings

from network import mail
from network.reminders import sweep

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=8, acks_late=True)
def deliver_mail(self: Task, mail_id: int) -> str | None:
    """Deliver one outbox row; transient failures come back with exponential backoff."""
    try:
        status = mail.deliver(mail_id)
    except mail.TransientMailError as error:
        if self.request.is_eager:
            # No worker to retry later: the row stays queued for the beat sweep.
            logger.warning("mail %s left in the outbox: %s", mail_id, error)
            return "queued"
        delay = min(settings.MAIL_RETRY_SECONDS * 2**self.request.retries, 3600)
        raise self.retry(exc=error, countdown=delay) from error
    return None if status is None else str(status)


@shared_task
def deliver_pending_mail() -> int:
    """Beat: queue again what a lost task or a dead worker left in the outbox."""
    ids = mail.pending_mail_ids()
    for mail_id in ids:
        deliver_mail.delay(mail_id)
    if ids:
        logger.info("re-queued %d pending mails", len(ids))
    return len(ids)


@shared_task
def send_due_reminders() -> int:
    """Beat: every relance that has come due, exactly once."""
    result = sweep()
    logger.info("reminders: %d sent, %d already sent", result.sent, result.already_sent)
    return result.sent
