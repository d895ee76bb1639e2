"""Celery tasks of the events app: thin wrappers, primitive ids in."""

from __future__ import annotations

import logging

from celery import shared_task

from events.services import attendance

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def render_certificates(run_id: int) -> int:
    """Render (and send) a batch of attendance certificates with WeasyPrint."""
    run = attendance.run_certificates(run_id)
    logger.info("certificates run %s: %s rendered of %s", run_id, run.rendered, run.total)
    return run.rendered


@shared_task(acks_late=True)
def render_sign_in_sheet(session_id: int) -> bool:
    """Render a session's sign-in sheet with WeasyPrint."""
    return attendance.render_sign_in_sheet(session_id)
