"""Celery tasks of the structures app: thin wrappers, primitive ids in."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_process_init

from structures import geojson, services

logger = logging.getLogger(__name__)


@worker_process_init.connect
def import_weasyprint(**kwargs: Any) -> None:
    """A worker imports WeasyPrint (about 3 s) and loads its fonts when it starts, so the
    first rendering does not pay for them."""
    from structures import dossier

    dossier.warm_up()


@shared_task(acks_late=True)
def render_dossier(dossier_id: int) -> str | None:
    """Render the press dossier's PDF with WeasyPrint, outside any web request."""
    status = services.render_dossier(dossier_id)
    logger.info("press dossier %s: %s", dossier_id, status)
    return None if status is None else str(status)


@shared_task(ignore_result=True)
def rebuild_geojson() -> None:
    """Build the map's unfiltered GeoJSON of the current version before anyone asks."""
    geojson.rebuild(version=geojson.current_version())
