"""Celery tasks of the structures app: thin wrappers, primitive ids in."""

from __future__ import annotations

import logging

from celery import shared_task

from structures import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def render_dossier(dossier_id: int) -> str | None:
    """Render the press dossier's PDF with WeasyPrint, outside any web request."""
    status = services.render_dossier(dossier_id)
    logger.info("press dossier %s: %s", dossier_id, status)
    return None if status is None else str(status)
